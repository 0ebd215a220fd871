"""The demo's absence: a social worker of department 1 on sick leave this week, their
recipients covered by colleagues as proposed (docs/absences.md)."""

import datetime

from zabota.absences.models import Absence, AbsenceKind
from zabota.absences.proposals import proposal
from zabota.absences.services import absence_create, covers_confirm
from zabota.core.demo import DemoContext
from zabota.organisation.roles import Role


def populate(ctx: DemoContext) -> None:
    if not ctx.departments:
        return
    department = ctx.departments[0]
    head = ctx.heads.get(department.pk)
    workers = [
        w for w in ctx.workers if w.department_id == department.pk and w.role == Role.SOCIAL_WORKER
    ]
    if head is None or len(workers) < 2 or Absence.objects.filter(worker__in=workers).exists():
        return
    absent = workers[-1]
    absence = absence_create(
        actor=head,
        worker=absent,
        kind=AbsenceKind.SICK,
        starts_on=ctx.today - datetime.timedelta(days=1),
        ends_on=ctx.today + datetime.timedelta(days=5),
        note="Больничный лист",
    )
    _, _, proposed = proposal(absence)
    covers_confirm(actor=head, absence=absence, chosen=proposed)
    ctx.log(f"  отсутствие: {absent.short_name}, замен {len(proposed)}")
