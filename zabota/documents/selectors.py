"""Reading templates and the archive; issued documents always through the person's scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zabota.core.lists import words_query
from zabota.documents.models import DocumentTemplate, IssuedDocument
from zabota.organisation.access import recipient_scope

DEFAULT_TEMPLATES_DIR = Path(__file__).resolve().parent / "default_templates"


@dataclass(frozen=True)
class TemplateVersion:
    """The bytes of a template and the version they are: 0 is the shipped default."""

    kind: str
    version: int
    content: bytes
    filename: str
    template: DocumentTemplate | None = None


def default_template(kind: str) -> TemplateVersion:
    path = DEFAULT_TEMPLATES_DIR / f"{kind}.docx"
    return TemplateVersion(kind=kind, version=0, content=path.read_bytes(), filename=path.name)


def has_default_template(kind: str) -> bool:
    return (DEFAULT_TEMPLATES_DIR / f"{kind}.docx").is_file()


def _version_of(template: DocumentTemplate) -> TemplateVersion:
    return TemplateVersion(
        kind=template.kind,
        version=template.version,
        content=bytes(template.content),
        filename=template.filename,
        template=template,
    )


def active_template(institution_id: int, kind: str) -> TemplateVersion:
    """The version in use: the active upload, or the shipped default."""
    template = DocumentTemplate.objects.filter(
        institution_id=institution_id, kind=kind, is_active=True
    ).first()
    return _version_of(template) if template else default_template(kind)


def template_version(institution_id: int, kind: str, version: int) -> TemplateVersion:
    """A given version (0 = default); 404 if the institution has no such version."""
    if version == 0:
        return default_template(kind)
    template = get_object_or_404(
        DocumentTemplate, institution_id=institution_id, kind=kind, version=version
    )
    return _version_of(template)


def templates_of(institution_id: int, kind: str | None = None) -> QuerySet[DocumentTemplate]:
    """Uploaded versions without their bytes, newest first."""
    queryset = (
        DocumentTemplate.objects.filter(institution_id=institution_id)
        .defer("content")
        .select_related("uploaded_by")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("kind", "-version")


def issued_scope(staff) -> Q:
    """The archive entries a person may see: those of the recipients in their scope, plus the
    institution's documents about no recipient for people who read the institution's journals."""
    scope = recipient_scope(staff, "recipient__")
    if staff.can("journals.view"):
        scope |= Q(recipient__isnull=True, institution_id=staff.institution_id)
    return scope


def issued_documents_for(staff) -> QuerySet[IssuedDocument]:
    return (
        IssuedDocument.objects.filter(issued_scope(staff))
        .defer("content")
        .select_related("recipient", "issued_by")
    )


def get_issued_document_for(staff, pk: int) -> IssuedDocument:
    """With its content; 404 when the person may not see the recipient it belongs to."""
    return get_object_or_404(
        IssuedDocument.objects.filter(issued_scope(staff)).select_related("recipient"), pk=pk
    )


def search_issued(
    staff,
    *,
    q: str = "",
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    period: str = "",
    recipient_id: int | None = None,
) -> QuerySet[IssuedDocument]:
    queryset = issued_documents_for(staff)
    q = q.strip()
    if q:
        queryset = queryset.filter(
            Q(number__iexact=q)
            | words_query(
                q, ["recipient__last_name", "recipient__first_name", "recipient__middle_name"]
            )
        )
    if kind:
        queryset = queryset.filter(kind=kind)
    if date_from:
        queryset = queryset.filter(issued_on__gte=date_from)
    if date_to:
        queryset = queryset.filter(issued_on__lte=date_to)
    if period:
        queryset = queryset.filter(period__startswith=period)
    if recipient_id:
        queryset = queryset.filter(recipient_id=recipient_id)
    return queryset.order_by("-issued_at", "-pk")


def issued_for_recipient(recipient, *, limit: int | None = None) -> QuerySet[IssuedDocument]:
    """The card's list: the caller has already checked that the person sees the recipient."""
    queryset = (
        IssuedDocument.objects.filter(recipient=recipient)
        .defer("content")
        .select_related("issued_by")
        .order_by("-issued_at", "-pk")
    )
    return queryset[:limit] if limit else queryset


def get_issue_object_for(staff, object_type: str, pk: int, recipient):
    """The object a document is issued for ("programs.contract", 42), in the person's scope and
    of that recipient; 404 otherwise (another person's plan, another institution's contract)."""
    from django.apps import apps

    model = apps.get_model(object_type)
    return get_object_or_404(
        model.objects.filter(recipient_scope(staff, "recipient__"), recipient=recipient), pk=pk
    )
