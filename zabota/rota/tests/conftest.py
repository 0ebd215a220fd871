import datetime

import pytest
import time_machine

from zabota.field.selectors import plan_for
from zabota.field.tests.factories import FieldWorld, approved_care_plan
from zabota.rota.selectors import week_rota

# The third calculation week of November 2026 (days 13–19): a monthly care service is due in it.
MONDAY = datetime.date(2026, 11, 16)
DAYS = [MONDAY + datetime.timedelta(days=n) for n in range(7)]


@pytest.fixture
def world(personas):
    """ИППСУ: purchases on Mon and Thu (30 a month: 3 a visit), floor on Thu (120 m²: 30 a
    visit), help with washing — a care service — on Tue and Fri (8 a month: 1 a visit); and
    an approved care plan of recipient_of_worker1: washing twice on Mon and once on Wed, blood
    pressure once a month."""
    with time_machine.travel(datetime.datetime(2026, 11, 16, 8, 0, tzinfo=datetime.UTC)):
        world = FieldWorld(personas, weekdays="mon,thu")
        approved_care_plan(
            world,
            personas.recipient_of_worker1,
            [
                (world.washing, "weekly", (2, 0, 1, 0, 0, 0, 0)),
                (world.pressure, "monthly", (0,) * 7),
            ],
        )
        yield world


def rota_of(world):
    return week_rota(world.personas.department1, MONDAY, MONDAY)


def row_of(rota, worker):
    return next(r for r in rota.rows if r.worker.pk == worker.pk)


def cell_contents(cell) -> dict[int, dict[int, object]]:
    """{recipient id: {service id: quantity}} of a rota cell."""
    found: dict[int, dict[int, object]] = {}
    for visit in cell.visits:
        lines = found.setdefault(visit.recipient.pk, {})
        for line in visit.services:
            key = line.entitlement.service.pk
            lines[key] = lines.get(key, 0) + line.quantity
    return found


def tablet_contents(day_plan) -> dict[int, dict[int, object]]:
    return {
        v.recipient_id: {s.service_id: s.quantity for s in v.services}
        for v in day_plan.visits
        if v.services
    }


def assert_the_tablets_follow_the_rota(world):
    """For every worker of the department and every day of the week, the tablet's plan holds
    exactly the rota's visits and quantities."""
    rota = rota_of(world)
    for row in rota.rows:
        plans = plan_for(row.worker, MONDAY, 7)
        for cell, day_plan in zip(row.cells, plans, strict=True):
            assert tablet_contents(day_plan) == cell_contents(cell), (
                f"{row.worker.short_name}, {cell.day}"
            )
