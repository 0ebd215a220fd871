import datetime
from decimal import Decimal

import pytest

from zabota.delivery.models import Visit
from zabota.field.selectors import plan_for
from zabota.testing import make_recipient

DAY = datetime.date(2026, 11, 18)
LAT, LON = Decimal("55.355"), Decimal("86.087")


@pytest.fixture
def street(personas):
    """Five recipients of worker1 along one street, visited on DAY; alphabetically they zigzag
    (the plan's given order), and one has no coordinates."""
    worker = personas.worker1
    houses = {"Астахова": 0, "Борисова": 4, "Васильева": 1, "Громова": 3, "Демидова": None}
    people = {}
    for name, house in houses.items():
        people[name] = make_recipient(
            personas.institution,
            personas.department1,
            social_worker=worker,
            last_name=name,
            latitude=None if house is None else LAT,
            longitude=None if house is None else LON + Decimal(house) / 100,
        )
        Visit.objects.create(
            institution=personas.institution,
            recipient=people[name],
            worker=worker,
            visited_on=DAY,
        )
    return people


def surnames(day_plan) -> list[str]:
    return [v.name.split()[0] for v in day_plan.visits]


def test_the_tablet_gets_the_day_in_route_order_with_the_unplaced_last(personas, street):
    day = plan_for(personas.worker1, DAY)[0]
    assert surnames(day) in (
        ["Астахова", "Васильева", "Громова", "Борисова", "Демидова"],
        ["Борисова", "Громова", "Васильева", "Астахова", "Демидова"],
    )
    assert day.visits[0].leg_m is None  # no start point: nothing before the first visit
    assert day.visits[-1].leg_m is None
    # Houses 0, 1, 3, 4 hundredths of a degree apart; 0.01° of longitude here is about 633 m.
    assert sum(v.leg_m for v in day.visits[1:4]) in range(2500, 2560)


def test_the_route_starts_from_the_department_when_its_point_is_known(personas, street):
    department = personas.department1
    department.latitude, department.longitude = LAT, LON + Decimal("0.05")
    department.save()
    worker = type(personas.worker1).objects.get(pk=personas.worker1.pk)

    day = plan_for(worker, DAY)[0]

    assert surnames(day) == ["Борисова", "Громова", "Васильева", "Астахова", "Демидова"]
    assert day.visits[0].leg_m is not None and day.visits[0].leg_m > 0
