"""When a planned service is due on a real day, and how much: the ИППСУ's weekdays and monthly
volume, the care plan's days of the week and weeks of the month. The tablet's plan, the visit
form and the service log's checks read the same answers (zabota.delivery.entitlements).

No Django import: plain values in, plain values out (tested without a database).
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zabota.rules.careplan import MONTHLY, TWICE_MONTHLY, WEEKLY

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


# The care plan counts a month as five calculation weeks of 5 + 7 + 7 + 7 + 4 days
# (zabota.rules.careplan). On the calendar we read them as days 1–5, 6–12, 13–19, 20–26 and
# 27 to the end of the month: a service «2 раза в месяц» is due in weeks 2 and 4, «1 раз в
# месяц» in week 3, as the form's generator places them.
_WEEK_STARTS = (1, 6, 13, 20, 27)
_DUE_WEEKS = {TWICE_MONTHLY: (1, 3), MONTHLY: (2,)}


def calculation_week(day: datetime.date) -> int:
    """0–4: the calculation week of the month that holds the day."""
    return sum(1 for start in _WEEK_STARTS[1:] if day.day >= start)


def _week_start(day: datetime.date) -> datetime.date:
    return day.replace(day=_WEEK_STARTS[calculation_week(day)])


@dataclass(frozen=True)
class WeekdaySchedule:
    """An ИППСУ line: a monthly volume done on some weekdays."""

    weekdays: frozenset[str]
    per_month: Decimal
    whole: bool = True

    def due_on(
        self,
        day: datetime.date,
        done_in_month: Decimal = Decimal(0),
        today: datetime.date | None = None,
    ) -> Decimal:
        if day_code(day) not in self.weekdays:
            return Decimal(0)
        return per_visit(self.per_month, self.weekdays, day.replace(day=1), whole=self.whole)


@dataclass(frozen=True)
class CareSchedule:
    """A care plan's service: times on each weekday, or once in the due calculation weeks."""

    periodicity: str
    times_by_day: tuple[int, ...] = (0,) * 7

    def due_on(
        self,
        day: datetime.date,
        done_in_month: Decimal = Decimal(0),
        today: datetime.date | None = None,
    ) -> Decimal:
        """How much is due on the day. A service of a week of the month is due once, on the
        first day of its week not before `today` (the day the plan is read), while not yet
        done: a plan read for the whole week shows it on one day, and a plan read the next
        day shows it again if it was missed."""
        if self.periodicity == WEEKLY:
            return Decimal(times_on(self.times_by_day, day))
        weeks = _DUE_WEEKS.get(self.periodicity, ())
        week = calculation_week(day)
        if week not in weeks:
            return Decimal(0)
        if day != max(_week_start(day), today or day):
            return Decimal(0)
        # In week 2 the first time, in week 4 the second (both, if week 2's was missed).
        expected = weeks.index(week) + 1
        return Decimal(max(0, expected - int(done_in_month)))
