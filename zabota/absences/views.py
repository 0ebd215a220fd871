"""Absences of the department's workers and who covers their recipients (docs/absences.md)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from zabota.absences import services
from zabota.absences.forms import AbsenceForm, CoverForm
from zabota.absences.proposals import proposal
from zabota.absences.selectors import get_absence_for, search_absences
from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import flag_param
from zabota.core.tables import Column, Table
from zabota.organisation.selectors import field_staff_for

CRUMB = ("Отсутствия и замены", reverse_lazy("absences:list"))


@allow("absences.manage")
def absence_list(request):
    staff = request.staff
    text = request.GET.get("q", "").strip()
    current = flag_param(request, "current")
    absences = search_absences(staff, text=text, current_only=current)
    if wants_xlsx(request):
        return xlsx_export(request, "Отсутствия.xlsx", _table(absences), personal_data=False)
    form = AbsenceForm(workers=field_staff_for(staff))
    if request.method == "POST":
        form = AbsenceForm(request.POST, workers=field_staff_for(staff))
        if form.is_valid():
            data = form.cleaned_data
            try:
                absence = services.absence_create(
                    actor=staff,
                    worker=data["worker"],
                    kind=data["kind"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    note=data["note"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Отсутствие отмечено. Назначьте замену получателям.")
                return redirect("absences:detail", pk=absence.pk)
    return render(
        request,
        "absences/list.html",
        {
            "page": paginate(request, absences),
            "form": form,
            "text": text,
            "current": current,
            "query": querystring_without_page(request),
            "breadcrumbs": [(CRUMB[0], None)],
        },
    )


def _table(absences) -> Table:
    return Table(
        title="Отсутствия сотрудников",
        sheet_name="Отсутствия",
        columns=[
            Column("Сотрудник", 30),
            Column("Отделение", 30),
            Column("Причина", 14),
            Column("С", 12, "date"),
            Column("По", 12, "date"),
            Column("Замен", 8, "int"),
            Column("Отменено", 10),
        ],
        rows=(
            [
                a.worker.full_name,
                a.worker.department.name if a.worker.department else "",
                a.get_kind_display(),
                a.starts_on,
                a.ends_on,
                a.covers.filter(cancelled_at__isnull=True).count(),
                a.is_cancelled,
            ]
            for a in absences
        ),
    )


@allow("absences.manage")
def absence_detail(request, pk: int):
    staff = request.staff
    absence = get_absence_for(staff, pk)
    recipients, candidates, proposed = proposal(absence)
    current = {
        c.recipient_id: c.substitute_id for c in absence.covers.filter(cancelled_at__isnull=True)
    }
    kwargs = {
        "recipients": recipients,
        "candidates": candidates,
        "proposed": proposed,
        "current": current,
    }
    form = CoverForm(**kwargs)
    if request.method == "POST":
        form = CoverForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                changed = services.covers_confirm(
                    actor=staff, absence=absence, chosen=form.chosen()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Замены сохранены (изменено: {changed}).")
                return redirect("absences:detail", pk=absence.pk)
    return render(
        request,
        "absences/detail.html",
        {
            "absence": absence,
            "form": form,
            "candidates": candidates,
            "has_cover": bool(current),
            "breadcrumbs": [CRUMB, (str(absence.worker), None)],
        },
    )


@allow("absences.manage")
@require_POST
def absence_cancel(request, pk: int):
    absence = get_absence_for(request.staff, pk)
    services.absence_cancel(actor=request.staff, absence=absence)
    messages.success(request, "Отсутствие отменено, замены больше не действуют.")
    return redirect("absences:detail", pk=absence.pk)
