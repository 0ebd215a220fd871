"""What a field worker sees on the tablet: the planned visits of a day or week and the services
they may record, always for their own recipients only (a tablet never syncs anyone else's).

The plan is what zabota.delivery.entitlements answers — the ИППСУ's weekdays and volumes, the
approved care plan's days (long-term care registers it there) — the same answers the sync
checks records against. A care service is due to the recipient's caregiver when they have one,
everything else to the social worker, the same split the service log's demo uses.
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from zabota.absences.selectors import absent_days, covering_on
from zabota.catalog.models import Service
from zabota.core.lists import words_query
from zabota.delivery.entitlements import Entitlement, Entitlements
from zabota.delivery.models import Basis, ServiceRecord, Visit
from zabota.delivery.selectors import done_by_month, visits_for
from zabota.field.models import ActSignature
from zabota.field.routes import in_route_order
from zabota.field.services import visit_radius_m
from zabota.organisation.access import covered_scope, recipient_scope
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.rota.plan import RotaService
from zabota.rota.selectors import worker_moves
from zabota.rules import schedule


@dataclass
class PlannedService:
    service_id: int
    code: str
    name: str
    unit: str
    quantity: Decimal
    source: str  # the basis: program (ИППСУ), care_plan (free), additional
    month_planned: Decimal | None = None
    month_done: Decimal | None = None
    free: bool = False


@dataclass
class RecordedService:
    uuid: uuid.UUID
    service_id: int
    quantity: Decimal
    note: str


@dataclass
class PlannedVisit:
    recipient_id: int
    name: str
    short_name: str
    address: str
    phone: str
    latitude: Decimal | None
    longitude: Decimal | None
    services: list[PlannedService] = field(default_factory=list)
    recorded: list[RecordedService] = field(default_factory=list)
    arrived_at: datetime.datetime | None = None
    left_at: datetime.datetime | None = None
    leg_m: int | None = None  # metres from the previous address of the day's route


@dataclass
class DayPlan:
    date: datetime.date
    visits: list[PlannedVisit]


@dataclass
class CatalogService:
    service_id: int
    code: str
    name: str
    unit: str
    is_additional: bool
    quantity_per_month: Decimal | None = None
    source: str = Basis.PROGRAM
    free: bool = False


@dataclass
class CatalogRecipient:
    recipient_id: int
    name: str
    short_name: str
    address: str
    phone: str
    latitude: Decimal | None
    longitude: Decimal | None
    services: list[CatalogService]


@dataclass
class Catalog:
    recipients: list[CatalogRecipient]
    additional_services: list[CatalogService]


def field_recipients(staff: Staff) -> QuerySet[Recipient]:
    """Active recipients the person serves themself: within their scope and assigned to them.

    For a social worker and a caregiver this is exactly their scope, with the recipients they
    serve today beyond their own — covering an absent colleague (zabota.absences), a visit the
    head moved to them (zabota.rota); a head records through the web pages, so the tablet gives
    them no plan."""
    return (
        Recipient.objects.filter(recipient_scope(staff), status=RecipientStatus.ACTIVE)
        .filter(Q(social_worker=staff) | Q(caregiver=staff) | covered_scope(staff))
        .order_by("last_name", "first_name", "middle_name", "pk")
    )


def get_field_recipient(staff: Staff, pk: int) -> Recipient | None:
    return field_recipients(staff).filter(pk=pk).first()


def _due_to(worker_id: int, recipient: Recipient, is_care: bool) -> bool:
    """Whether the worker does this service for the recipient (see the module docstring)."""
    if is_care and recipient.caregiver_id:
        return recipient.caregiver_id == worker_id
    return recipient.social_worker_id == worker_id


def _one_per_service(entitlements: list[Entitlement], wanted) -> dict[int, Entitlement]:
    """The entitlement shown for each service: the first, in the order of preference, that
    `wanted` accepts (a service in the ИППСУ and in the care plan is one line on the tablet;
    the sync picks the basis as the service log does)."""
    chosen: dict[int, Entitlement] = {}
    for entitlement in entitlements:
        if entitlement.service.pk not in chosen and wanted(entitlement):
            chosen[entitlement.service.pk] = entitlement
    return chosen


def _recorded(staff: Staff, recipient_ids, start: datetime.date, end: datetime.date):
    """What the person already logged in the period: records and visits by (recipient, day)."""
    records = defaultdict(list)
    rows = ServiceRecord.objects.filter(
        worker=staff,
        recipient_id__in=recipient_ids,
        cancelled_at__isnull=True,
        performed_on__range=(start, end),
    ).values_list("recipient_id", "performed_on", "uuid", "service_id", "quantity", "note")
    for recipient_id, day, record_uuid, service_id, quantity, note in rows.order_by("pk"):
        records[(recipient_id, day)].append(
            RecordedService(record_uuid, service_id, quantity, note)
        )
    visits = {}
    for visit in Visit.objects.filter(
        worker=staff, recipient_id__in=recipient_ids, visited_on__range=(start, end)
    ).order_by("pk"):
        visits.setdefault((visit.recipient_id, visit.visited_on), visit)
    return records, visits


def _visit_of(recipient: Recipient) -> PlannedVisit:
    return PlannedVisit(
        recipient_id=recipient.pk,
        name=recipient.full_name,
        short_name=recipient.short_name,
        address=recipient.address,
        phone=recipient.phone,
        latitude=recipient.latitude,
        longitude=recipient.longitude,
    )


def plan_for(staff: Staff, start: datetime.date, days: int = 1) -> list[DayPlan]:
    """The person's visits day by day from `start`: planned services, and what is already logged.

    A recipient with a record or a visit on a day appears on it even without a plan (an extra
    visit); a recipient with nothing due and nothing logged does not."""
    dates = schedule.week_days(start, days)
    end = dates[-1]
    recipients = list(field_recipients(staff))
    ids = [r.pk for r in recipients]
    if not ids:
        return follow_rota(staff, [DayPlan(day, []) for day in dates])
    entitlements = Entitlements(ids, dates)
    done = done_by_month(ids, dates)
    today = timezone.localdate()
    records, visits = _recorded(staff, ids, start, end)
    covering, away = covering_on(staff, dates), absent_days(staff, dates)
    result = []
    for day in dates:
        month = day.replace(day=1)
        day_visits = []
        for recipient in recipients:

            def done_of(e: Entitlement, person=recipient, month=month) -> Decimal:
                return done.get((person.pk, e.service.pk, month, e.basis), Decimal(0))

            def due(e: Entitlement, person=recipient, day=day) -> bool:
                if day in away:
                    return False
                # On a day of cover the substitute does what the absent colleague would have.
                worker_id = covering.get((person.pk, day), staff.pk)
                return (
                    _due_to(worker_id, person, e.is_care) and e.due_on(day, done_of(e), today) > 0
                )

            chosen = _one_per_service(entitlements.on(recipient.pk, day), due)
            services = [
                PlannedService(
                    service_id=e.service.pk,
                    code=e.service.code,
                    name=e.service.name,
                    unit=e.service.unit,
                    quantity=e.due_on(day, done_of(e), today),
                    source=e.basis,
                    month_planned=e.per_month,
                    month_done=done_of(e),
                    free=e.free,
                )
                for e in chosen.values()
            ]
            logged = records.get((recipient.pk, day), [])
            visit = visits.get((recipient.pk, day))
            if not services and not logged and visit is None:
                continue
            planned = _visit_of(recipient)
            planned.services = sorted(services, key=lambda s: (s.code, s.service_id))
            planned.recorded = logged
            if visit is not None:
                planned.arrived_at, planned.left_at = visit.arrived_at, visit.left_at
            day_visits.append(planned)
        result.append(DayPlan(day, day_visits))
    # The route is ordered last, once the rota's moves have brought their visits to the day.
    return [DayPlan(p.date, in_route_order(p.visits, staff)) for p in follow_rota(staff, result)]


def follow_rota(staff: Staff, plans: list[DayPlan]) -> list[DayPlan]:
    """The head's moves of the rota (zabota.rota): a visit moved away leaves its day here (kept
    if something is already logged on it), one moved here from another day or worker joins its
    new day — so the tablet shows what the head planned."""
    if not plans:
        return plans
    moves = worker_moves(staff, [p.date for p in plans], timezone.localdate())
    for plan in plans:
        emptied = set()
        for visit in plan.visits:
            if (visit.recipient_id, plan.date) in moves.leaving:
                visit.services = []
                emptied.add(visit.recipient_id)
        # A visit the move took everything from leaves the day, unless work is logged on it;
        # any other stays as the plan made it (an extra visit without a plan too).
        plan.visits = [
            v
            for v in plan.visits
            if v.recipient_id not in emptied or v.services or v.recorded or v.arrived_at
        ]
        for moved in (m for m in moves.arriving if m.day == plan.date):
            visit = next((v for v in plan.visits if v.recipient_id == moved.recipient.pk), None)
            if visit is None:
                visit = _visit_of(moved.recipient)
                plan.visits.append(visit)
            visit.services = _merged(visit.services, [_from_rota(s) for s in moved.services])
    return plans


def _from_rota(line: RotaService) -> PlannedService:
    e = line.entitlement
    return PlannedService(
        service_id=e.service.pk,
        code=e.service.code,
        name=e.service.name,
        unit=e.service.unit,
        quantity=line.quantity,
        source=e.basis,
        month_planned=e.per_month,
        month_done=line.month_done,
        free=e.free,
    )


def _merged(services: list[PlannedService], more: list[PlannedService]) -> list[PlannedService]:
    """One line per service: a service moved onto a day that has it already adds its quantity."""
    by_id = {s.service_id: s for s in services}
    for line in more:
        if line.service_id in by_id:
            by_id[line.service_id].quantity += line.quantity
        else:
            by_id[line.service_id] = line
    return sorted(by_id.values(), key=lambda s: (s.code, s.service_id))


def catalog_for(staff: Staff, today: datetime.date) -> Catalog:
    """For each of the person's recipients the services of the ИППСУ and care plan in force
    today; the institution's additional paid services are listed once for all of them."""
    recipients = list(field_recipients(staff))
    entitlements = Entitlements([r.pk for r in recipients], [today])
    result = []
    for recipient in recipients:
        chosen = _one_per_service(entitlements.on(recipient.pk, today), lambda e: True)
        services = [
            CatalogService(
                e.service.pk,
                e.service.code,
                e.service.name,
                e.service.unit,
                e.service.is_additional,
                e.per_month,
                e.basis,
                e.free,
            )
            for e in chosen.values()
        ]
        entry = _visit_of(recipient)
        result.append(
            CatalogRecipient(
                recipient_id=entry.recipient_id,
                name=entry.name,
                short_name=entry.short_name,
                address=entry.address,
                phone=entry.phone,
                latitude=entry.latitude,
                longitude=entry.longitude,
                services=sorted(services, key=lambda s: (s.code, s.service_id)),
            )
        )
    additional = [
        CatalogService(s.pk, s.code, s.name, s.unit, True, None, Basis.ADDITIONAL)
        for s in Service.objects.filter(
            institution_id=staff.institution_id, is_additional=True, is_active=True
        ).order_by("code", "pk")
    ]
    return Catalog(recipients=result, additional_services=additional)


def search_visits(
    staff: Staff,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    worker_id: int | None = None,
    text: str = "",
    far_only: bool = False,
) -> QuerySet[Visit]:
    """Visits with their times and distance from the home, for the head's confirmation page."""
    from django.db.models import Count

    visits = visits_for(staff).filter(visited_on__range=(date_from, date_to))
    if worker_id:
        visits = visits.filter(worker_id=worker_id)
    if far_only:
        visits = visits.filter(distance_m__gt=_radius())
    if text.strip():
        visits = visits.filter(
            words_query(
                text, ["recipient__last_name", "recipient__first_name", "worker__last_name"]
            )
        )
    over_volume = Count(
        "records", filter=Q(records__cancelled_at__isnull=True) & ~Q(records__over_volume_reason="")
    )
    return (
        visits.select_related("recipient", "worker", "reviewed_by")
        .annotate(
            services=Count("records", filter=Q(records__cancelled_at__isnull=True)),
            over_volume=over_volume,
        )
        .order_by("-visited_on", "-arrived_at", "-pk")
    )


def _radius() -> int:
    return visit_radius_m()


def act_signature_for(recipient, month: datetime.date):
    """The newest signature of the month's act (for the act's PDF), or None."""
    return (
        ActSignature.objects.filter(recipient=recipient, month=month.replace(day=1))
        .order_by("-signed_at", "-pk")
        .first()
    )


def signature_data_uri(signature) -> str:
    """The PNG as a data: URI, ready for <img src> in the act's HTML→PDF."""
    import base64

    return "data:image/png;base64," + base64.b64encode(bytes(signature.image)).decode()


def signatures_for(staff: Staff):
    return ActSignature.objects.filter(recipient_scope(staff, "recipient__"))
