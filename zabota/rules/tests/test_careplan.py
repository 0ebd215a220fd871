from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zabota.rules.careplan import (
    CALCULATION_WEEKS,
    DAY,
    DAYS,
    MONTH,
    WEEK,
    Frequency,
    PlannedService,
    fits,
    frequency_problem,
    layout,
    overload_minutes,
    parse_frequency,
    periodicity_within,
    propose,
)

EVERY_DAY = (1, 1, 1, 1, 1, 1, 1)
MON_WED_FRI = (1, 0, 1, 0, 1, 0, 0)


def weekly(minutes: int, days: tuple[int, ...], code: str = "w") -> PlannedService:
    return PlannedService(code, f"Услуга {code}", minutes, "weekly", days)


def test_the_month_has_five_calculation_weeks_of_thirty_days() -> None:
    assert CALCULATION_WEEKS == (5, 7, 7, 7, 4)
    assert sum(CALCULATION_WEEKS) == 30
    assert DAYS == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.mark.parametrize(
    ("service", "per_week", "count"),
    [
        pytest.param(weekly(30, EVERY_DAY), (5, 7, 7, 7, 4), 30, id="daily"),
        pytest.param(weekly(30, MON_WED_FRI), (3, 3, 3, 3, 2), 14, id="mon-wed-fri"),
        pytest.param(weekly(30, (0, 0, 0, 0, 0, 1, 1)), (0, 2, 2, 2, 0), 6, id="weekend"),
        pytest.param(weekly(30, (2, 0, 0, 3, 1, 0, 0)), (6, 6, 6, 6, 5), 29, id="several-a-day"),
        pytest.param(
            PlannedService("h", "Гигиеническая обработка рук", 15, "twice_monthly"),
            (0, 1, 0, 1, 0),
            2,
            id="twice-monthly",
        ),
        pytest.param(
            PlannedService("n", "Обработка ног и ногтей", 40, "monthly"),
            (0, 0, 1, 0, 0),
            1,
            id="monthly",
        ),
    ],
)
def test_a_service_falls_on_the_calculation_weeks(
    service: PlannedService, per_week: tuple[int, ...], count: int
) -> None:
    (month,) = layout([service]).services
    assert (month.per_week, month.count, month.minutes) == (
        per_week,
        count,
        count * service.minutes,
    )


def test_a_non_weekly_service_ignores_its_days() -> None:
    service = PlannedService("n", "Стрижка", 30, "monthly", EVERY_DAY)
    assert layout([service]).services[0].per_week == (0, 0, 1, 0, 0)
    assert layout([service]).visits_by_day == (0,) * 7


def test_visits_by_day_take_the_most_frequent_service_of_each_day() -> None:
    plan = layout(
        [
            weekly(20, (1, 0, 1, 0, 1, 0, 0), "a"),
            weekly(20, (2, 0, 0, 0, 1, 0, 0), "b"),
            weekly(20, (0, 0, 0, 0, 3, 0, 0), "c"),
            PlannedService("m", "Раз в месяц", 30, "monthly"),
        ]
    )
    assert plan.visits_by_day == (2, 0, 1, 0, 3, 0, 0)
    assert plan.days_per_week == 3


def test_month_totals_in_minutes_hours_and_services() -> None:
    plan = layout(
        [
            weekly(30, EVERY_DAY, "a"),  # 30 × 30 = 900
            weekly(25, MON_WED_FRI, "b"),  # 14 × 25 = 350
            PlannedService("h", "Дважды в месяц", 15, "twice_monthly"),  # 30
            PlannedService("n", "Раз в месяц", 40, "monthly"),  # 40
        ]
    )
    assert plan.per_week_minutes == (
        5 * 30 + 3 * 25,
        7 * 30 + 3 * 25 + 15,
        7 * 30 + 3 * 25 + 40,
        7 * 30 + 3 * 25 + 15,
        4 * 30 + 2 * 25,
    )
    assert plan.weekly_minutes == 7 * 30 + 3 * 25 + 40  # week 3 holds the monthly service
    assert plan.month_minutes == 1320
    assert plan.month_hours == Decimal("22.00")
    assert plan.month_services == 30 + 14 + 2 + 1


def test_month_hours_are_rounded_to_hundredths() -> None:
    # 30 min = 0.5 h; 7 min = 0.1166… h; 1 min = 0.0166… h (whole minutes never hit .xx5)
    assert layout([weekly(1, EVERY_DAY)]).month_hours == Decimal("0.50")
    assert layout([PlannedService("n", "x", 7, "monthly")]).month_hours == Decimal("0.12")
    assert layout([PlannedService("n", "x", 1, "monthly")]).month_hours == Decimal("0.02")


def test_an_empty_plan_is_all_zeros() -> None:
    plan = layout([])
    assert (plan.weekly_minutes, plan.month_minutes, plan.month_services) == (0, 0, 0)
    assert plan.month_hours == Decimal("0.00")
    assert plan.days_per_week == 0


# --- fitting the hours of the level -------------------------------------------------------


def test_a_week_of_exactly_the_level_hours_fits() -> None:
    plan = layout([weekly(60, EVERY_DAY)])  # 420 minutes = 7 h in a full week
    assert plan.weekly_minutes == 420
    assert fits(plan, 7)
    assert fits(plan, Decimal("7.00"))
    assert overload_minutes(plan, 7) == 0


def test_one_minute_over_the_level_hours_does_not_fit() -> None:
    plan = layout([weekly(60, EVERY_DAY), PlannedService("n", "x", 1, "monthly")])
    assert plan.weekly_minutes == 421
    assert not fits(plan, 7)
    assert overload_minutes(plan, 7) == 1


def test_fractional_hours_count_whole_minutes_over() -> None:
    plan = layout([weekly(60, EVERY_DAY)])
    assert not fits(plan, Decimal("6.99"))  # 419.4 minutes
    assert overload_minutes(plan, Decimal("6.99")) == 1


def test_it_refuses_negative_hours() -> None:
    with pytest.raises(ValueError):
        fits(layout([]), -1)


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        pytest.param((30, "daily", EVERY_DAY), "периодичность", id="bad-periodicity"),
        pytest.param((30, "weekly", (1, 1, 1)), "7 значений", id="short-week"),
        pytest.param((30, "weekly", (4, 0, 0, 0, 0, 0, 0)), "от 0 до 3", id="four-times"),
        pytest.param((30, "weekly", (-1, 1, 0, 0, 0, 0, 0)), "от 0 до 3", id="negative-times"),
        pytest.param((0, "weekly", EVERY_DAY), "норма времени", id="zero-minutes"),
        pytest.param((30, "weekly", (0,) * 7), "ни один день", id="weekly-without-days"),
        pytest.param((30, "monthly", (0, 9, 0, 0, 0, 0, 0)), "от 0 до 3", id="bad-unused-days"),
    ],
)
def test_it_refuses_an_impossible_service(arguments: tuple, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        PlannedService("x", "Услуга", *arguments)


# --- proposing a schedule -----------------------------------------------------------------

CHOSEN = [
    ("feed", "Кормление", 30, "weekly"),
    ("wash", "Умывание", 15, "weekly"),
    ("nails", "Обработка ногтей", 40, "monthly"),
    ("hands", "Гигиеническая обработка рук", 15, "twice_monthly"),
]


def test_propose_starts_with_monday_wednesday_friday() -> None:
    plan = propose(CHOSEN, 0)  # not even the minimum fits: the minimum comes back
    assert [s.times_by_day for s in plan if s.periodicity == "weekly"] == [MON_WED_FRI] * 2
    assert overload_minutes(layout(plan), 0) == 3 * 45 + 40


def test_propose_adds_days_round_robin_in_the_given_order() -> None:
    # minimum week: 3 × 45 + 40 (week 3) = 175; 45 more gives Tuesday to both, then 30 for
    # Thursday to "feed" leaves 10, not enough for "wash" (15)
    plan = propose(CHOSEN, Decimal(175 + 45 + 30 + 10) / 60)
    feed, wash = plan[0], plan[1]
    assert feed.times_by_day == (1, 1, 1, 1, 1, 0, 0)
    assert wash.times_by_day == (1, 1, 1, 0, 1, 0, 0)
    assert layout(plan).weekly_minutes == 250


def test_propose_adds_second_and_third_times_after_all_days() -> None:
    plan = propose([("feed", "Кормление", 10, "weekly")], 28)  # 28 h ≫ 3 × 7 × 10 min
    assert plan[0].times_by_day == (3,) * 7


def test_propose_keeps_monthly_services_as_they_are() -> None:
    plan = propose(CHOSEN, 7)
    assert plan[2] == PlannedService("nails", "Обработка ногтей", 40, "monthly")
    assert plan[3] == PlannedService("hands", "Гигиеническая обработка рук", 15, "twice_monthly")
    assert [s.code for s in plan] == ["feed", "wash", "nails", "hands"]


chosen_services = st.lists(
    st.tuples(
        st.text(min_size=1, max_size=3),
        st.just("Услуга"),
        st.integers(min_value=1, max_value=120),
        st.sampled_from(["weekly", "weekly", "twice_monthly", "monthly"]),
    ),
    max_size=8,
)


@given(services=chosen_services, hours=st.integers(min_value=0, max_value=28))
def test_propose_never_exceeds_the_hours_once_the_minimum_fits(
    services: list[tuple[str, str, int, str]], hours: int
) -> None:
    plan = propose(services, hours)
    assert plan == propose(services, hours)  # deterministic
    minimum = propose(services, 0)
    if fits(layout(minimum), hours):
        assert fits(layout(plan), hours)
    else:
        assert plan == minimum


# --- the catalog's periodicity as a cap (ltc-care-services.md §1.3, «не более») ------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("До 3 раз день", Frequency(3, DAY)),  # as printed in the standard, without «в»
        ("До 3 раз неделю", Frequency(3, WEEK)),
        ("До 4 раз в день", Frequency(4, DAY)),
        ("1 раз в день", Frequency(1, DAY)),
        ("1 раз в неделю", Frequency(1, WEEK)),
        ("До 2 раз в неделю", Frequency(2, WEEK)),
        ("2 раза в неделю", Frequency(2, WEEK)),
        ("2 раза в месяц", Frequency(2, MONTH)),
        ("1 раз в месяц", Frequency(1, MONTH)),
        ("ежедневно", Frequency(1, DAY)),
        ("ежедневно (рабочие дни)", Frequency(1, DAY, workdays=True)),
        ("по мере необходимости", None),
        ("2 раза в год", None),
        ("", None),
        ("0 раз в день", None),
    ],
)
def test_the_periodicity_of_the_catalog_reads_as_a_cap(text, expected) -> None:
    assert parse_frequency(text) == expected


@pytest.mark.parametrize(
    ("frequency", "text"),
    [
        (Frequency(1, WEEK), "не чаще 1 раза в неделю"),
        (Frequency(2, MONTH), "не чаще 2 раз в месяц"),
        (Frequency(3, DAY), "не чаще 3 раз в день"),
        (Frequency(21, WEEK), "не чаще 21 раза в неделю"),
        (Frequency(11, WEEK), "не чаще 11 раз в неделю"),
        (Frequency(1, DAY, True), "не чаще 1 раза в день (по рабочим дням)"),
    ],
)
def test_a_cap_is_described_in_russian(frequency, text) -> None:
    assert frequency.describe() == text


ONCE_A_WEEK = Frequency(1, WEEK)


@pytest.mark.parametrize(
    ("service", "frequency", "fragment"),
    [
        (weekly(15, EVERY_DAY), ONCE_A_WEEK, "в плане 7 раз в неделю"),
        (weekly(15, (2, 0, 0, 0, 0, 0, 0)), ONCE_A_WEEK, "до 2 раз в день"),
        (weekly(15, (0, 0, 0, 0, 0, 1, 0)), Frequency(1, DAY, True), "суббота"),
        (weekly(15, MON_WED_FRI), Frequency(2, MONTH), "2 раза в месяц"),
        (PlannedService("n", "Стрижка", 20, "twice_monthly"), Frequency(1, MONTH), "«2 раза"),
    ],
)
def test_a_schedule_above_the_cap_is_named(service, frequency, fragment) -> None:
    assert fragment in frequency_problem(service, frequency)


@pytest.mark.parametrize(
    ("service", "frequency"),
    [
        (weekly(15, (0, 0, 1, 0, 0, 0, 0)), ONCE_A_WEEK),
        (weekly(10, (3,) * 7), Frequency(3, DAY)),
        (weekly(10, (1, 1, 1, 1, 1, 0, 0)), Frequency(1, DAY, True)),
        (PlannedService("n", "Стрижка", 20, "monthly"), Frequency(1, MONTH)),
        (PlannedService("n", "Ногти", 10, "twice_monthly"), Frequency(2, MONTH)),
        (weekly(15, EVERY_DAY), None),
    ],
)
def test_a_schedule_within_the_cap_passes(service, frequency) -> None:
    assert frequency_problem(service, frequency) is None


def test_a_service_once_a_week_is_proposed_once_a_week_however_many_hours() -> None:
    # The demo's bug: «Смена нательного и постельного белья», «1 раз в неделю», was proposed
    # Mon–Sun twice a day (57 times a month).
    plan = propose([("linen", "Смена белья", 15, "weekly", ONCE_A_WEEK)], 28)
    assert plan[0].times_by_day == (0, 0, 1, 0, 0, 0, 0)
    assert layout(plan).services[0].count == 5  # Wednesday is in all five calculation weeks


@pytest.mark.parametrize(
    ("frequency", "days"),
    [
        (Frequency(2, WEEK), (1, 0, 0, 1, 0, 0, 0)),
        (Frequency(3, WEEK), (1, 0, 1, 0, 1, 0, 0)),
        (Frequency(1, DAY), EVERY_DAY),
        (Frequency(2, DAY), (2,) * 7),
        (Frequency(1, DAY, workdays=True), (1, 1, 1, 1, 1, 0, 0)),
        (Frequency(4, MONTH), (0, 0, 1, 0, 0, 0, 0)),
        (None, (3,) * 7),
    ],
)
def test_with_hours_to_spare_a_service_reaches_its_cap_and_no_further(frequency, days) -> None:
    plan = propose([("s", "Услуга", 5, "weekly", frequency)], 28)
    assert plan[0].times_by_day == days
    assert frequency_problem(plan[0], frequency) is None


capped_services = st.lists(
    st.tuples(
        st.text(min_size=1, max_size=3),
        st.just("Услуга"),
        st.integers(min_value=1, max_value=120),
        st.just("weekly"),
        st.one_of(
            st.none(),
            st.builds(
                Frequency,
                st.integers(min_value=1, max_value=8),
                st.sampled_from([DAY, WEEK, MONTH]),
                st.booleans(),
            ),
        ),
    ),
    max_size=6,
)


@given(services=capped_services, hours=st.integers(min_value=0, max_value=28))
def test_a_proposal_never_breaks_a_cap(services, hours) -> None:
    for planned, (*_, frequency) in zip(propose(services, hours), services, strict=True):
        assert frequency_problem(planned, frequency) is None


@pytest.mark.parametrize(
    ("asked", "frequency", "given"),
    [
        ("weekly", Frequency(1, MONTH), "monthly"),
        ("weekly", Frequency(2, MONTH), "twice_monthly"),
        ("twice_monthly", Frequency(1, MONTH), "monthly"),
        ("monthly", Frequency(2, MONTH), "monthly"),
        ("weekly", Frequency(4, MONTH), "weekly"),
        ("weekly", ONCE_A_WEEK, "weekly"),
        ("twice_monthly", None, "twice_monthly"),
    ],
)
def test_a_periodicity_the_cap_forbids_becomes_the_most_frequent_it_allows(asked, frequency, given):
    assert periodicity_within(asked, frequency) == given
