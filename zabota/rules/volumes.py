"""Plan versus fact of services in a month (ИППСУ volume per month against the service log).

The ИППСУ sets the volume of each service (Приказ Минтруда № 874н, form of the program:
«объём предоставления»); the service log may go beyond it only with a recorded reason.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class VolumeCheck:
    planned: Decimal
    used: Decimal
    adding: Decimal

    @property
    def after(self) -> Decimal:
        return self.used + self.adding

    @property
    def exceeds(self) -> bool:
        return self.after > self.planned

    @property
    def remaining(self) -> Decimal:
        return max(self.planned - self.used, Decimal(0))


def check_volume(*, planned: Decimal, used: Decimal, adding: Decimal) -> VolumeCheck:
    if adding <= 0:
        raise ValueError("the quantity to add must be positive")
    if planned < 0 or used < 0:
        raise ValueError("volumes cannot be negative")
    return VolumeCheck(planned=planned, used=used, adding=adding)


def fulfilment_percent(planned: Decimal, done: Decimal) -> Decimal | None:
    """Done as a percentage of the plan, to one decimal; None when nothing was planned."""
    if planned <= 0:
        return None
    return (done * 100 / planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# An average month holds 365.25 / 12 / 7 = 4.348 weeks; the centre's plans round it to 4.35 and
# round the volume up, so a service planned «2 раза в неделю» is 9 a month and a month with
# five such weekdays is still covered (the demo's programs were drawn up by the same rule).
WEEKS_PER_MONTH = Decimal("4.35")
KOPECK = Decimal("0.01")


def monthly_volume(times_per_week: int) -> Decimal:
    """The monthly volume of a service given «N раз в неделю»: ⌈N × 4,35⌉ (1 → 5, 2 → 9, 3 → 14,
    5 → 22, 7 → 31)."""
    if not 1 <= times_per_week <= 7:
        raise ValueError("a week has from 1 to 7 visits")
    return (times_per_week * WEEKS_PER_MONTH).to_integral_value(rounding=ROUND_CEILING)


@dataclass(frozen=True)
class MonthlyCost:
    """The planned monthly cost of an ИППСУ's lines: each line's amount (None without a
    tariff), the total, and how many lines have no tariff."""

    amounts: tuple[Decimal | None, ...]
    total: Decimal
    unpriced: int


def monthly_cost(lines: list[tuple[Decimal, Decimal | None]]) -> MonthlyCost:
    """Σ volume × tariff over (volume a month, tariff or None) lines.

    The total is rounded to kopecks once, as the contract's fee is computed
    (zabota.programs.selectors.planned_costs); each line's amount is rounded for display only.
    A line without a tariff adds nothing and is counted, so the page can say so.
    """
    amounts: list[Decimal | None] = []
    total = Decimal(0)
    for volume, price in lines:
        if volume < 0:
            raise ValueError("a volume cannot be negative")
        if price is None:
            amounts.append(None)
            continue
        amounts.append((volume * price).quantize(KOPECK, rounding=ROUND_HALF_UP))
        total += volume * price
    return MonthlyCost(
        amounts=tuple(amounts),
        total=total.quantize(KOPECK, rounding=ROUND_HALF_UP),
        unpriced=sum(1 for a in amounts if a is None),
    )
