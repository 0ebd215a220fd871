"""A worker's day as a route sheet (маршрутный лист): the stops of the tablet's plan in route
order with each leg's distance, then the visits without coordinates. The page and the DOCX of
the «route_sheet» kind (zabota.documents.contexts.route_sheet) are built from it."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, audit_read_list
from zabota.documents.kinds import IssueRequest
from zabota.documents.services import document_prepare, document_render
from zabota.field.selectors import PlannedVisit, plan_for
from zabota.organisation.models import Staff
from zabota.organisation.selectors import field_staff_for

KIND = "route_sheet"
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
# A route sheet is printed for a day near today, like the tablet's plan (api.routers.field).
REACH = datetime.timedelta(days=400)


@dataclass
class RouteSheet:
    worker: Staff
    date: datetime.date
    stops: list[PlannedVisit]
    unplaced: list[PlannedVisit]

    @property
    def total_m(self) -> int:
        return sum(v.leg_m or 0 for v in self.stops)

    @property
    def start(self) -> str:
        department = self.worker.department
        if department is not None and department.latitude is not None:
            return f"от отделения: {department.address or department.name}"
        return "от первого адреса"


def route_workers(staff: Staff):
    """Whose route sheets the person may print: a head — their department's field staff, a
    worker — their own (organisation.selectors.field_staff_for scopes both)."""
    return field_staff_for(staff).select_related("department").order_by("last_name", "pk")


def route_sheet_for(staff: Staff, worker_id: int, day: datetime.date) -> RouteSheet | None:
    """The sheet of a worker the person may see, or None (another department's: not found)."""
    worker = route_workers(staff).filter(pk=worker_id).first()
    if worker is None:
        return None
    visits = plan_for(worker, day, 1)[0].visits
    placed = [v.latitude is not None and v.longitude is not None for v in visits]
    return RouteSheet(
        worker,
        day,
        [v for v, p in zip(visits, placed, strict=True) if p],
        [v for v, p in zip(visits, placed, strict=True) if not p],
    )


def km(metres: int | None) -> str:
    return "—" if metres is None else f"{metres / 1000:.1f}".replace(".", ",")


def _services(visit: PlannedVisit) -> str:
    return "; ".join(s.name for s in visit.services) or "вне плана"


def sheet_context(sheet: RouteSheet) -> dict:
    """{"route": {…}}: every field of the kind's contract."""
    worker = sheet.worker

    def row(n: int, visit: PlannedVisit) -> dict:
        return {
            "n": n,
            "name": visit.name,
            "address": visit.address,
            "phone": visit.phone or "—",
            "services": _services(visit),
            "leg_km": km(visit.leg_m),
        }

    stops = [row(n, v) for n, v in enumerate(sheet.stops, start=1)]
    unplaced = [row(n, v) for n, v in enumerate(sheet.unplaced, start=len(stops) + 1)]
    for entry in unplaced:
        del entry["leg_km"]
    return {
        "route": {
            "date": sheet.date,
            "weekday": WEEKDAYS[sheet.date.weekday()],
            "worker_name": worker.full_name,
            "worker_short_name": worker.short_name,
            "worker_position": worker.position or worker.get_role_display(),
            "department": worker.department.name if worker.department else "",
            "start": sheet.start,
            "stops": stops,
            "total_km": km(sheet.total_m),
            "visits": len(stops) + len(unplaced),
            "has_unplaced": bool(unplaced),
            "unplaced": unplaced,
        }
    }


def build_route_sheet_context(request: IssueRequest) -> dict:
    """The builder of the kind: ?worker= and ?date= of a worker the actor may see."""
    try:
        worker_id = int(request.params.get("worker", ""))
        day = datetime.date.fromisoformat(request.params.get("date", ""))
    except ValueError:
        raise ValidationError("Маршрутный лист: укажите работника и дату.") from None
    sheet = route_sheet_for(request.actor, worker_id, day)
    if sheet is None:
        raise ValidationError("Работник не найден среди ваших сотрудников.")
    return sheet_context(sheet)


@transaction.atomic
def route_sheet_issue(*, actor: Staff, worker_id: int, day: datetime.date) -> tuple[str, bytes]:
    """The DOCX from the institution's «route_sheet» template, numbered like every document
    (a working paper of the day, not archived: its data is the plan, which stays). The print
    and each recipient on the sheet are journalled (152-ФЗ)."""
    sheet = route_sheet_for(actor, worker_id, day)
    if sheet is None:
        raise ValidationError("Работник не найден среди ваших сотрудников.")
    prepared = document_prepare(
        actor=actor, kind=KIND, params={"worker": str(worker_id), "date": day.isoformat()}
    )
    content = document_render(prepared)
    audit_event(
        kind=EventKind.PRINT,
        actor=actor,
        obj=sheet.worker,
        details=f"маршрутный лист № {prepared.number} на {day:%d.%m.%Y}, "
        f"шаблон версии {prepared.version.version}",
    )
    audit_read_list(
        actor=actor,
        what=f"маршрутный лист на {day:%d.%m.%Y}",
        recipients=[(v.recipient_id, v.name) for v in sheet.stops + sheet.unplaced],
    )
    return prepared.number, content
