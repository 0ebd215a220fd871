import datetime
from decimal import Decimal

from zabota.field import planning

NOVEMBER = datetime.date(2026, 11, 1)


def test_weekdays_are_read_from_the_codes_of_the_program_line():
    assert planning.parse_weekdays("mon, wed,fri,,xyz") == {"mon", "wed", "fri"}
    assert planning.parse_weekdays("") == frozenset()


def test_the_day_code_follows_the_calendar():
    assert planning.day_code(datetime.date(2026, 11, 23)) == "mon"
    assert planning.day_code(datetime.date(2026, 11, 29)) == "sun"


def test_november_2026_has_nine_mondays_and_thursdays():
    assert planning.visits_in_month(frozenset({"mon", "thu"}), NOVEMBER) == 9


def test_the_monthly_volume_is_spread_over_the_visit_days():
    # 120 m² on Thursdays: November 2026 has four of them.
    assert planning.per_visit(Decimal(120), frozenset({"thu"}), NOVEMBER) == Decimal("30.00")


def test_services_counted_in_pieces_are_suggested_as_whole_numbers():
    mondays_and_thursdays = frozenset({"mon", "thu"})  # nine such days in November 2026
    assert planning.per_visit(Decimal(8), mondays_and_thursdays, NOVEMBER, whole=True) == 1
    assert planning.per_visit(Decimal(14), mondays_and_thursdays, NOVEMBER, whole=True) == 2
    assert planning.per_visit(Decimal(2), mondays_and_thursdays, NOVEMBER, whole=True) == 1


def test_a_measured_service_keeps_hundredths():
    assert planning.per_visit(Decimal(210), frozenset({"thu"}), NOVEMBER) == Decimal("52.50")
    assert planning.per_visit(Decimal("0.01"), frozenset({"thu"}), NOVEMBER) == Decimal("0.01")


def test_a_line_without_visit_days_plans_nothing():
    assert planning.per_visit(Decimal(8), frozenset(), NOVEMBER) == Decimal(0)


def test_times_of_a_care_plan_day_are_read_monday_first():
    times = [1, 0, 2, 0, 0, 0, 3]
    assert planning.times_on(times, datetime.date(2026, 11, 25)) == 2  # Wednesday
    assert planning.times_on(times, datetime.date(2026, 11, 29)) == 3  # Sunday
    assert planning.times_on([], datetime.date(2026, 11, 29)) == 0
    assert planning.times_on(None, datetime.date(2026, 11, 29)) == 0


def test_a_week_is_seven_days_from_the_start():
    days = planning.week_days(datetime.date(2026, 11, 23))
    assert days[0] == datetime.date(2026, 11, 23) and days[-1] == datetime.date(2026, 11, 29)
