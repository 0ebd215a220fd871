"""Plan versus fact of services in a month (ИППСУ volume per month against the service log).

The ИППСУ sets the volume of each service (Приказ Минтруда № 874н, form of the program:
«объём предоставления»); the service log may go beyond it only with a recorded reason.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


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
