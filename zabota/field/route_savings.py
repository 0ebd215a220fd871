"""How much the route order saves: for every worker-day of a week, the walk in the plan's given
order (alphabetical, as the plan lists a worker's people) against the walk in route order.
`manage.py route_savings` prints it; docs/performance.md keeps the demo's numbers."""

import datetime
from dataclasses import dataclass

from zabota.field.routes import route_start, stop_of
from zabota.field.selectors import field_recipients, plan_for
from zabota.organisation.models import Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.rules.routes import naive_length_m


@dataclass(frozen=True)
class WorkerDay:
    worker: str
    date: datetime.date
    visits: int
    naive_m: int
    ordered_m: int


def worker_days(staff: Staff, start: datetime.date, days: int = 7) -> list[WorkerDay]:
    """The person's days with two visits or more (fewer have no order to choose)."""
    given = {pk: n for n, pk in enumerate(field_recipients(staff).values_list("pk", flat=True))}
    begin = route_start(staff)
    result = []
    for day in plan_for(staff, start, days):
        if len(day.visits) < 2:
            continue
        naive = sorted(day.visits, key=lambda v: given[v.recipient_id])
        result.append(
            WorkerDay(
                worker=staff.short_name,
                date=day.date,
                visits=len(day.visits),
                naive_m=naive_length_m([stop_of(v) for v in naive], begin),
                ordered_m=naive_length_m([stop_of(v) for v in day.visits], begin),
            )
        )
    return result


def institution_week(institution_id: int, start: datetime.date) -> list[WorkerDay]:
    workers = Staff.objects.filter(
        institution_id=institution_id, role__in=FIELD_ROLES, user__is_active=True
    ).select_related("department", "institution")
    return [d for worker in workers.order_by("pk") for d in worker_days(worker, start)]
