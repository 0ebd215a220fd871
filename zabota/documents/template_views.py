"""The administrator's pages of document templates: versions, upload, activation, preview and the
help page of fields."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from zabota.core.access import allow
from zabota.core.params import int_param, parse_int
from zabota.core.xlsx import download_response
from zabota.documents.contexts.common import COMMON_FIELDS
from zabota.documents.forms import TemplateUploadForm
from zabota.documents.help import described_fields
from zabota.documents.kinds import IssueRequest, all_kinds
from zabota.documents.pdf import PDF_CONTENT_TYPE, docx_to_pdf
from zabota.documents.rendering import (
    DOCX_CONTENT_TYPE,
    FILTER_HELP,
    TemplateRenderError,
    empty_fields,
)
from zabota.documents.selectors import active_template, template_version, templates_of
from zabota.documents.services import (
    PREVIEW_NUMBER,
    document_context,
    document_preview,
    sample_context,
    template_upload,
)
from zabota.documents.services import (
    template_activate as activate,
)
from zabota.documents.views import kind_or_404
from zabota.recipients.selectors import get_recipient_for, search_recipients

TEMPLATES_CRUMB = ("Шаблоны документов", reverse_lazy("documents:templates"))


@allow("templates.manage")
def template_list(request):
    institution_id = request.staff.institution_id
    uploads = {}
    for template in templates_of(institution_id):
        uploads.setdefault(template.kind, []).append(template)
    rows = []
    for kind in all_kinds():
        versions = uploads.get(kind.code, [])
        active = next((t for t in versions if t.is_active), None)
        rows.append({"kind": kind, "active": active, "count": len(versions)})
    return render(
        request,
        "documents/template_list.html",
        {"rows": rows, "breadcrumbs": [("Шаблоны документов", None)]},
    )


@allow("templates.manage")
def template_kind(request, kind: str):
    staff = request.staff
    document_kind = kind_or_404(kind)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = template_upload(
                actor=staff,
                kind=kind,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, f"Загружена версия {template.version}; документы выдаются по ней."
            )
            return redirect("documents:template_kind", kind=kind)
    versions = list(templates_of(staff.institution_id, kind))
    return render(
        request,
        "documents/template_kind.html",
        {
            "kind": document_kind,
            "versions": versions,
            "default_active": not any(t.is_active for t in versions),
            "form": form,
            "breadcrumbs": [TEMPLATES_CRUMB, (document_kind.title, None)],
        },
    )


@allow("templates.manage")
@require_POST
def template_activate(request, kind: str):
    kind_or_404(kind)
    version = parse_int(request.POST.get("version"), "version", minimum=0)
    if version is None:
        raise Http404
    try:
        activate(actor=request.staff, kind=kind, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Теперь документы выдаются по версии {version}.")
    return redirect("documents:template_kind", kind=kind)


@allow("templates.manage")
def template_download(request, kind: str, version: int):
    kind_or_404(kind)
    template = template_version(request.staff.institution_id, kind, version)
    name = f"{kind}-v{version}.docx" if version else f"{kind}.docx"
    return download_response(template.content, name, DOCX_CONTENT_TYPE)


def _version(request, kind: str):
    version = int_param(request, "version", minimum=0)
    if version is None:
        return active_template(request.staff.institution_id, kind)
    return template_version(request.staff.institution_id, kind, version)


@allow("templates.manage")
def template_preview(request, kind: str):
    """Choose a recipient (or the sample data) and see the template filled, with a check of the
    fields that come out empty."""
    staff = request.staff
    document_kind = kind_or_404(kind)
    version = _version(request, kind)
    text = request.GET.get("q", "").strip()
    found = search_recipients(staff, text=text, status="")[:20] if text else []
    recipient_id = int_param(request, "recipient")
    recipient = get_recipient_for(staff, recipient_id) if recipient_id else None
    use_sample = recipient is None or not document_kind.can_issue
    empty, problem = [], None
    try:
        if recipient is None:
            context = sample_context(document_kind)
        else:
            context = _recipient_context(staff, document_kind, recipient, version, use_sample)
        empty = empty_fields(version.content, context)
    except ValidationError as error:
        problem = " ".join(error.messages)
    except TemplateRenderError as error:
        # A version stored before a check or a limit it now fails.
        problem = error.describe()
    return render(
        request,
        "documents/template_preview.html",
        {
            "kind": document_kind,
            "version": version,
            "q": text,
            "found": found,
            "recipient": recipient,
            "use_sample": use_sample,
            "empty": empty,
            "problem": problem,
            "breadcrumbs": [
                TEMPLATES_CRUMB,
                (document_kind.title, reverse("documents:template_kind", args=[kind])),
                ("Предпросмотр", None),
            ],
        },
    )


def _recipient_context(staff, kind, recipient, version, use_sample) -> dict:
    from django.utils import timezone

    own = (
        kind.sample_context()
        if use_sample
        else kind.build_context(IssueRequest(actor=staff, recipient=recipient))
    )
    return document_context(
        actor=staff,
        kind=kind,
        recipient=recipient,
        own=own,
        number=PREVIEW_NUMBER,
        issued_on=timezone.localdate(),
        template_version=version.version,
    )


@allow("templates.manage")
def template_preview_file(request, kind: str):
    staff = request.staff
    document_kind = kind_or_404(kind)
    version = _version(request, kind)
    recipient_id = int_param(request, "recipient")
    recipient = get_recipient_for(staff, recipient_id) if recipient_id else None
    try:
        content = document_preview(
            actor=staff,
            kind=kind,
            version=version,
            recipient=recipient,
            sample=recipient is None or not document_kind.can_issue,
        )
    except ValidationError as error:
        messages.error(request, "Предпросмотр не удался: " + " ".join(error.messages))
        return redirect(
            f"{reverse('documents:template_preview', args=[kind])}?version={version.version}"
        )
    name = f"Образец — {document_kind.title} (версия {version.version})"
    if request.GET.get("format") == "pdf":
        return download_response(docx_to_pdf(content), f"{name}.pdf", PDF_CONTENT_TYPE)
    return download_response(content, f"{name}.docx", DOCX_CONTENT_TYPE)


@allow("templates.manage")
def fields_help(request):
    """Every field of every kind, with a description and the sample value."""

    kinds = []
    for kind in all_kinds():
        sample = sample_context(kind)
        kinds.append({"kind": kind, "fields": described_fields(kind.fields, sample)})
    common = described_fields(COMMON_FIELDS, sample_context(all_kinds()[0]))
    return render(
        request,
        "documents/fields_help.html",
        {
            "kinds": kinds,
            "common": common,
            "filters": FILTER_HELP,
            "breadcrumbs": [TEMPLATES_CRUMB, ("Поля шаблонов", None)],
        },
    )
