"""Closing and reopening months of a department."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.core.access import allow
from zabota.delivery.forms import MonthForm, ReopenForm
from zabota.delivery.selectors import closed_months, month_closings
from zabota.delivery.services import month_close, month_reopen
from zabota.organisation.selectors import departments_for, get_department_for


def _recent_months(today: datetime.date, count: int = 6) -> list[datetime.date]:
    months, month = [], today.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months


@allow("months.close")
def months(request):
    departments = list(departments_for(request.staff))
    closed = closed_months(d.pk for d in departments)
    recent = _recent_months(timezone.localdate())
    grid = [(d, [(m, (d.pk, m) in closed) for m in recent]) for d in departments]
    return render(
        request,
        "delivery/months.html",
        {
            "grid": grid,
            "months": recent,
            "history": month_closings(request.staff, [d.pk for d in departments])[:30],
            "reopen_form": ReopenForm(),
            "breadcrumbs": [("Закрытие месяца", None)],
        },
    )


@allow("months.close")
@require_POST
def close(request, department_pk: int):
    department = get_department_for(request.staff, department_pk)
    form = MonthForm(request.POST)
    if form.is_valid():
        try:
            month_close(
                actor=request.staff, department=department, month=form.cleaned_data["month"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{department.name}: месяц {form.cleaned_data['month']:%m.%Y} закрыт."
            )
    else:
        messages.error(request, " ".join(form.errors.get("month", ["Неверный месяц."])))
    return redirect("delivery:months")


@allow("months.close")
def reopen(request, department_pk: int):
    department = get_department_for(request.staff, department_pk)
    form = ReopenForm(request.POST or None, initial={"month": request.GET.get("month", "")})
    if request.method == "POST" and form.is_valid():
        try:
            month_reopen(
                actor=request.staff,
                department=department,
                month=form.cleaned_data["month"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.warning(
                request,
                f"{department.name}: месяц {form.cleaned_data['month']:%m.%Y} "
                "открыт. Это записано в журнал событий.",
            )
            return redirect("delivery:months")
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": f"Открыть закрытый месяц: {department.name}",
            "submit": "Открыть месяц",
            "back_url": reverse("delivery:months"),
            "breadcrumbs": [
                ("Закрытие месяца", reverse("delivery:months")),
                ("Открыть месяц", None),
            ],
        },
    )
