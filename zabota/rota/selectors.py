"""The head's week (rows: the department's workers, columns: days) and what the head's moves
change in one worker's plan (the tablet reads that: zabota.field.selectors.plan_for)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.rota.models import RotaMove
from zabota.rota.plan import RotaVisit, by_day_and_worker, computed_visits, place, visits_on
from zabota.rules import rota as rules
from zabota.rules.schedule import parse_weekdays, week_days

NO_WORKER = "не назначен социальный работник (сиделка)"
DAY_OFF = "выходной день работника"
NO_TIME = "не помещается в рабочее время дня"


@dataclass(frozen=True)
class Norms:
    """The administrator's settings the load is read against (docs/rota.md)."""

    recipients_per_worker: int
    over_percent: int
    under_percent: int


def norms() -> Norms:
    return Norms(
        settings.ZABOTA_ROTA_RECIPIENTS_PER_WORKER,
        settings.ZABOTA_ROTA_OVERLOAD_PERCENT,
        settings.ZABOTA_ROTA_UNDERLOAD_PERCENT,
    )


@dataclass
class Cell:
    day: datetime.date
    visits: list[RotaVisit]
    works: bool
    minutes: int
    capacity: int


@dataclass
class Row:
    worker: Staff
    cells: list[Cell]
    minutes: int
    capacity: int
    percent: int | None
    state: str
    recipients: int
    recipients_state: str


@dataclass
class Unplaced:
    visit: RotaVisit
    worker: Staff | None
    reason: str


@dataclass
class WeekRota:
    department: Department
    monday: datetime.date
    days: list[datetime.date]
    rows: list[Row]
    unplaced: list[Unplaced]
    day_minutes: list[int]
    minutes: int
    capacity: int
    norms: Norms


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def department_workers(department: Department):
    """The department's social workers and caregivers who may log in: the rota's rows and
    the workers a visit may be moved to."""
    return Staff.objects.filter(
        department=department, role__in=FIELD_ROLES, user__is_active=True
    ).order_by("last_name", "first_name", "middle_name", "pk")


def department_recipients(department: Department):
    return Recipient.objects.filter(department=department, status=RecipientStatus.ACTIVE).order_by(
        "last_name", "first_name", "middle_name", "pk"
    )


def week_rota(department: Department, monday: datetime.date, today: datetime.date) -> WeekRota:
    days = week_days(monday_of(monday), 7)
    recipients = list(department_recipients(department))
    visits = visits_on(recipients, days, today)
    cells = by_day_and_worker(visits)
    workers = list(department_workers(department))
    known = {w.pk for w in workers}
    # A worker outside the department (or switched off) still assigned to a recipient: shown,
    # so the head sees whose visits they are.
    strays = {v.worker_id for v in visits if v.worker_id and v.worker_id not in known}
    workers += list(Staff.objects.filter(pk__in=strays).order_by("last_name", "pk"))
    the_norms = norms()
    counts = _recipients_per_worker(recipients)
    rows, unplaced = [], []
    for worker in workers:
        working = parse_weekdays(worker.working_days)
        day_capacity = rules.day_capacity(worker.hours_per_week, len(working))
        row_cells = []
        for day in days:
            day_visits = sorted(cells.get((worker.pk, day), []), key=_visit_order)
            works = rules.works_on(working, day)
            capacity = day_capacity if works else 0
            fit = rules.fit_day([v.minutes for v in day_visits], capacity)
            unplaced += [
                Unplaced(day_visits[i], worker, NO_TIME if works else DAY_OFF)
                for i in fit.overflowing
            ]
            minutes = sum(v.minutes for v in day_visits)
            row_cells.append(Cell(day, day_visits, works, minutes, capacity))
        minutes = sum(c.minutes for c in row_cells)
        capacity = rules.week_capacity(worker.hours_per_week)
        count = counts.get(worker.pk, 0)
        rows.append(
            Row(
                worker=worker,
                cells=row_cells,
                minutes=minutes,
                capacity=capacity,
                percent=rules.load_percent(minutes, capacity),
                state=rules.load_state(
                    minutes,
                    capacity,
                    over_percent=the_norms.over_percent,
                    under_percent=the_norms.under_percent,
                ),
                recipients=count,
                recipients_state=rules.recipients_state(count, the_norms.recipients_per_worker),
            )
        )
    for day in days:
        for visit in sorted(cells.get((None, day), []), key=_visit_order):
            unplaced.append(Unplaced(visit, None, NO_WORKER))
    unplaced.sort(key=lambda u: (u.visit.day, _visit_order(u.visit)))
    day_minutes = [sum(v.minutes for v in visits if v.day == day) for day in days]
    return WeekRota(
        department=department,
        monday=days[0],
        days=days,
        rows=rows,
        unplaced=unplaced,
        day_minutes=day_minutes,
        minutes=sum(day_minutes),
        capacity=sum(r.capacity for r in rows),
        norms=the_norms,
    )


def _visit_order(visit: RotaVisit):
    r = visit.recipient
    return (r.last_name, r.first_name, r.middle_name, r.pk)


def _recipients_per_worker(recipients: list[Recipient]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for recipient in recipients:
        for worker_id in {recipient.social_worker_id, recipient.caregiver_id} - {None}:
            counts[worker_id] = counts.get(worker_id, 0) + 1
    return counts


@dataclass
class WorkerMoves:
    """What the head's moves change in a worker's days: the visits that left them (recipient,
    planned day) and those moved onto them from another day or worker."""

    leaving: set[tuple[int, datetime.date]]
    arriving: list[RotaVisit]


def worker_moves(staff: Staff, dates: list[datetime.date], today: datetime.date) -> WorkerMoves:
    first, last = min(dates), max(dates)
    moves = list(
        RotaMove.objects.filter(cancelled_at__isnull=True)
        .filter(
            Q(planned_worker=staff, planned_on__range=(first, last))
            | Q(new_worker=staff, new_on__range=(first, last))
        )
        .select_related("recipient")
    )
    leaving = {(m.recipient_id, m.planned_on) for m in moves if m.planned_worker_id == staff.pk}
    incoming = [m for m in moves if m.new_worker_id == staff.pk and first <= m.new_on <= last]
    if not incoming:
        return WorkerMoves(leaving, [])
    recipients = {m.recipient_id: m.recipient for m in incoming}
    computed = computed_visits(
        [r for r in recipients.values() if r.status == RecipientStatus.ACTIVE],
        {m.planned_on for m in incoming},
        today,
    )
    arriving = [v for v in place(computed, incoming, dates) if v.move is not None]
    return WorkerMoves(leaving, arriving)


def active_move(recipient_id: int, worker_id: int, day: datetime.date) -> RotaMove | None:
    return RotaMove.objects.filter(
        recipient_id=recipient_id,
        planned_worker_id=worker_id,
        planned_on=day,
        cancelled_at__isnull=True,
    ).first()
