"""Pages of the documents area: the archive and downloads (anyone who sees the recipient), issuing
(managers), and the templates with their help page (administrators)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import BadParameter, int_param, parse_int
from zabota.core.xlsx import download_response
from zabota.documents.exports import issued_table
from zabota.documents.forms import IssuedFilterForm
from zabota.documents.kinds import all_kinds, get_kind
from zabota.documents.pdf import PDF_CONTENT_TYPE, docx_to_pdf
from zabota.documents.rendering import DOCX_CONTENT_TYPE
from zabota.documents.selectors import (
    get_issue_object_for,
    get_issued_document_for,
    search_issued,
)
from zabota.documents.services import document_issue, issue_preview
from zabota.recipients.selectors import get_recipient_for

ARCHIVE_CRUMB = ("Архив документов", reverse_lazy("documents:issued"))
# Query parameters of the issue URL that are not the kind's own params.
_ISSUE_KEYS = {
    "recipient",
    "object",
    "object_type",
    "object_id",
    "period",
    "next",
    "csrfmiddlewaretoken",
}


def kind_or_404(code: str):
    try:
        return get_kind(code)
    except KeyError:
        raise Http404 from None


def file_name(document, extension: str) -> str:
    who = f" {document.recipient.short_name}" if document.recipient_id else ""
    # A slash cannot be in a file name (browsers turn it into «_»): «№ 1/2026» becomes «№ 1-2026».
    name = f"{document.title[:60]}{who} № {document.number}".replace("/", "-")
    return f"{name}.{extension}"


@allow("recipients.view")
def issued_list(request):
    staff = request.staff
    form = IssuedFilterForm(request.GET or None)
    filters = form.filters()
    recipient_id = int_param(request, "recipient")
    recipient = get_recipient_for(staff, recipient_id) if recipient_id else None
    documents = search_issued(staff, recipient_id=recipient_id, **filters)
    if wants_xlsx(request):
        return xlsx_export(request, "Архив документов.xlsx", issued_table(documents))
    return render(
        request,
        "documents/issued_list.html",
        {
            "page": paginate(request, documents),
            "query": querystring_without_page(request),
            "filters": filters,
            "recipient": recipient,
            "kinds": all_kinds(),
            "breadcrumbs": [("Архив документов", None)],
        },
    )


@allow("recipients.view")
def issued_file(request, pk: int, fmt: str):
    """The archived DOCX as issued, or its PDF made now from that very DOCX."""
    document = get_issued_document_for(request.staff, pk)
    content = bytes(document.content)
    if fmt == "pdf":
        content, content_type = docx_to_pdf(content), PDF_CONTENT_TYPE
    else:
        content_type = DOCX_CONTENT_TYPE
    audit_event(
        kind=EventKind.PRINT,
        actor=request.staff,
        obj=document,
        recipient_id=document.recipient_id,
        details=f"скачан {fmt.upper()}: «{document.title}» № {document.number}",
    )
    return download_response(content, file_name(document, fmt), content_type)


@allow("recipients.edit")
def issue(request, kind: str):
    """The generic issue endpoint: /documents/issue/<kind>/?recipient=<id>&object=<type>:<id>
    &period=YYYY-MM. GET shows what will be issued (and asks for the kind's options, if any);
    POST issues it and returns to `next` or to the recipient's card."""
    staff = request.staff
    document_kind = kind_or_404(kind)
    if not document_kind.generic_issue:
        raise Http404
    if not staff.can(document_kind.issue_capability):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    recipient_id = parse_int(data.get("recipient") or request.GET.get("recipient"), "recipient")
    recipient = get_recipient_for(staff, recipient_id) if recipient_id else None
    if document_kind.needs_recipient and recipient is None:
        raise Http404
    related = data.get("object") or request.GET.get("object") or None
    object_type = data.get("object_type") or request.GET.get("object_type")
    object_id = data.get("object_id") or request.GET.get("object_id")
    if related is None and (object_type or object_id):
        related = f"{object_type or ''}:{object_id or ''}"
    obj = _issue_object(staff, document_kind, recipient, related)
    base_params = {k: v for k, v in request.GET.items() if k not in _ISSUE_KEYS}
    period = data.get("period") or request.GET.get("period")
    if period:
        base_params["period"] = period
    form = None
    if document_kind.params_form is not None:
        form = document_kind.params_form(
            request.POST if request.method == "POST" else None,
            actor=staff,
            recipient=recipient,
            initial=base_params or None,
        )
    error = None
    if request.method == "POST" and (form is None or form.is_valid()):
        params = base_params | (form.params() if form is not None else {})
        try:
            document = document_issue(
                actor=staff, kind=kind, recipient=recipient, related=obj, params=params
            )
        except ValidationError as problem:
            error = problem
            if form is not None and hasattr(problem, "error_dict"):
                for field, errors in problem.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                error = None
        else:
            messages.success(request, issued_message(document))
            return redirect(_next_url(request, recipient))
    preview, preview_error = None, None
    if document_kind.can_issue and error is None:
        params = base_params | (
            form.params() if form is not None and form.is_bound and form.is_valid() else {}
        )
        try:
            preview = issue_preview(
                actor=staff, kind=kind, recipient=recipient, related=obj, params=params
            )
        except ValidationError as problem:
            preview_error = " ".join(problem.messages)
    return render(
        request,
        "documents/issue.html",
        {
            "preview": preview,
            "preview_lines": preview.text.splitlines() if preview else [],
            "preview_error": preview_error,
            "kind": document_kind,
            "recipient": recipient,
            "form": form,
            "error": error,
            "related": related or "",
            "period": period or "",
            "next": request.GET.get("next", ""),
            "can_issue": document_kind.can_issue,
            "breadcrumbs": _issue_crumbs(recipient, document_kind),
        },
    )


def issued_message(document) -> str:
    if getattr(document, "reused", False):
        return (
            f"Документ «{document.title}» не изменился: это выданный "
            f"{document.issued_on:%d.%m.%Y} экземпляр № {document.number}, новый номер не нужен."
        )
    return f"Выдан документ «{document.title}» № {document.number}. Он сохранён в архиве."


def _issue_object(staff, kind, recipient, related: str | None):
    """The object named by `object=<type>:<id>`, checked before anything is shown or issued:
    400 for a missing, malformed or wrong-typed one (never the person's latest instead), 404 for
    one the person may not see or of another recipient."""
    if not kind.object_type:
        # A kind that is not issued "for" an object may still note one in the archive
        # (an act and its month's closing): only its form is checked.
        object_type, sep, object_id = (related or "").partition(":")
        if related and not (sep and object_type.strip() and object_id.strip()):
            raise BadParameter("Связанный объект указывается как object=<тип>:<номер>.")
        return related
    example = f"object={kind.object_type}:<номер>"
    if not related:
        raise BadParameter(f"Не указано, по какому объекту выдать «{kind.title}»: нужен {example}.")
    object_type, _sep, object_id = related.partition(":")
    if object_type.strip() != kind.object_type:
        raise BadParameter(
            f"«{kind.title}» выдаётся по объекту {kind.object_type}, а указан "
            f"«{object_type.strip()[:60]}»: нужен {example}."
        )
    pk = parse_int(object_id, "object")
    if pk is None:
        raise BadParameter(f"Не указан номер объекта: нужен {example}.")
    return get_issue_object_for(staff, kind.object_type, pk, recipient)


def _issue_crumbs(recipient, kind):
    crumbs = []
    if recipient is not None:
        crumbs += [
            ("Получатели", reverse("recipients:list")),
            (recipient.full_name, reverse("recipients:card", args=[recipient.pk])),
        ]
    return [*crumbs, (kind.title, None)]


def _next_url(request, recipient) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    if recipient is not None:
        return reverse("recipients:card", args=[recipient.pk]) + "#documents"
    return reverse("documents:issued")
