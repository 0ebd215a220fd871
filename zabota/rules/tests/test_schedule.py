import datetime
from decimal import Decimal

import pytest

from zabota.rules import schedule

NOVEMBER = datetime.date(2026, 11, 1)


def test_weekdays_are_read_from_the_codes_of_the_program_line():
    assert schedule.parse_weekdays("mon, wed,fri,,xyz") == {"mon", "wed", "fri"}
    assert schedule.parse_weekdays("") == frozenset()


def test_the_day_code_follows_the_calendar():
    assert schedule.day_code(datetime.date(2026, 11, 23)) == "mon"
    assert schedule.day_code(datetime.date(2026, 11, 29)) == "sun"


def test_november_2026_has_nine_mondays_and_thursdays():
    assert schedule.visits_in_month(frozenset({"mon", "thu"}), NOVEMBER) == 9


def test_the_monthly_volume_is_spread_over_the_visit_days():
    # 120 m² on Thursdays: November 2026 has four of them.
    assert schedule.per_visit(Decimal(120), frozenset({"thu"}), NOVEMBER) == Decimal("30.00")


def test_services_counted_in_pieces_are_suggested_as_whole_numbers():
    mondays_and_thursdays = frozenset({"mon", "thu"})  # nine such days in November 2026
    assert schedule.per_visit(Decimal(8), mondays_and_thursdays, NOVEMBER, whole=True) == 1
    assert schedule.per_visit(Decimal(14), mondays_and_thursdays, NOVEMBER, whole=True) == 2
    assert schedule.per_visit(Decimal(2), mondays_and_thursdays, NOVEMBER, whole=True) == 1


def test_a_measured_service_keeps_hundredths():
    assert schedule.per_visit(Decimal(210), frozenset({"thu"}), NOVEMBER) == Decimal("52.50")
    assert schedule.per_visit(Decimal("0.01"), frozenset({"thu"}), NOVEMBER) == Decimal("0.01")


def test_a_line_without_visit_days_plans_nothing():
    assert schedule.per_visit(Decimal(8), frozenset(), NOVEMBER) == Decimal(0)


def test_times_of_a_care_plan_day_are_read_monday_first():
    times = [1, 0, 2, 0, 0, 0, 3]
    assert schedule.times_on(times, datetime.date(2026, 11, 25)) == 2  # Wednesday
    assert schedule.times_on(times, datetime.date(2026, 11, 29)) == 3  # Sunday
    assert schedule.times_on([], datetime.date(2026, 11, 29)) == 0
    assert schedule.times_on(None, datetime.date(2026, 11, 29)) == 0


def test_a_week_is_seven_days_from_the_start():
    days = schedule.week_days(datetime.date(2026, 11, 23))
    assert days[0] == datetime.date(2026, 11, 23) and days[-1] == datetime.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("day", "week"),
    [(1, 0), (5, 0), (6, 1), (12, 1), (13, 2), (19, 2), (20, 3), (26, 3), (27, 4), (30, 4)],
)
def test_the_calendar_weeks_of_the_care_plan_are_5_7_7_7_and_the_rest(day, week):
    assert schedule.calculation_week(datetime.date(2026, 11, day)) == week


def test_a_weekly_care_service_is_due_its_times_on_its_days():
    linen = schedule.CareSchedule("weekly", (0, 0, 2, 0, 0, 0, 0))
    assert linen.due_on(datetime.date(2026, 11, 25)) == 2  # a Wednesday
    assert linen.due_on(datetime.date(2026, 11, 26)) == 0


@pytest.mark.parametrize(
    ("day", "done", "today", "due"),
    [
        (3, 0, 1, 0),  # week 1: not yet
        (6, 0, 1, 1),  # week 2: on its first day
        (8, 0, 1, 0),  # … and not on every day of it
        (8, 0, 8, 1),  # read on the 8th, not yet done: today
        (9, 1, 9, 0),  # done this month already
        (15, 1, 13, 0),  # week 3: none
        (20, 1, 1, 1),  # week 4: the second time
        (20, 0, 1, 2),  # week 2's was missed: both are due
        (23, 0, 23, 2),
        (23, 2, 23, 0),
        (28, 1, 28, 0),  # week 5: none
    ],
)
def test_a_care_service_twice_a_month_is_due_once_in_weeks_2_and_4_until_done(
    day, done, today, due
):
    hands = schedule.CareSchedule("twice_monthly")
    november = datetime.date(2026, 11, 1)
    assert (
        hands.due_on(november.replace(day=day), Decimal(done), november.replace(day=today)) == due
    )


def test_a_monthly_care_service_is_due_in_week_3_until_done():
    nails = schedule.CareSchedule("monthly")
    read_on = datetime.date(2026, 11, 10)
    assert nails.due_on(datetime.date(2026, 11, 13), Decimal(0), read_on) == 1
    assert nails.due_on(datetime.date(2026, 11, 14), Decimal(0), read_on) == 0
    assert nails.due_on(datetime.date(2026, 11, 13), Decimal(1), read_on) == 0
    assert nails.due_on(datetime.date(2026, 11, 8), Decimal(0), read_on) == 0


def test_an_ippsu_line_is_due_its_share_on_its_weekdays():
    shopping = schedule.WeekdaySchedule(frozenset({"mon", "thu"}), Decimal(9))
    assert shopping.due_on(datetime.date(2026, 11, 23)) == 1  # Monday: 9 / 9 days
    assert shopping.due_on(datetime.date(2026, 11, 24)) == 0
