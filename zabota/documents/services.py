"""Writes of the documents area: issuing a document into the archive, uploading and activating
template versions. Each is one transaction with its audit entry."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, audit_events
from zabota.documents.contexts.common import common_context, sample_common
from zabota.documents.kinds import DocumentKind, IssueRequest, get_kind
from zabota.documents.models import DocumentCounter, DocumentTemplate, IssuedDocument
from zabota.documents.rendering import (
    TemplateRenderError,
    check_docx_container,
    docx_text,
    render_docx,
)
from zabota.documents.selectors import TemplateVersion, active_template, default_template

logger = logging.getLogger(__name__)

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
PREVIEW_NUMBER = "б/н (предпросмотр)"
_PERIOD = re.compile(r"^\d{4}(-\d{2})?$")


def kind_or_error(code: str) -> DocumentKind:
    try:
        return get_kind(code)
    except KeyError:
        raise ValidationError(f"Неизвестный вид документа «{code}».") from None


@dataclass(frozen=True)
class Related:
    object_type: str = ""
    object_id: str = ""
    obj: object = None


def related_from(related) -> Related:
    """A model instance, ("programs.contract", 42) or "programs.contract:42"."""
    if related is None or related == "":
        return Related()
    if isinstance(related, models.Model):
        return Related(related._meta.label_lower, str(related.pk), related)
    if isinstance(related, str):
        object_type, sep, object_id = related.partition(":")
        if not sep or not object_type or not object_id:
            raise ValidationError("Связанный объект указывается как «тип:номер».")
        return Related(object_type.strip(), object_id.strip())
    object_type, object_id = related
    return Related(str(object_type), str(object_id))


def _issue_request(*, actor, kind, recipient, related, params) -> IssueRequest:
    if kind.needs_recipient and recipient is None:
        raise ValidationError(f"Для документа «{kind.title}» нужно выбрать получателя.")
    if recipient is not None and recipient.institution_id != actor.institution_id:
        raise ValidationError("Получатель относится к другому учреждению.")
    params = dict(params or {})
    period = str(params.get("period") or "").strip()
    if period and not _PERIOD.match(period):
        raise ValidationError({"period": "Период указывается как ГГГГ-ММ, например 2026-10."})
    ref = related_from(related)
    return IssueRequest(
        actor=actor,
        recipient=recipient,
        object_type=ref.object_type,
        object_id=ref.object_id,
        obj=ref.obj,
        period=period,
        params=params,
    )


def document_context(
    *,
    actor,
    kind: DocumentKind,
    recipient,
    own: dict,
    number: str,
    issued_on,
    template_version: int,
) -> dict:
    """The whole context of a document: the common part, then the kind's own part over it.

    The kind's dicts are merged into the common ones of the same name (institution, recipient,
    representative, customer, issuer, document), so a builder may add or correct fields, e.g.
    `document: {title: "Акт за октябрь 2026 г."}` for the archive entry's title."""
    context = common_context(
        actor=actor,
        recipient=recipient,
        number=number,
        issued_on=issued_on,
        title=kind.title,
        template_version=template_version,
    )
    for key, value in own.items():
        common = context.get(key)
        # A builder that prints a person or the institution its own way adds to the common
        # dict instead of losing the fields it did not name (document.number stays ours).
        if isinstance(common, dict) and isinstance(value, dict):
            context[key] = {**common, **value}
        else:
            context[key] = value
    context["document"].update(number=number, date=issued_on, template_version=template_version)
    return context


def _next_numbers(institution_id: int, kind: DocumentKind, year: int, count: int = 1) -> list[str]:
    """`count` consecutive numbers of the kind's counter for the year.

    One UPDATE … SET last = last + count takes the row lock (PostgreSQL) or the write lock
    (SQLite): two people issuing at once get different numbers, never the same one."""
    counters = DocumentCounter.objects.filter(
        institution_id=institution_id, kind=kind.code, year=year
    )
    if not counters.update(last_number=F("last_number") + count):
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(
                    institution_id=institution_id, kind=kind.code, year=year, last_number=count
                )
        except IntegrityError:
            counters.update(last_number=F("last_number") + count)
    last = counters.values_list("last_number", flat=True).get()
    return [f"{kind.number_prefix}-{n}/{year}" for n in range(last - count + 1, last + 1)]


@dataclass(frozen=True)
class PreparedDocument:
    """A document numbered and with its data, not yet rendered: bulk runs render these in
    several processes and then store them (`document_store`)."""

    kind: DocumentKind
    request: IssueRequest
    version: TemplateVersion
    number: str
    issued_on: object
    context: dict
    fingerprint: str = ""


def document_prepare(
    *,
    actor,
    kind: str,
    recipient=None,
    related=None,
    params: dict | None = None,
    template: DocumentTemplate | TemplateVersion | None = None,
) -> PreparedDocument:
    """The data and the number of a document (call inside a transaction)."""
    parts = _document_parts(
        actor=actor,
        kind=kind,
        recipient=recipient,
        related=related,
        params=params,
        template=template,
    )
    return _numbered(*parts)


def _document_parts(*, actor, kind, recipient, related, params, template) -> tuple:
    """(kind, request, template version, the kind's own data): everything but the number."""
    document_kind = kind_or_error(kind)
    if not document_kind.can_issue:
        raise ValidationError(
            f"Документ «{document_kind.title}» пока нельзя выдать: его данные ещё не подключены."
        )
    request = _issue_request(
        actor=actor, kind=document_kind, recipient=recipient, related=related, params=params
    )
    version = _template_bytes(actor, document_kind, template)
    # The kind's data first: a refusal (no contract, no discharge) must not use up a number.
    own = document_kind.build_context(request)
    return document_kind, request, version, own


def _numbered(
    kind: DocumentKind, request: IssueRequest, version: TemplateVersion, own: dict, fingerprint=""
) -> PreparedDocument:
    issued_on = timezone.localdate()
    (number,) = _next_numbers(request.actor.institution_id, kind, issued_on.year)
    context = document_context(
        actor=request.actor,
        kind=kind,
        recipient=request.recipient,
        own=own,
        number=number,
        issued_on=issued_on,
        template_version=version.version,
    )
    return PreparedDocument(kind, request, version, number, issued_on, context, fingerprint)


def documents_prepare(
    *,
    actor,
    kind: str,
    recipients: list,
    params: dict | None = None,
    template: DocumentTemplate | TemplateVersion | None = None,
) -> list[PreparedDocument | ValidationError]:
    """`document_prepare` of many recipients at once (call inside a transaction): their data
    read together when the kind can (`build_contexts`), their numbers taken in one update.
    Each place holds the prepared document or the ValidationError that refused it; a refused
    document uses up no number."""
    document_kind = kind_or_error(kind)
    if not document_kind.can_issue:
        raise ValidationError(
            f"Документ «{document_kind.title}» пока нельзя выдать: его данные ещё не подключены."
        )
    version = _template_bytes(actor, document_kind, template)
    issued_on = timezone.localdate()
    outcomes: list = []
    requests = []
    for recipient in recipients:
        try:
            request = _issue_request(
                actor=actor, kind=document_kind, recipient=recipient, related=None, params=params
            )
        except ValidationError as error:
            outcomes.append(error)
        else:
            outcomes.append(request)
            requests.append(request)
    owns = iter(_build_contexts(document_kind, requests))
    for n, outcome in enumerate(outcomes):
        if isinstance(outcome, IssueRequest):
            outcomes[n] = (outcome, next(owns))
    ready = [o for o in outcomes if isinstance(o, tuple) and isinstance(o[1], dict)]
    numbers = iter(
        _next_numbers(actor.institution_id, document_kind, issued_on.year, len(ready))
        if ready
        else []
    )
    results: list[PreparedDocument | ValidationError] = []
    for outcome in outcomes:
        if not isinstance(outcome, tuple):
            results.append(outcome)
            continue
        request, own = outcome
        if isinstance(own, ValidationError):
            results.append(own)
            continue
        number = next(numbers)
        context = document_context(
            actor=actor,
            kind=document_kind,
            recipient=request.recipient,
            own=own,
            number=number,
            issued_on=issued_on,
            template_version=version.version,
        )
        results.append(
            PreparedDocument(document_kind, request, version, number, issued_on, context)
        )
    return results


def _build_contexts(kind: DocumentKind, requests: list[IssueRequest]) -> list:
    if kind.build_contexts is not None:
        return kind.build_contexts(requests)
    owns: list = []
    for request in requests:
        try:
            owns.append(kind.build_context(request))
        except ValidationError as error:
            owns.append(error)
    return owns


def document_render(prepared: PreparedDocument) -> bytes:
    """The DOCX of a prepared document (no database: safe in a worker process)."""
    try:
        return render_docx(prepared.version.content, prepared.context)
    except TemplateRenderError as error:
        # The template in use fails on this document's data: every issue of the kind may fail.
        logger.warning(
            "template %s version %s failed to fill a document (staff %s)",
            prepared.kind.code,
            prepared.version.version,
            prepared.request.actor.pk,
        )
        raise ValidationError(
            f"Шаблон «{prepared.kind.title}» (версия {prepared.version.version}) не заполняется: "
            f"{error.describe()}"
        ) from error


def _issued(prepared: PreparedDocument, content: bytes) -> IssuedDocument:
    request = prepared.request
    document = IssuedDocument(
        institution_id=request.actor.institution_id,
        recipient=request.recipient,
        kind=prepared.kind.code,
        number=prepared.number,
        issued_on=prepared.issued_on,
        title=str(prepared.context["document"].get("title") or prepared.kind.title)[:300],
        template_version=prepared.version.version,
        content=content,
        checksum=hashlib.sha256(content).hexdigest(),
        issued_by=request.actor,
        object_type=request.object_type,
        object_id=request.object_id,
        period=request.period,
        fingerprint=prepared.fingerprint,
    )
    # The values are checked; what the database guarantees is left to it: the number's
    # uniqueness (it comes from the institution's counter, taken under a lock) and that the
    # institution, recipient and author exist (objects this request already holds). Checking
    # them here cost four queries per document, four thousand for a month's acts.
    document.full_clean(
        exclude=["institution", "recipient", "issued_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    return document


def _print_details(document: IssuedDocument) -> str:
    return (
        f"выдан документ «{document.title}» № {document.number}, "
        f"шаблон версии {document.template_version}"
    )


def document_store(prepared: PreparedDocument, content: bytes) -> IssuedDocument:
    """Archive a rendered document with its checksum and write the audit entry."""
    document = _issued(prepared, content)
    document.save()
    recipient = prepared.request.recipient
    audit_event(
        kind=EventKind.PRINT,
        actor=prepared.request.actor,
        obj=document,
        recipient_id=recipient.pk if recipient is not None else None,
        details=_print_details(document),
    )
    logger.debug(
        "document %s (%s) issued by staff %s", document.pk, document.kind, document.issued_by_id
    )
    return document


def documents_store(
    prepared: list[PreparedDocument], contents: list[bytes]
) -> list[IssuedDocument]:
    """`document_store` of many documents of one actor: two inserts for all of them (call
    inside a transaction)."""
    documents = [_issued(p, c) for p, c in zip(prepared, contents, strict=True)]
    if not documents:
        return []
    IssuedDocument.objects.bulk_create(documents)
    audit_events(
        kind=EventKind.PRINT,
        actor=prepared[0].request.actor,
        entries=[(d, d.recipient_id, _print_details(d)) for d in documents],
    )
    logger.debug(
        "%d documents (%s) issued by staff %s",
        len(documents),
        documents[0].kind,
        documents[0].issued_by_id,
    )
    return documents


@transaction.atomic
def document_issue(
    *,
    actor,
    kind: str,
    recipient=None,
    related=None,
    params: dict | None = None,
    template: DocumentTemplate | TemplateVersion | None = None,
) -> IssuedDocument:
    """Render a document with the institution's template in use, number it and archive it.

    Printing again what did not change gives back the document already issued (its number,
    its file), not a new number: the latest entry of the same kind for the same recipient,
    related object and period is reused when its fingerprint (content_fingerprint) is the same.
    A changed content — the data, the template, the signatory — is issued anew with a new
    number; an issued entry is never replaced. The returned document's `reused` says which.

    Two clicks at once are one issue: the kind's counter row is locked before the archive is
    looked at (PostgreSQL; SQLite's IMMEDIATE transactions hold the whole database), so the
    second waits, then finds the first's entry."""
    document_kind, request, version, own = _document_parts(
        actor=actor,
        kind=kind,
        recipient=recipient,
        related=related,
        params=params,
        template=template,
    )
    fingerprint = content_fingerprint(document_kind, request, version, own)
    _lock_counter(actor.institution_id, document_kind, timezone.localdate().year)
    issued = _latest_issued(request, document_kind)
    if issued is not None and issued.fingerprint == fingerprint:
        audit_event(
            kind=EventKind.PRINT,
            actor=actor,
            obj=issued,
            recipient_id=issued.recipient_id,
            details=f"повторная печать: «{issued.title}» № {issued.number} не изменился",
        )
        issued.reused = True
        return issued
    prepared = _numbered(document_kind, request, version, own, fingerprint)
    document = document_store(prepared, document_render(prepared))
    document.reused = False
    return document


@dataclass(frozen=True)
class IssuePreview:
    """What «Выдать документ» will print: its text, and the issued entry it will give back when
    nothing changed (None: a new number)."""

    text: str
    issued: IssuedDocument | None


def issue_preview(
    *, actor, kind: str, recipient=None, related=None, params: dict | None = None
) -> IssuePreview:
    """The document as it would be issued now, shown before it is: filled with the real data,
    numbered with the issued entry's number when printing would give that back, else «б/н».
    Nothing is archived and no number taken; opening a person's document is journalled."""
    document_kind, request, version, own = _document_parts(
        actor=actor, kind=kind, recipient=recipient, related=related, params=params, template=None
    )
    latest = _latest_issued(request, document_kind)
    fingerprint = content_fingerprint(document_kind, request, version, own)
    same = latest if latest is not None and latest.fingerprint == fingerprint else None
    if same is not None:
        text = docx_text(bytes(same.content))
    else:
        context = document_context(
            actor=actor,
            kind=document_kind,
            recipient=recipient,
            own=own,
            number=PREVIEW_NUMBER,
            issued_on=timezone.localdate(),
            template_version=version.version,
        )
        try:
            text = docx_text(render_docx(version.content, context))
        except TemplateRenderError as error:
            raise ValidationError(error.describe()) from error
    if recipient is not None:
        audit_event(
            kind=EventKind.PRINT,
            actor=actor,
            obj=recipient,
            details=f"предпросмотр документа «{document_kind.title}» перед выдачей",
        )
    return IssuePreview(text, same)


def content_fingerprint(
    kind: DocumentKind, request: IssueRequest, version: TemplateVersion, own: dict
) -> str:
    """sha256 of what a document says, less its own number and date: the whole context (the
    kind's data, the recipient, the representative, the institution, the signatory) with the
    template's bytes. Equal fingerprints print the same paper."""
    context = document_context(
        actor=request.actor,
        kind=kind,
        recipient=request.recipient,
        own=own,
        number="",
        issued_on=None,
        template_version=version.version,
    )
    payload = {
        "kind": kind.code,
        "template": [version.version, hashlib.sha256(bytes(version.content)).hexdigest()],
        "context": context,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value) -> object:
    """A context value as JSON. Anything unknown falls back to str(): at worst a value whose
    text differs each time (an object's address) makes every print a new document, never
    the other way round."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, models.Model):
        return f"{value._meta.label_lower}:{value.pk}"
    if isinstance(value, set | frozenset):
        return sorted(str(v) for v in value)
    content = getattr(value, "content", None)
    if isinstance(content, bytes):  # an image (rendering.Image)
        return hashlib.sha256(content).hexdigest()
    return str(value)


def _lock_counter(institution_id: int, kind: DocumentKind, year: int) -> None:
    counters = DocumentCounter.objects.filter(
        institution_id=institution_id, kind=kind.code, year=year
    )
    if not counters.exists():
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(
                    institution_id=institution_id, kind=kind.code, year=year, last_number=0
                )
        except IntegrityError:
            pass
    counters.select_for_update().get()


def _latest_issued(request: IssueRequest, kind: DocumentKind) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.filter(
            institution_id=request.actor.institution_id,
            kind=kind.code,
            recipient=request.recipient,
            object_type=request.object_type,
            object_id=request.object_id,
            period=request.period,
        )
        .order_by("-issued_at", "-pk")
        .first()
    )


def _template_bytes(actor, kind: DocumentKind, template) -> TemplateVersion:
    if template is None:
        return active_template(actor.institution_id, kind.code)
    if isinstance(template, TemplateVersion):
        return template
    if template.institution_id != actor.institution_id or template.kind != kind.code:
        raise ValidationError("Этот шаблон относится к другому виду документа или учреждению.")
    return TemplateVersion(
        kind=template.kind,
        version=template.version,
        content=bytes(template.content),
        filename=template.filename,
        template=template,
    )


def document_preview(
    *,
    actor,
    kind: str,
    version: TemplateVersion,
    recipient=None,
    sample: bool = False,
    params: dict | None = None,
) -> bytes:
    """A filled DOCX that is not archived and has no number (the template pages' preview).

    Opening personal data in a preview is journalled like printing."""
    document_kind = kind_or_error(kind)
    if sample or not document_kind.can_issue:
        own = document_kind.sample_context()
    else:
        request = _issue_request(
            actor=actor, kind=document_kind, recipient=recipient, related=None, params=params
        )
        try:
            own = document_kind.build_context(request)
        except ValidationError:
            # The person has no such object yet (no contract, no plan): the kind's own part
            # comes from its sample, the person's part stays real.
            own = document_kind.sample_context()
    context = document_context(
        actor=actor,
        kind=document_kind,
        recipient=recipient,
        own=own,
        number=PREVIEW_NUMBER,
        issued_on=timezone.localdate(),
        template_version=version.version,
    )
    if recipient is None:
        context.update(_sample_people())
    try:
        content = render_docx(version.content, context)
    except TemplateRenderError as error:
        raise ValidationError(error.describe()) from error
    if recipient is not None:
        audit_event(
            kind=EventKind.PRINT,
            actor=actor,
            obj=recipient,
            details=f"предпросмотр шаблона «{document_kind.title}», версия {version.version}",
        )
    return content


def _sample_people() -> dict:
    sample = sample_common()
    return {k: sample[k] for k in ("recipient", "representative", "customer")}


def sample_context(kind: DocumentKind) -> dict:
    """The complete example context of a kind: common sample data plus the kind's own."""
    context = sample_common(title=kind.title, number=f"{kind.number_prefix}-17/2026")
    for key, value in kind.sample_context().items():
        common = context.get(key)
        context[key] = (
            {**common, **value} if isinstance(common, dict) and isinstance(value, dict) else value
        )
    return context


def validate_template(kind: DocumentKind, content: bytes) -> None:
    """Refuse a file that is not a DOCX or that does not fill with the kind's sample data."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            f"Файл больше {MAX_TEMPLATE_BYTES // (1024 * 1024)} МБ. Уменьшите картинки в шаблоне "
            "(Файл → Сжать рисунки) и загрузите снова."
        )
    if not content:
        raise ValidationError("Файл пустой.")
    try:
        check_docx_container(content)
        render_docx(content, sample_context(kind))
    except TemplateRenderError as error:
        raise ValidationError(error.describe()) from error


@transaction.atomic
def template_upload(*, actor, kind: str, file, note: str = "") -> DocumentTemplate:
    """A new version of the institution's template of `kind`, checked and put in use at once."""
    document_kind = kind_or_error(kind)
    content = file.read(MAX_TEMPLATE_BYTES + 1)
    try:
        validate_template(document_kind, content)
    except ValidationError:
        logger.warning(
            "template %s refused (institution %s, staff %s, %d bytes)",
            document_kind.code,
            actor.institution_id,
            actor.pk,
            len(content),
        )
        raise
    templates = DocumentTemplate.objects.select_for_update().filter(
        institution_id=actor.institution_id, kind=document_kind.code
    )
    last = templates.aggregate(last=Max("version"))["last"] or 0
    templates.filter(is_active=True).update(is_active=False)
    template = DocumentTemplate(
        institution_id=actor.institution_id,
        kind=document_kind.code,
        version=last + 1,
        content=content,
        filename=(getattr(file, "name", "") or f"{kind}.docx")[-255:],
        note=note,
        uploaded_by=actor,
        is_active=True,
    )
    template.full_clean()
    template.save()
    audit_event(
        kind=EventKind.SETTINGS,
        actor=actor,
        obj=template,
        details=f"загружен шаблон «{document_kind.title}», версия {template.version}"
        + (f": {note}" if note else ""),
    )
    logger.info(
        "template %s version %s uploaded and in use (institution %s, staff %s)",
        document_kind.code,
        template.version,
        actor.institution_id,
        actor.pk,
    )
    return template


@transaction.atomic
def template_activate(*, actor, kind: str, version: int) -> TemplateVersion:
    """Put a version in use again; version 0 returns to the shipped default."""
    document_kind = kind_or_error(kind)
    templates = DocumentTemplate.objects.select_for_update().filter(
        institution_id=actor.institution_id, kind=document_kind.code
    )
    if version != 0 and not templates.filter(version=version).exists():
        raise ValidationError(f"Версии {version} нет.")
    templates.filter(is_active=True).exclude(version=version).update(is_active=False)
    if version == 0:
        result = default_template(document_kind.code)
    else:
        templates.filter(version=version).update(is_active=True)
        result = active_template(actor.institution_id, document_kind.code)
    audit_event(
        kind=EventKind.SETTINGS,
        actor=actor,
        object_type="documents.documenttemplate",
        object_repr=f"{document_kind.title}, версия {version}",
        details=f"в работе шаблон «{document_kind.title}» версии {version}"
        + (" (поставляемый с программой)" if version == 0 else ""),
    )
    logger.info(
        "template %s version %s in use (institution %s, staff %s)",
        document_kind.code,
        version,
        actor.institution_id,
        actor.pk,
    )
    return result
