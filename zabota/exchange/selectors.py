"""Reading the exchange's own records, always within the person's institution."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zabota.core.lists import words_query
from zabota.exchange.catalogue import DEFAULT_RECIPIENT_COLUMNS
from zabota.exchange.exporting import ExportSettings
from zabota.exchange.models import ExportMapping, ImportBatch
from zabota.organisation.models import Staff

DEFAULT_MAPPING_KEY = "default"


def batches_for(staff: Staff) -> QuerySet[ImportBatch]:
    # The file's bytes stay in the database until a batch is opened.
    return (
        ImportBatch.objects.filter(institution_id=staff.institution_id)
        .defer("content", "report")
        .select_related("created_by")
    )


def search_batches(staff: Staff, *, text: str = "", status: str = "") -> QuerySet[ImportBatch]:
    batches = batches_for(staff)
    if text.strip():
        batches = batches.filter(
            words_query(text, ["file_name", "created_by__last_name", "created_by__first_name"])
        )
    if status:
        batches = batches.filter(status=status)
    return batches.order_by("-created_at", "-pk")


def get_batch_for(staff: Staff, pk: int) -> ImportBatch:
    """A batch of the person's institution; 404 otherwise."""
    return get_object_or_404(
        ImportBatch.objects.filter(institution_id=staff.institution_id).select_related(
            "created_by"
        ),
        pk=pk,
    )


def export_mappings_for(staff: Staff) -> QuerySet[ExportMapping]:
    return ExportMapping.objects.filter(institution_id=staff.institution_id)


def get_export_mapping_for(staff: Staff, pk: int) -> ExportMapping:
    return get_object_or_404(export_mappings_for(staff), pk=pk)


def default_export_settings() -> ExportSettings:
    """The layout offered before an institution saves its own (documented in docs/exchange.md)."""
    return ExportSettings(name="Получатели", source="recipients", columns=DEFAULT_RECIPIENT_COLUMNS)


def export_settings_for(staff: Staff, key: str) -> ExportSettings | None:
    """The settings chosen in the export form: a saved mapping's id or "default"."""
    if key == DEFAULT_MAPPING_KEY:
        return default_export_settings()
    if not str(key).isdigit():
        return None
    mapping = export_mappings_for(staff).filter(pk=int(key), is_active=True).first()
    return ExportSettings.of(mapping) if mapping else None
