"""Methodologies: the administrator uploads the region's file and chooses the one in force."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.xlsx import download_response
from zabota.ltc import services
from zabota.ltc.exports import methodologies_table
from zabota.ltc.forms import MethodologyActivateForm, MethodologyUploadForm
from zabota.ltc.selectors import get_methodology_for, methodologies_of, methodology_in_force
from zabota.ltc.views.common import METHODOLOGIES_CRUMB


@allow("methodologies.manage")
def methodology_list(request):
    staff = request.staff
    text = request.GET.get("q", "").strip()
    methodologies = methodologies_of(staff)
    if text:
        methodologies = methodologies.filter(
            Q(title__icontains=text) | Q(code__icontains=text) | Q(version__icontains=text)
        )
    today = timezone.localdate()
    in_force = methodology_in_force(staff.institution_id, today)
    if wants_xlsx(request):
        return xlsx_export(
            request,
            "Методики оценки.xlsx",
            methodologies_table(methodologies, in_force),
            personal_data=False,
        )
    return render(
        request,
        "ltc/methodology_list.html",
        {
            # Drafts apart: they are work in progress, never in force, and few.
            "drafts": methodologies.filter(published_at__isnull=True).order_by("-uploaded_at"),
            "page": paginate(request, methodologies.filter(published_at__isnull=False)),
            "query": querystring_without_page(request),
            "text": text,
            "in_force": in_force,
            "today": today,
            "breadcrumbs": [(METHODOLOGIES_CRUMB[0], None)],
        },
    )


@allow("methodologies.manage")
def methodology_upload(request):
    form = MethodologyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            methodology = services.methodology_upload(
                actor=request.staff,
                file=form.cleaned_data["file"],
                effective_from=form.cleaned_data["effective_from"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Методика «{methodology}» загружена.")
            return redirect("ltc:methodology", pk=methodology.pk)
    return render(
        request,
        "ltc/methodology_upload.html",
        {"form": form, "breadcrumbs": [METHODOLOGIES_CRUMB, ("Загрузка", None)]},
    )


@allow("methodologies.manage")
def methodology_detail(request, pk: int):
    staff = request.staff
    methodology = get_methodology_for(staff, pk)
    if methodology.is_draft:
        return redirect("ltc:methodology_editor", pk=pk)
    rules = methodology.rules
    today = timezone.localdate()
    in_force = methodology_in_force(staff.institution_id, today)
    return render(
        request,
        "ltc/methodology_detail.html",
        {
            "methodology": methodology,
            "rules": rules,
            "outcomes": [
                {"outcome": o, "label": rules.label(o), "months": rules.months_for(o)}
                for o in rules.outcomes
            ],
            "is_in_force": in_force is not None and in_force.pk == methodology.pk,
            "activate_form": MethodologyActivateForm(
                initial={"effective_from": methodology.effective_from or today}
            ),
            "assessments": methodology.assessments.count(),
            "breadcrumbs": [METHODOLOGIES_CRUMB, (str(methodology), None)],
        },
    )


@allow("methodologies.manage")
@require_POST
def methodology_activate(request, pk: int):
    methodology = get_methodology_for(request.staff, pk)
    form = MethodologyActivateForm(request.POST)
    if form.is_valid():
        try:
            services.methodology_activate(
                actor=request.staff,
                methodology=methodology,
                effective_from=form.cleaned_data["effective_from"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Методика введена в действие с {form.cleaned_data['effective_from']:%d.%m.%Y}.",
            )
    else:
        messages.error(request, "Укажите правильную дату начала действия.")
    return redirect("ltc:methodology", pk=pk)


@allow("methodologies.manage")
@require_POST
def methodology_deactivate(request, pk: int):
    methodology = get_methodology_for(request.staff, pk)
    services.methodology_deactivate(actor=request.staff, methodology=methodology)
    messages.success(request, "Методика выведена из действия. Проведённые по ней оценки сохранены.")
    return redirect("ltc:methodology", pk=pk)


@allow("methodologies.manage")
def methodology_download(request, pk: int) -> HttpResponse:
    """The stored methodology as a JSON file: a starting point for the region's own."""
    methodology = get_methodology_for(request.staff, pk)
    content = json.dumps(methodology.data, ensure_ascii=False, indent=2).encode("utf-8")
    return download_response(
        content,
        f"{methodology.code}-{methodology.version}.json",
        "application/json; charset=utf-8",
    )
