"""What a field worker sees on the tablet: the planned visits of a day or week and the services
they may record, always for their own recipients only (a tablet never syncs anyone else's).

The plan comes from the ИППСУ (ProgramService.weekdays) and from the approved care plan
(CarePlanService.times_by_day, long-term care). A care service is due to the recipient's
caregiver when they have one, everything else to the social worker, the same split the
service log's demo uses.
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from zabota.catalog.models import Service
from zabota.delivery.models import ServiceRecord, Visit
from zabota.delivery.selectors import done_by_month
from zabota.field import planning
from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Staff
from zabota.programs.models import Program, ProgramService
from zabota.programs.selectors import governing_on
from zabota.recipients.models import Recipient, RecipientStatus

PROGRAM = "program"
PIECES = {"услуга", "раз", "шт", "шт.", "посещение"}
CARE_PLAN = "care_plan"


@dataclass
class PlannedService:
    service_id: int
    code: str
    name: str
    unit: str
    quantity: Decimal
    source: str
    month_planned: Decimal | None = None
    month_done: Decimal | None = None


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

    For a social worker and a caregiver this is exactly their scope; a head records through
    the web pages, so the tablet gives them no plan."""
    return (
        Recipient.objects.filter(recipient_scope(staff), status=RecipientStatus.ACTIVE)
        .filter(Q(social_worker=staff) | Q(caregiver=staff))
        .order_by("last_name", "first_name", "middle_name", "pk")
    )


def get_field_recipient(staff: Staff, pk: int) -> Recipient | None:
    return field_recipients(staff).filter(pk=pk).first()


def _due_to(staff: Staff, recipient: Recipient, is_care: bool) -> bool:
    """Whether the person does this service for the recipient (see the module docstring)."""
    if is_care and recipient.caregiver_id:
        return recipient.caregiver_id == staff.pk
    return recipient.social_worker_id == staff.pk


def _in_pieces(service) -> bool:
    """Counted in pieces (the catalog's default unit «услуга»), not measured (м², кг, …)."""
    return service.unit.strip().lower() in PIECES


def _programs_by_day(recipient_ids: list[int], days: list[datetime.date]):
    """{day: {recipient id: program}}: the ИППСУ governing each day, one query per day."""
    result = {}
    for day in days:
        chosen = {}
        programs = Program.objects.filter(governing_on(day), recipient_id__in=recipient_ids)
        for program in programs.order_by("recipient_id", "-valid_from", "-pk"):
            chosen.setdefault(program.recipient_id, program)
        result[day] = chosen
    return result


def _program_lines(program_ids) -> dict[int, list[ProgramService]]:
    lines = defaultdict(list)
    rows = ProgramService.objects.filter(program_id__in=list(program_ids)).select_related("service")
    for line in rows.order_by("service__code", "pk"):
        lines[line.program_id].append(line)
    return lines


def _care_plans(recipient_ids: list[int], start: datetime.date, end: datetime.date):
    """{recipient id: [(plan, [lines])]}: approved care plans overlapping the period.

    Long-term care is another app (zabota.ltc); without it the plan has no care-plan visits."""
    try:
        from zabota.ltc.models import CarePlan, CarePlanStatus
    except ImportError:  # pragma: no cover - the app is always installed in this project
        return {}
    plans = (
        CarePlan.objects.filter(recipient_id__in=recipient_ids, status=CarePlanStatus.APPROVED)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=end))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .prefetch_related("services__service")
        .order_by("recipient_id", "-approved_on", "-pk")
    )
    result = defaultdict(list)
    for plan in plans:
        result[plan.recipient_id].append(plan)
    return result


def _care_plan_on(plans, day: datetime.date):
    """The newest approved plan whose term holds the day."""
    for plan in plans:
        if (plan.starts_on is None or plan.starts_on <= day) and (
            plan.ends_on is None or plan.ends_on >= day
        ):
            return plan
    return None


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
    dates = planning.week_days(start, days)
    end = dates[-1]
    recipients = list(field_recipients(staff))
    ids = [r.pk for r in recipients]
    if not ids:
        return [DayPlan(day, []) for day in dates]
    programs = _programs_by_day(ids, dates)
    lines = _program_lines({p.pk for chosen in programs.values() for p in chosen.values()})
    care_plans = _care_plans(ids, start, end)
    done = done_by_month(ids, dates)
    records, visits = _recorded(staff, ids, start, end)
    result = []
    for day in dates:
        code = planning.day_code(day)
        month = day.replace(day=1)
        day_visits = []
        for recipient in recipients:
            services: dict[int, PlannedService] = {}
            program = programs[day].get(recipient.pk)
            for line in lines.get(program.pk, []) if program else []:
                weekdays = planning.parse_weekdays(line.weekdays)
                if code not in weekdays or not _due_to(staff, recipient, line.service.is_care):
                    continue
                services[line.service_id] = PlannedService(
                    service_id=line.service_id,
                    code=line.service.code,
                    name=line.service.name,
                    unit=line.service.unit,
                    quantity=planning.per_visit(
                        line.quantity_per_month, weekdays, month, whole=_in_pieces(line.service)
                    ),
                    source=PROGRAM,
                    month_planned=line.quantity_per_month,
                    month_done=done.get((recipient.pk, line.service_id, month), Decimal(0)),
                )
            plan = _care_plan_on(care_plans.get(recipient.pk, []), day)
            if plan is not None and _due_to(staff, recipient, True):
                for line in plan.services.all():
                    times = planning.times_on(line.times_by_day, day)
                    if line.periodicity != "weekly" or times == 0:
                        continue
                    # The care plan details the ИППСУ's care services day by day: its count wins.
                    previous = services.get(line.service_id)
                    services[line.service_id] = PlannedService(
                        service_id=line.service_id,
                        code=line.service.code,
                        name=line.service.name,
                        unit=line.service.unit,
                        quantity=Decimal(times),
                        source=CARE_PLAN,
                        month_planned=previous.month_planned if previous else None,
                        month_done=done.get((recipient.pk, line.service_id, month), Decimal(0)),
                    )
            logged = records.get((recipient.pk, day), [])
            visit = visits.get((recipient.pk, day))
            if not services and not logged and visit is None:
                continue
            planned = _visit_of(recipient)
            planned.services = sorted(services.values(), key=lambda s: (s.code, s.service_id))
            planned.recorded = logged
            if visit is not None:
                planned.arrived_at, planned.left_at = visit.arrived_at, visit.left_at
            day_visits.append(planned)
        result.append(DayPlan(day, day_visits))
    return result


def catalog_for(staff: Staff, today: datetime.date) -> Catalog:
    """For each of the person's recipients the services of the ИППСУ and care plan in force
    today; the institution's additional paid services are listed once for all of them."""
    recipients = list(field_recipients(staff))
    ids = [r.pk for r in recipients]
    programs = _programs_by_day(ids, [today])[today] if ids else {}
    lines = _program_lines(p.pk for p in programs.values())
    care_plans = _care_plans(ids, today, today) if ids else {}
    result = []
    for recipient in recipients:
        services: dict[int, CatalogService] = {}
        program = programs.get(recipient.pk)
        for line in lines.get(program.pk, []) if program else []:
            services[line.service_id] = CatalogService(
                line.service_id,
                line.service.code,
                line.service.name,
                line.service.unit,
                line.service.is_additional,
                line.quantity_per_month,
            )
        plan = _care_plan_on(care_plans.get(recipient.pk, []), today)
        for line in plan.services.all() if plan else []:
            services.setdefault(
                line.service_id,
                CatalogService(
                    line.service_id,
                    line.service.code,
                    line.service.name,
                    line.service.unit,
                    line.service.is_additional,
                ),
            )
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
                services=sorted(services.values(), key=lambda s: (s.code, s.service_id)),
            )
        )
    additional = [
        CatalogService(s.pk, s.code, s.name, s.unit, True)
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

    from zabota.core.lists import words_query
    from zabota.delivery.selectors import visits_for

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
    from zabota.field.services import visit_radius_m

    return visit_radius_m()


def act_signature_for(recipient, month: datetime.date):
    """The newest signature of the month's act (for the act's PDF), or None."""
    from zabota.field.models import ActSignature

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
    from zabota.field.models import ActSignature

    return ActSignature.objects.filter(recipient_scope(staff, "recipient__"))
