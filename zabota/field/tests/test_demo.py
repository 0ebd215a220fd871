import datetime

from zabota.core.demo import DemoContext
from zabota.field import demo
from zabota.field.selectors import plan_for
from zabota.field.tests.factories import FieldWorld
from zabota.programs.models import ProgramService

MONDAY = datetime.date(2026, 11, 16)


def test_the_demo_gives_worker1_and_caregiver1_a_visit_every_working_day(personas):
    world = FieldWorld(personas, weekdays="mon")
    ProgramService.objects.filter(service=world.washing).update(weekdays="wed")
    ProgramService.objects.filter(service=world.cleaning).update(weekdays="")
    ctx = DemoContext(today=MONDAY)
    ctx.institution = personas.institution
    ctx.staff = {"worker1": personas.worker1, "caregiver1": personas.caregiver1}

    demo.populate(ctx)

    for staff in (personas.worker1, personas.caregiver1):
        week = plan_for(staff, MONDAY, 7)
        assert [bool(day.visits) for day in week[:5]] == [True] * 5, staff
    # Volumes are untouched, only the days; and other workers' programs are left alone.
    assert (
        ProgramService.objects.get(
            program=world.programs[personas.recipient_of_worker2.pk], service=world.shopping
        ).weekdays
        == "mon"
    )
