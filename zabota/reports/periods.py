"""The period of a report: its checks, its whole months and its partial edges.

A report reads the monthly totals for the months it covers whole and the service log only for
the days of a month it covers in part, so a year of a large centre reads thousands of rows.
"""

import datetime
from dataclasses import dataclass

from zabota.rules.words import month_name


class PeriodError(ValueError):
    """A period a report cannot be made for; the message is shown to the person as is."""


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return following - datetime.timedelta(days=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def month_label(month: datetime.date) -> str:
    """«октябрь 2026»"""
    return f"{month_name(month.month)} {month.year}"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def checked(cls, start, end, *, today: datetime.date) -> "Period":
        """A period that makes sense for a report, or a PeriodError with a Russian message."""
        if start is None or end is None:
            raise PeriodError("Укажите начало и конец периода.")
        if start > end:
            raise PeriodError(
                f"Начало периода ({start:%d.%m.%Y}) позже его конца ({end:%d.%m.%Y}): "
                "поменяйте даты местами."
            )
        if start > today:
            raise PeriodError(
                f"Период с {start:%d.%m.%Y} ещё не наступил: услуги за будущее не записаны. "
                "Выберите прошедший или текущий месяц."
            )
        if start.year < 2000:
            raise PeriodError("Слишком ранняя дата начала периода: проверьте год.")
        return cls(start, end)

    @classmethod
    def month(cls, day: datetime.date) -> "Period":
        return cls(day.replace(day=1), month_end(day))

    @property
    def is_whole_months(self) -> bool:
        return self.start.day == 1 and self.end == month_end(self.end)

    def whole_months(self) -> tuple[datetime.date, datetime.date] | None:
        """(first day of the first, first day of the last) month lying wholly in the period."""
        first = self.start if self.start.day == 1 else next_month(self.start)
        if self.end == month_end(self.end):
            last = self.end.replace(day=1)
        else:
            last = (self.end.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        if first > last:
            return None
        return first, last

    def edges(self) -> list[tuple[datetime.date, datetime.date]]:
        """The day ranges outside the whole months: at most one at each end."""
        months = self.whole_months()
        if months is None:
            return [(self.start, self.end)]
        first, last = months
        ranges = []
        if self.start < first:
            ranges.append((self.start, first - datetime.timedelta(days=1)))
        if self.end > month_end(last):
            ranges.append((next_month(last), self.end))
        return ranges

    def months(self) -> list[datetime.date]:
        """The first days of every month the period touches."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = next_month(month)
        return months

    @property
    def label(self) -> str:
        """«за октябрь 2026» or «с 01.10.2026 по 15.10.2026»."""
        if self.is_whole_months:
            first, last = self.start, self.end.replace(day=1)
            if first == last:
                return f"за {month_label(first)}"
            if first.year == last.year and first.month == 1 and last.month == 12:
                return f"за {first.year} год"
        return f"с {self.start:%d.%m.%Y} по {self.end:%d.%m.%Y}"

    def as_of(self, today: datetime.date) -> datetime.date:
        """The last day that can have data: the end, or today for a period not yet over."""
        return min(self.end, today)
