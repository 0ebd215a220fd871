"""The visits of some recipients on some days, as the ИППСУ and the care plan make them, and
where the head's moves put them.

No second scheduler: what is due on a day is what zabota.delivery.entitlements answers (the
ИППСУ's weekdays and volumes, the care plan's days and its 5 + 7 + 7 + 7 + 4 calendar), with
the month's done volumes and today's date, the same inputs the tablet's plan reads. A care
service falls to the recipient's caregiver when they have one, everything else to the social
worker (the split zabota.field.selectors makes; the rota's tests check the two agree) — or,
on the days that worker is away, to the colleague covering the recipient (zabota.absences).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Q

from zabota.absences.selectors import away_and_covered
from zabota.delivery.entitlements import Entitlement, Entitlements
from zabota.delivery.selectors import done_by_month
from zabota.recipients.models import Recipient
from zabota.rota.models import RotaMove
from zabota.rules.rota import service_minutes, visit_minutes

# (recipient id, worker id, day): a visit as the plan puts it.
Key = tuple[int, int | None, datetime.date]


@dataclass(frozen=True)
class RotaService:
    entitlement: Entitlement
    quantity: Decimal
    month_done: Decimal

    @property
    def minutes(self) -> Decimal:
        return service_minutes(self.quantity, self.entitlement.service.time_norm_minutes)


@dataclass
class RotaVisit:
    """One recipient's services for one worker on one day; `planned_*` say where the plan put
    it, `move` the head's move that brought it here (None: where the plan put it)."""

    recipient: Recipient
    worker_id: int | None
    day: datetime.date
    services: list[RotaService] = field(default_factory=list)
    planned_worker_id: int | None = None
    planned_on: datetime.date | None = None
    move: RotaMove | None = None

    @property
    def minutes(self) -> int:
        return visit_minutes(
            (s.quantity, s.entitlement.service.time_norm_minutes) for s in self.services
        )

    @property
    def origin(self) -> Key:
        return (self.recipient.pk, self.planned_worker_id, self.planned_on)


def worker_of(recipient: Recipient, is_care: bool) -> int | None:
    if is_care and recipient.caregiver_id:
        return recipient.caregiver_id
    return recipient.social_worker_id


def computed_visits(
    recipients: Iterable[Recipient], dates: Iterable[datetime.date], today: datetime.date
) -> dict[Key, RotaVisit]:
    """The plan before the head's moves: each recipient's due services of each day, one line
    per service (the preferred basis first), grouped by the worker who does them."""
    recipients, dates = list(recipients), sorted(set(dates))
    ids = [r.pk for r in recipients]
    if not ids or not dates:
        return {}
    entitlements = Entitlements(ids, dates)
    done = done_by_month(ids, dates)
    away, covered = away_and_covered(ids, dates)
    result: dict[Key, RotaVisit] = {}
    for day in dates:
        month = day.replace(day=1)
        for recipient in recipients:
            seen: set[int] = set()
            for e in entitlements.on(recipient.pk, day):
                if e.service.pk in seen:
                    continue
                month_done = done.get((recipient.pk, e.service.pk, month, e.basis), Decimal(0))
                quantity = e.due_on(day, month_done, today)
                if quantity <= 0:
                    continue
                seen.add(e.service.pk)
                worker = worker_of(recipient, e.is_care)
                if (worker, day) in away:
                    # A colleague covers the absent worker (zabota.absences), or nobody: the
                    # visit is then among those that cannot be placed.
                    worker = covered.get((recipient.pk, worker, day))
                key = (recipient.pk, worker, day)
                if key not in result:
                    result[key] = RotaVisit(recipient, worker, day, [], worker, day)
                result[key].services.append(RotaService(e, quantity, month_done))
    for visit in result.values():
        visit.services.sort(key=lambda s: (s.entitlement.service.code, s.entitlement.service.pk))
    return result


def place(
    computed: dict[Key, RotaVisit], moves: Iterable[RotaMove], dates: Iterable[datetime.date]
) -> list[RotaVisit]:
    """The visits that fall on `dates` once the moves apply: a moved visit leaves its planned
    day and worker and appears on the new ones. A move whose visit the plan no longer has (the
    ИППСУ changed since) moves nothing."""
    days = set(dates)
    by_origin = {(m.recipient_id, m.planned_worker_id, m.planned_on): m for m in moves}
    placed = []
    for key, visit in computed.items():
        move = by_origin.get(key)
        if move is None:
            if visit.day in days:
                placed.append(visit)
        elif move.new_on in days:
            placed.append(replace(visit, worker_id=move.new_worker_id, day=move.new_on, move=move))
    return placed


def moves_touching(recipient_ids: Iterable[int], dates: list[datetime.date]):
    """Active moves of the recipients leaving or reaching one of the days."""
    first, last = min(dates), max(dates)
    return RotaMove.objects.filter(
        recipient_id__in=list(recipient_ids), cancelled_at__isnull=True
    ).filter(Q(planned_on__range=(first, last)) | Q(new_on__range=(first, last)))


def visits_on(
    recipients: list[Recipient], dates: list[datetime.date], today: datetime.date
) -> list[RotaVisit]:
    """The recipients' visits on the days with the head's moves applied: the plan is computed
    for the days and for the planned days of the visits moved onto them."""
    moves = list(moves_touching([r.pk for r in recipients], dates))
    extra = {m.planned_on for m in moves if min(dates) <= m.new_on <= max(dates)}
    computed = computed_visits(recipients, set(dates) | extra, today)
    return place(computed, moves, dates)


def by_day_and_worker(visits: Iterable[RotaVisit]) -> dict[tuple[int | None, datetime.date], list]:
    cells = defaultdict(list)
    for visit in visits:
        cells[(visit.worker_id, visit.day)].append(visit)
    return cells
