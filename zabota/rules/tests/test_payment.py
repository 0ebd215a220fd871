from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zabota.rules.payment import (
    Fee,
    format_rubles,
    income_period,
    income_threshold,
    monthly_fee,
    per_capita_income,
)

D = Decimal


# (case, income, threshold, cost, free category) → (kind, amount, cap)
FEE_CASES = [
    ("income equal to the threshold", "22500", "22500", "5000", False, "free", "0", "0"),
    ("income below the threshold", "20000", "22500", "5000", False, "free", "0", "0"),
    ("cap 0.005 → 0.01", "22500.01", "22500", "5000", False, "partial", "0.01", "0.01"),
    ("cap 0.015 → 0.02", "22500.03", "22500", "5000", False, "partial", "0.02", "0.02"),
    ("cost equal to the cap", "30000", "22500", "3750", False, "full", "3750", "3750"),
    ("cost a kopeck above the cap", "30000", "22500", "3750.01", False, "partial", "3750", "3750"),
    ("free category with a high income", "90000", "22500", "5000", True, "free", "0", "0"),
    ("regulations §2.2, C = 5 000", "30000", "22500", "5000", False, "partial", "3750", "3750"),
    ("regulations §2.2, C = 2 000", "30000", "22500", "2000", False, "full", "2000", "3750"),
    ("no services rendered", "30000", "22500", "0", False, "full", "0", "3750"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("income", "threshold", "cost", "free_category", "kind", "amount", "cap"),
    [pytest.param(*case[1:], id=case[0]) for case in FEE_CASES],
)
def test_monthly_fee_follows_the_442_fz_rule(
    income: str,
    threshold: str,
    cost: str,
    free_category: bool,
    kind: str,
    amount: str,
    cap: str,
) -> None:
    fee = monthly_fee(
        income_per_capita=D(income),
        threshold=D(threshold),
        services_cost=D(cost),
        free_category=free_category,
    )
    assert (fee.kind, fee.amount, fee.cap) == (kind, D(amount), D(cap))


def test_the_worked_example_of_the_regulations_starts_from_the_subsistence_minimum() -> None:
    threshold = income_threshold(D("15000"))
    assert threshold == D("22500.00")
    partial = monthly_fee(
        income_per_capita=D("30000"), threshold=threshold, services_cost=D("5000")
    )
    full = monthly_fee(income_per_capita=D("30000"), threshold=threshold, services_cost=D("2000"))
    assert (partial.kind, partial.amount) == ("partial", D("3750.00"))
    assert (full.kind, full.amount) == ("full", D("2000"))


def test_the_fee_keeps_the_numbers_it_was_computed_from() -> None:
    fee = monthly_fee(income_per_capita=D("30000"), threshold=D("22500"), services_cost=D("5000"))
    assert fee == Fee(
        kind="partial",
        amount=D("3750.00"),
        cap=D("3750.00"),
        income_per_capita=D("30000"),
        threshold=D("22500"),
        services_cost=D("5000"),
        free_category=False,
    )


@pytest.mark.parametrize("field", ["income_per_capita", "threshold", "services_cost"])
def test_it_refuses_a_negative_amount(field: str) -> None:
    values = {
        "income_per_capita": D("30000"),
        "threshold": D("22500"),
        "services_cost": D("5000"),
    }
    values[field] = D("-0.01")
    with pytest.raises(ValueError, match="отрицательной"):
        monthly_fee(**values)


def test_it_refuses_a_float_amount() -> None:
    with pytest.raises(TypeError):
        monthly_fee(income_per_capita=30000.0, threshold=D("22500"), services_cost=D("1"))


def test_the_fee_arguments_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        monthly_fee(D("30000"), D("22500"), D("5000"))  # type: ignore[misc]


# --- explanation --------------------------------------------------------------------------


def test_it_explains_a_partial_fee_with_the_numbers() -> None:
    fee = monthly_fee(income_per_capita=D("30000"), threshold=D("22500"), services_cost=D("5000"))
    assert fee.explanation() == (
        "Среднедушевой доход 30 000,00 ₽ выше предельной величины 22 500,00 ₽; "
        "50 % разницы — 3 750,00 ₽; стоимость услуг 5 000,00 ₽ больше, "
        "поэтому оплата частичная: 3 750,00 ₽."
    )


def test_it_explains_a_full_fee_with_the_numbers() -> None:
    fee = monthly_fee(income_per_capita=D("30000"), threshold=D("22500"), services_cost=D("2000"))
    assert fee.explanation() == (
        "Среднедушевой доход 30 000,00 ₽ выше предельной величины 22 500,00 ₽; "
        "50 % разницы — 3 750,00 ₽; стоимость услуг 2 000,00 ₽ не больше, "
        "поэтому оплата полная: 2 000,00 ₽."
    )


def test_it_explains_a_free_category() -> None:
    fee = monthly_fee(
        income_per_capita=D("90000"),
        threshold=D("22500"),
        services_cost=D("5000"),
        free_category=True,
    )
    assert fee.explanation() == "Льготная категория (ст. 31 ч. 1 442-ФЗ): обслуживание бесплатно."


def test_it_explains_free_service_by_income() -> None:
    fee = monthly_fee(income_per_capita=D("22500"), threshold=D("22500"), services_cost=D("5000"))
    assert fee.explanation() == (
        "Среднедушевой доход 22 500,00 ₽ не превышает предельную величину 22 500,00 ₽ "
        "(ст. 31 ч. 2 442-ФЗ): бесплатно."
    )


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("30000", "30 000,00 ₽"),
        ("0", "0,00 ₽"),
        ("0.005", "0,01 ₽"),
        ("999.999", "1 000,00 ₽"),
        ("1234567.8", "1 234 567,80 ₽"),
        ("-1500.5", "-1 500,50 ₽"),
    ],
)
def test_it_formats_rubles_the_russian_way(amount: str, text: str) -> None:
    assert format_rubles(D(amount)) == text


# --- the threshold ------------------------------------------------------------------------


def test_the_threshold_is_one_and_a_half_subsistence_minimums_by_default() -> None:
    assert income_threshold(D("15000")) == D("22500.00")


def test_a_region_may_set_a_higher_coefficient() -> None:
    assert income_threshold(D("14375"), D("2")) == D("28750.00")


def test_the_threshold_is_rounded_half_up_to_kopecks() -> None:
    # 1.5 × 10 000,01 = 15 000,015 → 15 000,02
    assert income_threshold(D("10000.01")) == D("15000.02")


def test_it_refuses_a_coefficient_below_the_federal_floor() -> None:
    with pytest.raises(ValueError, match="меньше 1,5"):
        income_threshold(D("15000"), D("1.49"))


@pytest.mark.parametrize("minimum", ["0", "-1"])
def test_it_refuses_a_subsistence_minimum_that_is_not_positive(minimum: str) -> None:
    with pytest.raises(ValueError):
        income_threshold(D(minimum))


# --- the income period and the per-capita income ------------------------------------------


@pytest.mark.parametrize(
    ("applied_on", "start", "end"),
    [
        pytest.param(date(2025, 3, 1), date(2024, 2, 1), date(2025, 1, 31), id="march-first"),
        pytest.param(date(2025, 3, 31), date(2024, 2, 1), date(2025, 1, 31), id="march-last"),
        pytest.param(date(2025, 1, 15), date(2023, 12, 1), date(2024, 11, 30), id="january"),
        pytest.param(date(2025, 2, 28), date(2024, 1, 1), date(2024, 12, 31), id="february"),
        pytest.param(date(2025, 12, 10), date(2024, 11, 1), date(2025, 10, 31), id="december"),
        pytest.param(date(2024, 4, 2), date(2023, 3, 1), date(2024, 2, 29), id="leap-year"),
        pytest.param(date(2025, 4, 2), date(2024, 3, 1), date(2025, 2, 28), id="common-year"),
    ],
)
def test_the_income_period_is_the_12_months_before_the_month_preceding_the_application(
    applied_on: date, start: date, end: date
) -> None:
    assert income_period(applied_on) == (start, end)


def test_per_capita_income_divides_the_year_by_12_and_by_the_family() -> None:
    incomes = [D("30000")] * 12 + [D("15000")] * 12
    assert per_capita_income(incomes, 2) == D("22500.00")


def test_per_capita_income_accepts_any_number_of_entries() -> None:
    assert per_capita_income([D("120000")], 1) == D("10000.00")
    assert per_capita_income([], 3) == D("0.00")


def test_per_capita_income_rounds_once_half_up_at_the_end() -> None:
    # 0.06 / 12 = 0.005 → 0.01 (half-up, not half-even to 0.00)
    assert per_capita_income([D("0.06")], 1) == D("0.01")
    # 1 / 36 = 0.02777… → 0.03
    assert per_capita_income([D("1")], 3) == D("0.03")
    # 0.10 / 12 / 2 = 0.00416… → 0.00; rounding after "/ 12" first would give 0.01 / 2 → 0.01
    assert per_capita_income([D("0.10")], 2) == D("0.00")


def test_per_capita_income_refuses_an_empty_family() -> None:
    with pytest.raises(ValueError, match="Состав семьи"):
        per_capita_income([D("1000")], 0)


def test_per_capita_income_refuses_a_negative_income() -> None:
    with pytest.raises(ValueError, match="отрицательной"):
        per_capita_income([D("1000"), D("-1")], 1)


# --- property -----------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False)


@given(income=money, threshold=money, cost=money, free_category=st.booleans())
def test_the_fee_is_never_negative_nor_above_the_cost_or_the_cap(
    income: Decimal, threshold: Decimal, cost: Decimal, free_category: bool
) -> None:
    fee = monthly_fee(
        income_per_capita=income,
        threshold=threshold,
        services_cost=cost,
        free_category=free_category,
    )
    assert D(0) <= fee.amount <= min(cost, fee.cap)
    assert fee.kind in {"free", "partial", "full"}
    if fee.kind != "free":
        assert fee.cap <= (income - threshold) / 2 + D("0.005")
