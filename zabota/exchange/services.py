"""Writes of the exchange: uploaded batches (recipients, incomes) on their way into the registry,
export layouts, exports.

Each import and export is an entry of the audit journal; the recipients themselves are created
and changed only through zabota.recipients.services, so each card's own journal is complete.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, audited_save
from zabota.exchange.catalogue import SOURCES
from zabota.exchange.exporting import ExportSettings, export_table, file_name, write_file
from zabota.exchange.importing.incomes import IncomePlan
from zabota.exchange.importing.kinds import definition
from zabota.exchange.importing.reading import FileProblem, Sheet, read_sheet
from zabota.exchange.importing.recipients import ImportPlan, model_values
from zabota.exchange.models import (
    ExportMapping,
    ImportBatch,
    ImportKind,
    ImportMapping,
    ImportStatus,
)
from zabota.organisation.models import Staff
from zabota.payments.models import MonthlyIncome
from zabota.payments.services import income_record, month_starts
from zabota.recipients import services as recipient_services

logger = logging.getLogger(__name__)

BASIS_PREFIX = "Загрузка из файла "
# payments.services.income_record takes at most 36 months at once.
MAX_SPAN_MONTHS = 36


class StalePlanError(Exception):
    """The registry changed between the check a person saw and the commit: check again."""


class RowFailure(Exception):
    """A row the checks let through but a service refused; the import is rolled back."""

    def __init__(self, row: int, messages: list[str]):
        self.row = row
        self.messages = messages
        super().__init__(f"row {row}: {messages}")

    def __str__(self) -> str:
        return f"Строка {self.row}: {' '.join(self.messages)}"


def read_batch_sheet(content: bytes, name: str, kind: str = ImportKind.RECIPIENTS) -> Sheet:
    # The limits (ZABOTA_IMPORT_MAX_ROWS: more rows than a centre's whole registry, a bigger
    # file is a mistake or a whole region) come from the settings, docs/security.md.
    return read_sheet(content, name, known_headers=definition(kind).known_headers())


def check_upload_size(size: int) -> None:
    limit = settings.ZABOTA_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            f"Файл больше {round(limit / 1024 / 1024, 1)} МБ: разделите его на части."
        )


@transaction.atomic
def import_batch_upload(
    *, actor: Staff, file_name: str, content: bytes, kind: str = ImportKind.RECIPIENTS
) -> ImportBatch:
    """Keep an uploaded file if it is a readable table; refuse it with the reason otherwise."""
    check_upload_size(len(content))
    try:
        read_batch_sheet(content, file_name, kind)
    except FileProblem as problem:
        raise ValidationError(str(problem)) from None
    batch = ImportBatch(
        institution=actor.institution,
        kind=kind,
        file_name=file_name[:255],
        content=content,
        size=len(content),
        created_by=actor,
    )
    batch.full_clean(exclude=["content"])
    batch.save()
    logger.info(
        "import batch %s uploaded (%s, %d bytes) by staff %s", batch.pk, kind, batch.size, actor.pk
    )
    return batch


def remembered_headers(actor: Staff, kind: str = ImportKind.RECIPIENTS) -> dict[str, str]:
    saved = ImportMapping.objects.filter(institution_id=actor.institution_id, kind=kind).first()
    return saved.headers if saved else {}


@transaction.atomic
def import_batch_map(
    *, actor: Staff, batch: ImportBatch, mapping: dict[str, int], check: bool = True
):
    """Save the chosen columns (and remember them for the institution), then check every row
    (unless the check is left to a job: a large file)."""
    _refuse_if_closed(batch)
    sheet = read_batch_sheet(bytes(batch.content), batch.file_name, batch.kind)
    batch.mapping = mapping
    batch.save(update_fields=["mapping"])
    ImportMapping.objects.update_or_create(
        institution_id=actor.institution_id,
        kind=batch.kind,
        defaults={"headers": {key: sheet.headers[index] for key, index in mapping.items()}},
    )
    if not check:
        return None
    return import_batch_check(actor=actor, batch=batch, sheet=sheet)


@transaction.atomic
def import_batch_check(*, actor: Staff, batch: ImportBatch, sheet: Sheet | None = None):
    """Check every row against the registry as it is now; store the report for the preview."""
    _refuse_if_closed(batch)
    if sheet is None:
        try:
            sheet = read_batch_sheet(bytes(batch.content), batch.file_name, batch.kind)
        except FileProblem as problem:
            raise ValidationError(str(problem)) from problem
    plan = definition(batch.kind).plan(sheet, batch.mapping, actor=actor)
    batch.report = plan_report(plan, batch.kind)
    batch.counts = plan.counts
    batch.plan_digest = plan.digest
    batch.status = ImportStatus.CHECKED if plan.is_valid else ImportStatus.INVALID
    batch.save(update_fields=["report", "counts", "plan_digest", "status"])
    logger.info("import batch %s checked: %s, %s", batch.pk, batch.status, _counts(plan.counts))
    return plan


def import_batch_commit(*, actor: Staff, batch: ImportBatch) -> ImportBatch:
    """Load a checked file into the registry in one transaction: every row or none."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.CHECKED:
            raise ValidationError("Этот файл нельзя загрузить: сначала исправьте ошибки.")
        sheet = read_batch_sheet(bytes(batch.content), batch.file_name, batch.kind)
        plan = definition(batch.kind).plan(sheet, batch.mapping, actor=actor)
        if not plan.is_valid or plan.digest != batch.plan_digest:
            logger.warning("import batch %s refused: the registry changed since", batch.pk)
            raise StalePlanError
        if batch.kind == ImportKind.INCOMES:
            apply_income_plan(actor=actor, plan=plan)
        else:
            apply_plan(actor=actor, plan=plan, source_name=batch.file_name)
        batch.status = ImportStatus.COMMITTED
        batch.committed_at = timezone.now()
        batch.report = plan_report(plan, batch.kind)
        batch.counts = plan.counts
        batch.save(update_fields=["status", "committed_at", "report", "counts"])
        audit_import(
            actor=actor, plan=plan, source_name=batch.file_name, batch=batch, kind=batch.kind
        )
    return batch


def apply_plan(*, actor: Staff, plan: ImportPlan, source_name: str) -> None:
    """Create and update cards through the registry's services; call inside a transaction."""
    basis = (BASIS_PREFIX + source_name)[:300]
    for row in plan.rows:
        try:
            if row.action == "create":
                row.existing = recipient_services.recipient_register(
                    actor=actor, enrolled_on=row.enrolled_on, basis=basis, **model_values(row)
                )
            elif row.action == "update":
                row.existing = recipient_services.recipient_update(
                    actor=actor,
                    recipient=row.existing,
                    expected_version=row.existing.version,
                    **{name: new for name, (_old, new) in row.changes.items()},
                )
        except ValidationError as error:
            raise RowFailure(row.number, error.messages) from error


def apply_income_plan(*, actor: Staff, plan: IncomePlan) -> None:
    """Record the new and changed amounts through the payments service; call in a transaction.

    Consecutive months of one recipient and kind with the same amount go in one call (a pension
    rarely changes within a year): one journal entry per span, not per month.
    """
    rows = sorted(
        (r for r in plan.rows if r.action in ("create", "update")),
        key=lambda r: (r.existing.pk, r.kind, r.month),
    )
    span: list = []
    for row in rows:
        if span and not _continues(span, row):
            _record_span(actor, span)
            span = []
        span.append(row)
    if span:
        _record_span(actor, span)


def _continues(span: list, row) -> bool:
    last = span[-1]
    return (
        (row.existing.pk, row.kind, row.amount) == (last.existing.pk, last.kind, last.amount)
        and month_starts(last.month, row.month)[1:] == [row.month]
        and len(span) < MAX_SPAN_MONTHS
    )


def _record_span(actor: Staff, span: list) -> None:
    first = span[0]
    try:
        income_record(
            actor=actor,
            recipient=first.existing,
            family_member=None,
            month_from=first.month,
            month_to=span[-1].month,
            kind=first.kind,
            amount=first.amount,
            source=MonthlyIncome.Source.IMPORT,
        )
    except ValidationError as error:
        raise RowFailure(first.number, error.messages) from error


AUDIT_TEXTS = {
    ImportKind.RECIPIENTS: (
        "Загрузка получателей из файла «%(name)s»: новых %(create)s, изменено %(update)s, "
        "без изменений %(unchanged)s."
    ),
    ImportKind.INCOMES: (
        "Загрузка доходов из файла «%(name)s»: новых сумм %(create)s, изменено %(update)s, "
        "без изменений %(unchanged)s."
    ),
}


def audit_import(
    *, actor: Staff, plan, source_name: str, batch=None, kind: str = ImportKind.RECIPIENTS
) -> None:
    counts = plan.counts
    logger.info(
        "import committed (%s%s, institution %s, staff %s): %s",
        kind,
        f", batch {batch.pk}" if batch else "",
        actor.institution_id,
        actor.pk,
        _counts(counts),
    )
    audit_event(
        kind=EventKind.IMPORT,
        actor=actor,
        obj=batch,
        object_type="" if batch else "import",
        object_repr=source_name,
        details=AUDIT_TEXTS[kind] % {"name": source_name, **counts},
    )


@transaction.atomic
def import_batch_cancel(*, actor: Staff, batch: ImportBatch) -> ImportBatch:
    """Set a batch aside; its file stays, nothing reaches the registry."""
    _refuse_if_closed(batch)
    batch.status = ImportStatus.CANCELLED
    batch.save(update_fields=["status"])
    logger.info("import batch %s cancelled by staff %s", batch.pk, actor.pk)
    return batch


def _counts(counts: dict) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "no rows"


def _refuse_if_closed(batch: ImportBatch) -> None:
    if batch.status in (ImportStatus.COMMITTED, ImportStatus.CANCELLED):
        raise ValidationError(f"Эта загрузка уже {batch.get_status_display()}.")


def plan_report(plan: ImportPlan | IncomePlan, kind: str = ImportKind.RECIPIENTS) -> dict:
    """The plan as JSON for the preview and the result page (no values of cards beyond those
    shown to the person)."""
    snils_shown = definition(kind).snils_shown
    report = {
        "rows": [
            {
                "row": r.number,
                "action": r.action,
                "name": r.name,
                "snils": snils_shown(r),
                "recipient": r.existing.pk if r.existing and r.existing.pk else None,
                "changes": r.change_lines(),
                "errors": [[e.column, e.message] for e in r.errors],
            }
            for r in plan.rows
        ],
    }
    if kind == ImportKind.INCOMES:
        # Whose payment decisions may need recomputing once the file is loaded.
        report["affected"] = plan.affected
    return report


@transaction.atomic
def export_mapping_save(*, actor: Staff, mapping: ExportMapping) -> ExportMapping:
    """Save a layout of the regional export; a change of layout is a change of settings."""
    mapping.institution = actor.institution
    source = SOURCES.get(mapping.source)
    if source is None:
        raise ValidationError({"source": "Неизвестный вид строк выгрузки."})
    unknown = [path for _header, path in mapping.columns if path not in source.fields]
    if unknown:
        raise ValidationError({"columns": f"Неизвестные поля: {', '.join(unknown)}."})
    if not mapping.columns:
        raise ValidationError({"columns": "Добавьте хотя бы один столбец."})
    return audited_save(
        actor=actor,
        obj=mapping,
        kind=EventKind.SETTINGS,
        details=f"Формат выгрузки «{mapping.name}»",
    )


def regional_export(
    *,
    actor: Staff,
    settings: ExportSettings,
    date_from: datetime.date,
    date_to: datetime.date,
) -> tuple[str, bytes, int]:
    """The export file (name, bytes, number of rows); written to the journal (152-ФЗ)."""
    if date_from > date_to:
        raise ValidationError("Начало периода позже его конца.")
    headers, rows = export_table(settings, staff=actor, date_from=date_from, date_to=date_to)
    content = write_file(settings, headers, rows)
    name = file_name(settings, date_from, date_to)
    audit_event(
        kind=EventKind.EXPORT,
        actor=actor,
        object_type="regional_export",
        object_repr=name,
        details=(
            f"Выгрузка «{settings.name}» за {date_from:%d.%m.%Y}–{date_to:%d.%m.%Y}: "
            f"строк {len(rows)}, столбцы: {', '.join(headers)}."
        ),
    )
    logger.info(
        "regional export «%s» written for staff %s: %d rows", settings.name, actor.pk, len(rows)
    )
    return name, content, len(rows)
