"""The head's weekly rota of a department and moving its visits."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.params import BadParameter, date_param, int_param
from zabota.organisation.access import own_department, recipient_scope
from zabota.organisation.models import Staff
from zabota.organisation.selectors import departments_for, get_department_for
from zabota.recipients.models import Recipient
from zabota.rota import services
from zabota.rota.exports import DAY_NAMES, week_table
from zabota.rota.forms import MoveForm
from zabota.rota.selectors import department_workers, monday_of, week_rota

# Weeks further than this are not a rota anyone plans (and keep the dates far from year 9999).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _chosen_department(request):
    staff = request.staff
    chosen = int_param(request, "department")
    if chosen is not None:
        return get_department_for(staff, chosen)
    department = own_department(staff) or departments_for(staff).first()
    if department is None:
        raise Http404("Нет отделения, график которого можно показать.")
    return department


def _week(request, today: datetime.date) -> datetime.date:
    day = date_param(request, "week") or today
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadParameter(
            f"Параметр «week»: график составляется на {FIRST_YEAR}–{LAST_YEAR} годы."
        )
    return monday_of(day)


@allow("rota.plan")
def week(request):
    today = timezone.localdate()
    department = _chosen_department(request)
    monday = _week(request, today)
    rota = week_rota(department, monday, today)
    if wants_xlsx(request):
        return xlsx_export(request, f"grafik-{monday:%Y-%m-%d}.xlsx", week_table(rota))
    return render(
        request,
        "rota/week.html",
        {
            "rota": rota,
            "departments": departments_for(request.staff),
            "workers": department_workers(department),
            "day_names": DAY_NAMES,
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
            "this_week": monday_of(today),
            "breadcrumbs": [("График отделения", None)],
        },
    )


@allow("rota.plan")
@require_POST
def move(request):
    staff = request.staff
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Перенос не сделан: " + _errors(form))
        return redirect("rota:week")
    data = form.cleaned_data
    recipient = get_object_or_404(
        Recipient.objects.filter(recipient_scope(staff)), pk=data["recipient"]
    )
    # The head's own department only (a director's or specialist's: any of the institution).
    department = get_department_for(staff, recipient.department_id)
    new_worker = get_object_or_404(department_workers(department), pk=data["new_worker"])
    planned_worker = get_object_or_404(
        Staff.objects.filter(institution_id=recipient.institution_id), pk=data["planned_worker"]
    )
    back = reverse("rota:week") + f"?department={department.pk}&week={data['planned_on']:%Y-%m-%d}"
    try:
        moved = services.rota_move(
            actor=staff,
            recipient=recipient,
            planned_worker=planned_worker,
            planned_on=data["planned_on"],
            new_worker=new_worker,
            new_on=data["new_on"],
            expected_move=data["move"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if moved is None:
        messages.success(request, f"Посещение {recipient.short_name} возвращено по плану.")
    else:
        messages.success(
            request,
            f"Посещение {recipient.short_name} перенесено на {moved.new_on:%d.%m.%Y} — "
            f"работник {new_worker.short_name}",
        )
    return redirect(back)


def _errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label or name}: {' '.join(errs)}" for name, errs in form.errors.items()
    )
