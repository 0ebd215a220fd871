"""Pure arithmetic of the tablet's plan: which weekdays a line is due, how much per visit.

No Django import: plain values in, plain values out (tested without a database).
"""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HUNDREDTH = Decimal("0.01")


def day_code(day: datetime.date) -> str:
    return DAY_CODES[day.weekday()]


def parse_weekdays(text: str) -> frozenset[str]:
    """ "mon,wed,fri" → {"mon", "wed", "fri"}; unknown codes and blanks are ignored."""
    return frozenset(part.strip() for part in (text or "").split(",") if part.strip() in DAY_CODES)


def visits_in_month(weekdays: frozenset[str], month: datetime.date) -> int:
    """How many of the month's days fall on the given weekdays."""
    days = calendar.monthrange(month.year, month.month)[1]
    first = month.replace(day=1)
    return sum(1 for n in range(days) if day_code(first + datetime.timedelta(days=n)) in weekdays)


def per_visit(
    monthly: Decimal, weekdays: frozenset[str], month: datetime.date, *, whole: bool = False
) -> Decimal:
    """The monthly volume of an ИППСУ line spread evenly over the month's visit days.

    A service counted in pieces (`whole`) is suggested as a whole number and at least one:
    9 purchases a month on Mondays and Thursdays (8 such days) → 1, not 1,13. A measured one
    (m², kg) keeps hundredths: 210 m² on 4 Thursdays → 52,5. It is a suggestion only: the
    worker enters what was done, and the service log checks the month's volume.
    """
    count = visits_in_month(weekdays, month)
    if count == 0:
        return Decimal(0)
    share = Decimal(monthly) / count
    if whole:
        return max(Decimal(1), share.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(HUNDREDTH, share.quantize(HUNDREDTH, rounding=ROUND_HALF_UP))


def times_on(times_by_day, day: datetime.date) -> int:
    """Times a weekly care-plan service is due on the day (times_by_day is Mon..Sun)."""
    try:
        return int(times_by_day[day.weekday()] or 0)
    except (IndexError, TypeError, ValueError):
        return 0


def week_days(start: datetime.date, count: int = 7) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range(count)]
