"""The weekly and monthly volume of a care plan as §1.3 counts it (the template of the 50 care
services): a table of cases, the hours text of the regional tool, one service per slot."""

from decimal import Decimal

import pytest

from zabota.rules import careplan
from zabota.rules.careplan import MONTHLY, TWICE_MONTHLY, WEEKLY, PlannedService

D = Decimal


def weekly(name: str, minutes: int, *days: int) -> PlannedService:
    return PlannedService(name, name, minutes, WEEKLY, tuple(days))


def month(name: str, minutes: int, periodicity: str) -> PlannedService:
    return PlannedService(name, name, minutes, periodicity)


EVERY_DAY_TWICE = (2, 2, 2, 2, 2, 2, 2)
# The worked plan: ten weekly services of the list and one monthly; its week is 1002,75 minutes.
WORKED = [
    weekly("1. Приготовление пищи", 60, 1, 0, 1, 0, 1, 0, 0),
    weekly("3. Подготовка и подача пищи", 10, *EVERY_DAY_TWICE),
    weekly("6. Помощь при приеме пищи", 21, *EVERY_DAY_TWICE),
    weekly("8. Умывание", 15, 1, 1, 1, 1, 1, 1, 1),
    weekly("11. Купание в приспособленном помещении", 40, 0, 0, 1, 0, 0, 0, 0),
    weekly("13. Гигиеническое обтирание", 12, 1, 1, 0, 1, 1, 1, 1),
    weekly("25. Смена одежды (обуви)", 10, 1, 1, 1, 1, 1, 1, 1),
    weekly("30. Помощь при смене постельного белья", 10, 0, 0, 1, 0, 0, 0, 0),
    weekly("48. Помощь в поддержании физической активности", 45, 1, 0, 0, 0, 0, 0, 0),
    weekly("44. Помощь в приеме лекарственных препаратов", 5, 2, 1, 1, 1, 1, 1, 1),
    month("22. Помощь при гигиенической обработке ногтей на ногах", 27, MONTHLY),
]

CASES = [
    # (case, services, weekly minutes, monthly minutes, weekly text)
    (
        "кормление 3 раза в день каждый день",
        [weekly("5. Кормление", 30, 3, 3, 3, 3, 3, 3, 3)],
        D(630),
        D(2520),
        "630 мин (10 ч 30 мин)",
    ),
    (
        "купание 1 раз в неделю",
        [weekly("10. Купание в кровати", 50, 0, 0, 1, 0, 0, 0, 0)],
        D(50),
        D(200),
        "50 мин (50 мин)",
    ),
    (
        "обработка ногтей на руках 2 раза в месяц: месяц 20, неделя его четверть",
        [month("17. Гигиеническая обработка ногтей на руках", 10, TWICE_MONTHLY)],
        D(5),
        D(20),
        "5 мин (5 мин)",
    ),
    (
        "обработка ногтей на ногах 1 раз в месяц",
        [month("21. Гигиеническая обработка ногтей на ногах", 40, MONTHLY)],
        D(10),
        D(40),
        "10 мин (10 мин)",
    ),
    (
        "помощь при обработке ногтей на ногах 1 раз в месяц: четверть минуты в неделе",
        [month("22. Помощь при гигиенической обработке ногтей на ногах", 27, MONTHLY)],
        D("6.75"),
        D(27),
        "7 мин (6 мин)",
    ),
    (
        "смесь: по дням недели, 2 раза и 1 раз в месяц",
        [
            weekly("3. Подготовка и подача пищи", 10, *EVERY_DAY_TWICE),
            weekly("23. Гигиеническое бритье", 10, 1, 0, 0, 1, 0, 0, 0),
            month("18. Помощь при обработке ногтей на руках", 7, TWICE_MONTHLY),
            month("24. Гигиеническая стрижка", 20, MONTHLY),
        ],
        D(140 + 20) + D("3.5") + D(5),
        D(160 * 4 + 14 + 20),
        "168 мин (2 ч 48 мин)",
    ),
    ("план из примера: неделя 1002,75 мин", WORKED, D("1002.75"), D(996 * 4 + 27), None),
]


@pytest.mark.parametrize(
    ("services", "weekly_minutes", "monthly_minutes", "text"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_volume_is_counted_as_the_template_counts_it(
    services, weekly_minutes, monthly_minutes, text
):
    volume = careplan.standard_volume(services)
    assert volume.weekly_minutes == weekly_minutes
    assert volume.monthly_minutes == monthly_minutes
    if text is not None:
        assert volume.weekly_text == text


def test_the_worked_week_prints_as_the_regional_tool_prints_it():
    # The tool's «1003 минут / 16 часов 42 минут»: the minutes rounded, the hours' minutes cut.
    volume = careplan.standard_volume(WORKED)
    assert careplan.minutes_text(volume.weekly_minutes) == "1003 мин"
    assert careplan.hours_minutes_text(volume.weekly_minutes) == "16 ч 42 мин"
    assert volume.weekly_text == "1003 мин (16 ч 42 мин)"


def test_a_week_of_exactly_1003_minutes_is_16_hours_43():
    exact = [*WORKED[:-1], weekly("20. Помощь при мытье ног", 7, 0, 0, 1, 0, 0, 0, 0)]
    volume = careplan.standard_volume(exact)
    assert volume.weekly_minutes == D(1003)
    assert volume.weekly_text == "1003 мин (16 ч 43 мин)"


def test_a_whole_number_of_hours_has_no_minutes():
    assert careplan.hours_minutes_text(D(420)) == "7 ч"


def test_each_line_says_its_times_and_unit():
    lines = careplan.standard_volume(WORKED).lines
    assert (lines[1].times, lines[1].per) == (14, careplan.WEEK)
    assert (lines[-1].times, lines[-1].per, lines[-1].weekly_minutes) == (
        1,
        careplan.MONTH,
        D("6.75"),
    )


@pytest.mark.parametrize(
    ("hours", "fits", "excess"),
    [(D(17), True, D(0)), (D("16.7"), False, D("0.75")), (14, False, D("162.75"))],
)
def test_the_week_is_compared_with_the_levels_hours(hours, fits, excess):
    volume = careplan.standard_volume(WORKED)
    assert careplan.standard_fits(volume, hours) is fits
    assert careplan.standard_excess_minutes(volume, hours) == excess


def test_the_calendar_week_is_never_lighter_than_the_templates_week():
    # The 5-week calendar puts a monthly service whole into week 3: its busiest week holds 27
    # minutes of it where the template's week holds 6,75.
    assert careplan.layout(WORKED).weekly_minutes == 996 + 27
    assert careplan.standard_volume(WORKED).weekly_minutes == D("1002.75")


def test_two_services_of_one_slot_are_refused_with_both_names():
    problem = careplan.slot_problem(
        [(3, "Кормление"), (4, "Питьевой режим"), (3, "Помощь при приеме пищи")]
    )
    assert problem is not None
    assert "«Кормление» и «Помощь при приеме пищи»" in problem and "слот 3" in problem


def test_services_without_a_slot_clash_with_nothing():
    assert careplan.slot_problem([(None, "Стрижка"), (None, "Стрижка-2"), (1, "Кормление")]) is None
