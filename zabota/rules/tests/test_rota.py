import datetime
from decimal import Decimal

import pytest

from zabota.rules import rota
from zabota.rules.schedule import parse_weekdays, per_visit

NOVEMBER = datetime.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("lines", "minutes"),
    [
        ([], 0),
        ([(Decimal(1), 40)], 40),  # one purchase of 40 min
        ([(Decimal(30), 2)], 60),  # 30 m² of floor at 2 min per m²
        ([(Decimal(1), 40), (Decimal(30), 2)], 100),
        ([(Decimal("52.5"), 2)], 105),
        ([(Decimal("0.25"), 2)], 1),  # half a minute rounds up, once per visit
        ([(Decimal("0.2"), 2), (Decimal("0.2"), 2)], 1),
    ],
)
def test_the_minutes_of_a_visit_are_its_quantities_times_their_norms(lines, minutes):
    assert rota.visit_minutes(lines) == minutes


@pytest.mark.parametrize(
    ("monthly", "weekdays", "norm", "week_minutes"),
    [
        # 8 purchases a month on Mondays and Thursdays (9 such days in November): one a visit.
        (Decimal(8), "mon,thu", 40, 80),
        # 120 m² on the four Thursdays of November: 30 m² a week at 2 min.
        (Decimal(120), "thu", 2, 60),
        # 210 m² on four Thursdays: 52,5 m² at 2 min.
        (Decimal(210), "thu", 2, 105),
        # 18 on Mondays, Wednesdays and Fridays (13 such days): 1 a visit, three visits.
        (Decimal(18), "mon,wed,fri", 10, 30),
    ],
)
def test_a_week_of_november_holds_the_volume_of_the_ippsu_line(
    monthly, weekdays, norm, week_minutes
):
    days = parse_weekdays(weekdays)
    whole = norm != 2  # the m² lines are measured, the others counted in pieces
    quantity = per_visit(monthly, days, NOVEMBER, whole=whole)
    assert rota.visit_minutes([(quantity, norm)]) * len(days) == week_minutes


@pytest.mark.parametrize(
    ("minutes", "hours", "state", "percent"),
    [
        (2400, 40, rota.NORMAL, 100),
        (2640, 40, rota.NORMAL, 110),
        (2641, 40, rota.OVER, 110),
        (3000, 40, rota.OVER, 125),
        (1920, 40, rota.NORMAL, 80),
        (1900, 40, rota.UNDER, 79),
        (0, 40, rota.UNDER, 0),
        (600, 20, rota.UNDER, 50),
        (0, 0, rota.NORMAL, None),
        (30, 0, rota.OVER, None),
    ],
)
def test_the_load_of_a_week_is_read_against_the_working_time(minutes, hours, state, percent):
    capacity = rota.week_capacity(hours)
    assert rota.load_percent(minutes, capacity) == percent
    assert rota.load_state(minutes, capacity, over_percent=110, under_percent=80) == state


def test_a_day_has_the_weeks_time_spread_over_the_working_days():
    assert rota.day_capacity(40, 5) == 480
    assert rota.day_capacity(36, 6) == 360
    assert rota.day_capacity(40, 0) == 0


def test_recipients_over_the_norm_are_an_overload_and_fewer_are_not():
    assert rota.recipients_state(9, 8) == rota.OVER
    assert rota.recipients_state(8, 8) == rota.NORMAL
    assert rota.recipients_state(2, 8) == rota.NORMAL
    assert rota.recipients_state(20, 0) == rota.NORMAL


def test_visits_that_do_not_fit_into_the_day_are_set_apart_and_later_ones_may_fit():
    fit = rota.fit_day([200, 200, 120, 60], 480)
    assert fit.fitting == (0, 1, 3)
    assert fit.overflowing == (2,)


def test_a_worker_works_on_the_days_of_the_staff_card():
    days = parse_weekdays(rota.DEFAULT_WORKING_DAYS)
    assert rota.works_on(days, datetime.date(2026, 12, 4))  # Friday
    assert not rota.works_on(days, datetime.date(2026, 12, 5))  # Saturday
