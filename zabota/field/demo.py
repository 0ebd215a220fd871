"""Demo: worker1 and caregiver1 have visits on every working day of the current week.

The ИППСУ of the demo spread visit days at random; the tablet's demo needs a full week for the
two demo logins, so a day that none of their program lines covers is added to one of them
(round-robin over their recipients). Only `weekdays` changes: the monthly volumes stay.
"""

from zabota.core.demo import DemoContext
from zabota.field import planning
from zabota.programs.models import ProgramService
from zabota.programs.selectors import governing_on

WORKING_DAYS = planning.DAY_CODES[:5]


def populate(ctx: DemoContext) -> None:
    for login in ("worker1", "caregiver1"):
        staff = ctx.staff.get(login)
        if staff is not None:
            _cover_working_days(staff, ctx.today)


def _cover_working_days(staff, today) -> None:
    lines = [
        line
        for line in ProgramService.objects.filter(
            program__in=_programs(today),
            program__recipient__status="active",
        )
        .filter(_assigned(staff))
        .select_related("service", "program__recipient")
        .order_by("program__recipient__last_name", "pk")
        if _due_to(staff, line)
    ]
    if not lines:
        return
    covered = set().union(*(planning.parse_weekdays(line.weekdays) for line in lines))
    changed = []
    for index, day in enumerate(d for d in WORKING_DAYS if d not in covered):
        line = lines[index % len(lines)]
        days = planning.parse_weekdays(line.weekdays) | {day}
        line.weekdays = ",".join(code for code in planning.DAY_CODES if code in days)
        changed.append(line)
    ProgramService.objects.bulk_update(changed, ["weekdays"])


def _programs(today):
    from zabota.programs.models import Program

    return Program.objects.filter(governing_on(today))


def _assigned(staff):
    from django.db.models import Q

    return Q(program__recipient__social_worker=staff) | Q(program__recipient__caregiver=staff)


def _due_to(staff, line) -> bool:
    recipient = line.program.recipient
    if line.service.is_care and recipient.caregiver_id:
        return recipient.caregiver_id == staff.pk
    return recipient.social_worker_id == staff.pk
