"""Demo of the rota: the head of department 1 moves two visits of the coming days — one to the
worker's next working day, one to a colleague — so the grid shows moved visits and the
tablets of those workers follow."""

import datetime

from django.core.exceptions import ValidationError

from zabota.core.demo import DemoContext
from zabota.organisation.models import Staff
from zabota.rota.selectors import monday_of, week_rota
from zabota.rota.services import rota_move
from zabota.rules.rota import works_on
from zabota.rules.schedule import parse_weekdays


def demo_week(today: datetime.date) -> datetime.date:
    """The week the demo plans: this one, or the next from Thursday on (little is left)."""
    return monday_of(today + datetime.timedelta(days=7 if today.weekday() >= 3 else 0))


def populate(ctx: DemoContext) -> None:
    if not ctx.departments:
        return
    department = ctx.departments[0]
    head = ctx.heads.get(department.pk)
    if head is None:
        return
    rota = week_rota(department, demo_week(ctx.today), ctx.today)
    moved = 0
    for row in rota.rows:
        working = parse_weekdays(row.worker.working_days)
        later = [d for d in rota.days if d >= ctx.today and works_on(working, d)]
        for cell in row.cells:
            if moved or not cell.visits or cell.day not in later[:-1]:
                continue
            target = later[later.index(cell.day) + 1]
            moved += _try(ctx, head, cell.visits[0], row.worker, target)
        if moved:
            break
    colleagues = [r.worker for r in rota.rows if r.worker.role == "social_worker"]
    for row in rota.rows:
        if row.worker.role != "social_worker" or moved >= 2:
            continue
        for cell in row.cells:
            if cell.day < ctx.today or not cell.visits or cell.visits[0].move:
                continue
            for other in colleagues:
                if other.pk != row.worker.pk and moved < 2:
                    moved += _try(ctx, head, cell.visits[0], other, cell.day)
            if moved >= 2:
                break
    ctx.log(f"  график отделения {department.number}: перенесено посещений — {moved}")


def _try(ctx: DemoContext, head: Staff, visit, worker: Staff, day: datetime.date) -> int:
    try:
        rota_move(
            actor=head,
            recipient=visit.recipient,
            planned_worker=Staff.objects.get(pk=visit.planned_worker_id),
            planned_on=visit.planned_on,
            new_worker=worker,
            new_on=day,
            expected_move=None,
            today=ctx.today,
        )
    except ValidationError:
        return 0
    return 1
