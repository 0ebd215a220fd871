"""Routes on the web: the printable route of a worker's day (the head for their department's
workers, a worker for themself) with its DOCX from the editable template, and the head's list of
addresses without coordinates."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.services import audit_read_list
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import BadParameter, date_param, int_param
from zabota.core.xlsx import download_response
from zabota.documents.rendering import DOCX_CONTENT_TYPE
from zabota.field.lists import UNPLACED, unplaced_filters
from zabota.field.route_sheet import (
    REACH,
    km,
    route_sheet_for,
    route_sheet_issue,
    route_workers,
)
from zabota.organisation.roles import FIELD_ROLES
from zabota.organisation.selectors import departments_for, field_staff_for
from zabota.recipients.exports import recipients_table


def _worker_and_day(request, data) -> tuple[int | None, datetime.date]:
    today = timezone.localdate()
    day = date_param(data, "date") or today
    if abs(day - today) > REACH:
        raise BadParameter("Маршрут выдаётся на даты не дальше года от сегодняшней.")
    worker_id = int_param(data, "worker")
    if worker_id is None and request.staff.role in FIELD_ROLES:
        worker_id = request.staff.pk  # a field worker's route is their own: nothing to choose
    return worker_id, day


@allow("services.record")
def route(request):
    """The day's stops in route order with each leg, printable (the browser's «Печать»)."""
    staff = request.staff
    worker_id, day = _worker_and_day(request, request.GET)
    workers = route_workers(staff)
    sheet = None
    if worker_id is not None:
        sheet = route_sheet_for(staff, worker_id, day)
        if sheet is None:
            raise Http404("Нет такого работника среди ваших сотрудников.")
        audit_read_list(
            actor=staff,
            what=f"маршрут на {day:%d.%m.%Y}",
            recipients=[(v.recipient_id, v.name) for v in sheet.stops + sheet.unplaced],
        )
    return render(
        request,
        "field/route.html",
        {
            "sheet": sheet,
            "day": day,
            "workers": workers,
            "worker_id": worker_id,
            "stops": [(v, km(v.leg_m)) for v in sheet.stops] if sheet else [],
            "total_km": km(sheet.total_m) if sheet else "",
            "breadcrumbs": [("Маршрут дня", None)],
        },
    )


@allow("services.record")
@require_POST
def route_sheet_file(request):
    """The route sheet (маршрутный лист) as DOCX from the institution's template: a POST, for
    it takes a number from the documents counter; which sheet is said in the address."""
    worker_id, day = _worker_and_day(request, request.GET)
    if worker_id is None:
        raise BadParameter("Выберите работника.")
    if route_sheet_for(request.staff, worker_id, day) is None:
        raise Http404("Нет такого работника среди ваших сотрудников.")
    try:
        number, content = route_sheet_issue(actor=request.staff, worker_id=worker_id, day=day)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("field:route") + f"?worker={worker_id}&date={day.isoformat()}")
    filename = f"Маршрутный лист {number.replace('/', '-')} на {day:%d.%m.%Y}.docx"
    return download_response(content, filename, DOCX_CONTENT_TYPE)


@allow("recipients.edit")
def unplaced(request):
    """People on service whose address has no coordinates, for the head to fix."""
    staff = request.staff
    people = UNPLACED.rows(staff, request.GET, timezone.localdate())
    if wants_xlsx(request):
        return xlsx_export(
            request, "Адреса без координат.xlsx", recipients_table(people, "Адреса без координат")
        )
    return render(
        request,
        "field/unplaced.html",
        {
            "page": paginate(request, people),
            "query": querystring_without_page(request),
            "filters": unplaced_filters(request.GET),
            "departments": departments_for(staff),
            "workers": field_staff_for(staff),
            "breadcrumbs": [("Адреса без координат", None)],
        },
    )
