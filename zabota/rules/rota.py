"""The arithmetic of the head's weekly rota: minutes of a visit from the catalog's norms of time,
a worker's working time, and whether a week's load is over or under it.

No Django import: plain values in, plain values out (tested without a database). What a visit
holds comes from the ИППСУ and the care plan (zabota.delivery.entitlements); this module only
counts.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zabota.rules.schedule import day_code

OVER = "over"
UNDER = "under"
NORMAL = "normal"

# A working week when the staff card says nothing else: five days, Monday to Friday.
DEFAULT_WORKING_DAYS = "mon,tue,wed,thu,fri"


def service_minutes(quantity: Decimal, norm_minutes: int) -> Decimal:
    """Minutes of a service on a visit: the catalog's norm of time is per unit of the service
    (one purchase, one m² of floor), so 30 m² at 2 min are 60 min."""
    return Decimal(quantity) * norm_minutes


def visit_minutes(lines: Iterable[tuple[Decimal, int]]) -> int:
    """Whole minutes of a visit from its (quantity, norm) lines, rounded half up once."""
    total = sum((service_minutes(q, n) for q, n in lines), Decimal(0))
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def week_capacity(hours_per_week: int) -> int:
    """Minutes of work in a week."""
    return max(0, int(hours_per_week)) * 60


def day_capacity(hours_per_week: int, working_days: int) -> int:
    """Minutes of a working day: the week's time spread over its working days."""
    if working_days <= 0:
        return 0
    return week_capacity(hours_per_week) // working_days


def works_on(working_days: frozenset[str], day: datetime.date) -> bool:
    return day_code(day) in working_days


def load_percent(minutes: int, capacity: int) -> int | None:
    """The load as a whole percentage of the working time; None without working time."""
    if capacity <= 0:
        return None
    return int((Decimal(minutes) * 100 / capacity).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def load_state(minutes: int, capacity: int, *, over_percent: int, under_percent: int) -> str:
    """OVER above `over_percent` of the working time, UNDER below `under_percent`, else NORMAL.
    Any minutes without working time are over (a worker with 0 h/week planned for)."""
    if capacity <= 0:
        return OVER if minutes > 0 else NORMAL
    # Compared exactly, not by the rounded percentage: 2641 min of 2400 is over 110 %.
    if minutes * 100 > capacity * over_percent:
        return OVER
    if minutes * 100 < capacity * under_percent:
        return UNDER
    return NORMAL


def recipients_state(count: int, norm: int) -> str:
    """Recipients of a worker against the norm per worker: over it, or NORMAL (fewer recipients
    are not a fault: the minutes say whether the week is full)."""
    return OVER if norm > 0 and count > norm else NORMAL


@dataclass(frozen=True)
class Fit:
    """Which visits of a day fit into its working time: indices in their order."""

    fitting: tuple[int, ...]
    overflowing: tuple[int, ...]


def fit_day(minutes: Sequence[int], capacity: int) -> Fit:
    """Visits taken in order while the day's time lasts; a visit that does not fit goes to
    the list of those that cannot be placed (the ones after it may still fit)."""
    used, fitting, overflowing = 0, [], []
    for index, needed in enumerate(minutes):
        if used + needed <= capacity:
            used += needed
            fitting.append(index)
        else:
            overflowing.append(index)
    return Fit(tuple(fitting), tuple(overflowing))
