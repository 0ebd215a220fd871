"""What the family view reads: the relatives a member of staff may manage, the relative behind a
login, and for the relative's page their one recipient's visits, plan, act and balance.

A worker is named to a relative by first name and patronymic only (issue 22: no staff personal
data beyond that)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zabota.acts.selectors import ActData, act_data
from zabota.billing.models import Charge
from zabota.billing.selectors import balance_of
from zabota.delivery.models import ServiceRecord, Visit
from zabota.documents.models import IssuedDocument
from zabota.family.models import Relative
from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.rota.plan import visits_on
from zabota.rules import schedule

RECENT_DAYS = 30
AHEAD_DAYS = 7


def relatives_for(staff: Staff) -> QuerySet[Relative]:
    return Relative.objects.filter(recipient_scope(staff, "recipient__"))


def get_relative_for(staff: Staff, pk: int) -> Relative:
    """The relative if the person may see their recipient; 404 otherwise."""
    return get_object_or_404(relatives_for(staff).select_related("recipient"), pk=pk)


def open_relative_of(user) -> Relative | None:
    """The relative behind a login while their access is open — asked on every request, so a
    closed access, a withdrawn consent or the recipient's discharge ends the session's reading
    at once (a discharged person's services are no longer the centre's to show; a re-enrolment
    opens the same access again)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return (
        Relative.objects.filter(
            user_id=user.pk,
            revoked_at__isnull=True,
            consent_withdrawn_on__isnull=True,
            recipient__status=RecipientStatus.ACTIVE,
        )
        .select_related("recipient", "recipient__department", "recipient__institution")
        .first()
    )


def worker_name(staff: Staff | None) -> str:
    """«Имя Отчество», the way a relative hears the worker introduced."""
    if staff is None:
        return "не назначен"
    return " ".join(p for p in (staff.first_name, staff.middle_name) if p)


@dataclass
class VisitLine:
    day: datetime.date
    worker: str
    arrived_at: datetime.datetime | None = None
    left_at: datetime.datetime | None = None
    services: list[str] = field(default_factory=list)


def recent_visits(recipient: Recipient, today: datetime.date) -> list[VisitLine]:
    """The visits of the last 30 days with their times and the services done, newest first; a
    service recorded without a visit shows as its own line of that day and worker."""
    start = today - datetime.timedelta(days=RECENT_DAYS - 1)
    visits = Visit.objects.filter(recipient=recipient, visited_on__range=(start, today))
    lines: dict[tuple, VisitLine] = {}
    for visit in visits.select_related("worker").order_by("visited_on", "arrived_at", "pk"):
        lines[("visit", visit.pk)] = VisitLine(
            visit.visited_on, worker_name(visit.worker), visit.arrived_at, visit.left_at
        )
    records = ServiceRecord.objects.filter(
        recipient=recipient, cancelled_at__isnull=True, performed_on__range=(start, today)
    ).select_related("service", "worker")
    for record in records.order_by("performed_on", "pk"):
        key = (
            ("visit", record.visit_id)
            if ("visit", record.visit_id) in lines
            else ("day", record.performed_on, record.worker_id)
        )
        if key not in lines:
            lines[key] = VisitLine(record.performed_on, worker_name(record.worker))
        lines[key].services.append(_service_text(record))
    return sorted(
        lines.values(),
        key=lambda line: (line.day, line.arrived_at is not None, line.arrived_at),
        reverse=True,
    )


def _service_text(record: ServiceRecord) -> str:
    quantity = record.quantity.normalize()
    if quantity == 1:
        return record.service.name
    return f"{record.service.name} × {quantity:f}"


@dataclass
class PlannedDay:
    day: datetime.date
    worker: str
    services: list[str] = field(default_factory=list)


def next_visits(recipient: Recipient, today: datetime.date) -> list[PlannedDay]:
    """The visits planned from today for a week, and who comes: the head's rota as the tablet
    follows it (zabota.rota.plan — what the ИППСУ and the care plan make due, the head's moves,
    a colleague covering an absent worker), so the family hears what the worker's tablet says."""
    days = schedule.week_days(today, AHEAD_DAYS)
    visits = sorted(visits_on([recipient], days, today), key=lambda v: (v.day, v.worker_id or 0))
    people = Staff.objects.in_bulk({v.worker_id for v in visits if v.worker_id})
    return [
        PlannedDay(
            visit.day,
            worker_name(people.get(visit.worker_id)),
            [s.entitlement.service.name for s in visit.services],
        )
        for visit in visits
    ]


def previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def latest_act(recipient: Recipient, today: datetime.date) -> ActData | None:
    """The act of the last whole month, when services were done in it."""
    data = act_data(recipient, previous_month(today))
    return data if data.has_services else None


def act_documents(recipient: Recipient) -> QuerySet[IssuedDocument]:
    """The acts issued for the recipient, as archived (the newest first)."""
    return IssuedDocument.objects.filter(recipient=recipient, kind="act").order_by(
        "-issued_at", "-pk"
    )


def get_act_document(recipient: Recipient, pk: int) -> IssuedDocument:
    return get_object_or_404(act_documents(recipient), pk=pk)


def balance(recipient: Recipient) -> Decimal | None:
    """The debt (above zero) or overpayment (below), when the centre keeps its ledger here."""
    if not Charge.objects.filter(recipient=recipient).exists():
        return None
    return balance_of(recipient)
