"""Payment for home social services: per-capita income, the income threshold and the monthly fee.

Why pure Python: the fee is money owed by a citizen, so the arithmetic must be checkable in
isolation, in memory, against the law's own examples, and must not change when a view or a
model does. Everything here takes plain values and returns plain values; no Django import.

Legal basis:
- Федеральный закон от 28.12.2013 № 442-ФЗ «Об основах социального обслуживания граждан
  в Российской Федерации», ст. 31 (free categories, free by income, the threshold) and
  ст. 32 (the fee for home and semi-stationary services is capped at 50 % of the difference
  between the per-capita income and the threshold).
- Постановление Правительства РФ от 23.12.2024 № 1873 (in force since 01.01.2025, replaced
  ПП РФ от 18.10.2014 № 1075): the rules for the per-capita income, including the 12-month
  period that ends before the month preceding the application.

Money is Decimal throughout and is rounded half-up to kopecks exactly once, at the end of each
computation, so that a printed act can be recomputed by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

KOPECK = Decimal("0.01")
# 442-ФЗ ст. 31 ч. 5: the region sets the threshold at not less than 1.5 × прожиточный минимум.
MIN_THRESHOLD_COEFFICIENT = Decimal("1.5")
# 442-ФЗ ст. 32 (home and semi-stationary forms): the fee may not exceed 50 % of the
# difference between the per-capita income and the threshold.
FEE_CAP_SHARE = Decimal("0.5")

FEE_FREE = "free"
FEE_PARTIAL = "partial"
FEE_FULL = "full"


def _money(value: Decimal | int, name: str) -> Decimal:
    """Accept Decimal or int; refuse float (binary artefacts) and negative amounts."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name}: ожидается Decimal, получено {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"{name}: сумма должна быть конечным числом")
    if amount < 0:
        raise ValueError(f"{name}: сумма не может быть отрицательной ({amount})")
    return amount


def _to_kopecks(amount: Decimal) -> Decimal:
    return amount.quantize(KOPECK, rounding=ROUND_HALF_UP)


def format_rubles(amount: Decimal) -> str:
    """Format money the Russian way: "30 000,00 ₽" (space between thousands, decimal comma)."""
    rounded = _to_kopecks(Decimal(amount))
    sign = "-" if rounded < 0 else ""
    grouped = f"{abs(rounded):,.2f}".replace(",", " ").replace(".", ",")
    return f"{sign}{grouped} ₽"


def income_period(application_date: date) -> tuple[date, date]:
    """The 12 months whose incomes count for an application made on `application_date`.

    ПП РФ № 1873: incomes over the 12 calendar months preceding the month that precedes the
    month of application. An application in March 2025 counts February 2024 – January 2025.
    """
    # Months counted from year 0 make the January/February year crossing plain arithmetic.
    application_month = application_date.year * 12 + (application_date.month - 1)
    last_month = application_month - 2
    first_month = application_month - 13
    start = date(first_month // 12, first_month % 12 + 1, 1)
    after_last = last_month + 1
    end = date(after_last // 12, after_last % 12 + 1, 1) - timedelta(days=1)
    return start, end


def per_capita_income(monthly_family_incomes: list[Decimal], family_size: int) -> Decimal:
    """Average per-capita monthly income (СДД) under ПП РФ № 1873.

    `monthly_family_incomes` holds every income of every family member over the 12-month
    period (any number of entries); the sum is divided by 12 and by the family size. The
    division is exact (Fraction) and the result is rounded half-up to kopecks once.
    """
    if isinstance(family_size, bool) or not isinstance(family_size, int):
        raise TypeError("family_size: ожидается целое число")
    if family_size < 1:
        raise ValueError(f"Состав семьи должен быть не меньше 1 человека, указано {family_size}")
    total = sum(
        (_money(income, "Доход") for income in monthly_family_incomes),
        start=Decimal(0),
    )
    exact = Fraction(total) / (12 * family_size)
    # Half-up for a non-negative value: floor(x · 100 + 1/2) kopecks.
    kopecks = math.floor(exact * 100 + Fraction(1, 2))
    return (Decimal(kopecks) / 100).quantize(KOPECK)


def income_threshold(
    subsistence_minimum: Decimal, coefficient: Decimal = MIN_THRESHOLD_COEFFICIENT
) -> Decimal:
    """Предельная величина среднедушевого дохода = coefficient × прожиточный минимум.

    442-ФЗ ст. 31 ч. 5: set by regional law, not lower than 1.5 × ПМ; a lower coefficient
    would make the centre charge people the federal law keeps free, so it is refused.
    """
    minimum = _money(subsistence_minimum, "Прожиточный минимум")
    if minimum == 0:
        raise ValueError("Прожиточный минимум должен быть больше нуля")
    factor = _money(coefficient, "Коэффициент")
    if factor < MIN_THRESHOLD_COEFFICIENT:
        raise ValueError(
            f"Коэффициент {factor} меньше 1,5: ст. 31 ч. 5 442-ФЗ не допускает предельную "
            "величину ниже полутора прожиточных минимумов"
        )
    return _to_kopecks(factor * minimum)


@dataclass(frozen=True)
class Fee:
    """The monthly fee for home services and the numbers it was computed from."""

    kind: str  # FEE_FREE | FEE_PARTIAL | FEE_FULL
    amount: Decimal
    cap: Decimal
    income_per_capita: Decimal
    threshold: Decimal
    services_cost: Decimal
    free_category: bool

    def explanation(self) -> str:
        """A Russian sentence that a recipient can check against the act."""
        if self.free_category:
            return "Льготная категория (ст. 31 ч. 1 442-ФЗ): обслуживание бесплатно."
        income = format_rubles(self.income_per_capita)
        threshold = format_rubles(self.threshold)
        if self.kind == FEE_FREE:
            return (
                f"Среднедушевой доход {income} не превышает предельную величину {threshold} "
                "(ст. 31 ч. 2 442-ФЗ): бесплатно."
            )
        head = (
            f"Среднедушевой доход {income} выше предельной величины {threshold}; "
            f"50 % разницы — {format_rubles(self.cap)}; "
            f"стоимость услуг {format_rubles(self.services_cost)}"
        )
        if self.kind == FEE_PARTIAL:
            return f"{head} больше, поэтому оплата частичная: {format_rubles(self.amount)}."
        return f"{head} не больше, поэтому оплата полная: {format_rubles(self.amount)}."


def monthly_fee(
    *,
    income_per_capita: Decimal,
    threshold: Decimal,
    services_cost: Decimal,
    free_category: bool = False,
) -> Fee:
    """The fee for one month of home services.

    442-ФЗ ст. 31 ч. 1: free categories pay nothing; ст. 31 ч. 2: nor does anyone whose
    per-capita income does not exceed the threshold. Otherwise ст. 32 caps the fee at 50 % of
    (income − threshold). The split into «полная» (the whole cost fits under the cap) and
    «частичная» (only the cap is paid) is the usual practice; the law says «за плату или
    частичную плату».
    """
    income = _money(income_per_capita, "Среднедушевой доход")
    limit = _money(threshold, "Предельная величина")
    cost = _money(services_cost, "Стоимость услуг")
    zero = Decimal("0.00")

    if free_category or income <= limit:
        return Fee(FEE_FREE, zero, zero, income, limit, cost, bool(free_category))

    cap = _to_kopecks(FEE_CAP_SHARE * (income - limit))
    if cost <= cap:
        return Fee(FEE_FULL, cost, cap, income, limit, cost, False)
    return Fee(FEE_PARTIAL, cap, cap, income, limit, cost, False)
