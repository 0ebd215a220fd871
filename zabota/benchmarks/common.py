"""What every measurement shares: the scales, the result of one measurement, timing, the data."""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class Scale:
    """The size of the data set (what `demo_data` is given) and of each measurement."""

    name: str
    recipients: int
    months: int
    act_samples: int  # acts issued one by one for act_docx
    bulk_recipients: int  # people in the bulk run of acts_bulk
    pdf_recipients: int  # people in the bulk run with the merged PDF (acts_bulk_pdf)
    report_repeats: int
    users: int  # concurrent locust users
    page_seconds: int  # measured seconds of the locust run (after every user logged in)
    tablets: int
    records_per_tablet: int
    # Targets are checked only where the data is as large as they were set for.
    targets_apply: bool = False
    export_list_rows: int = 100_000  # rows of the list downloaded for export_list_rows_per_s
    # The parts measured when `--only` is not given (none: all of them).
    parts: tuple[str, ...] = ()
    # Institutions of the data set, each of `recipients` (demo_data --institutions).
    institutions: int = 1


SCALES = {
    "large": Scale(
        "large",
        recipients=10_000,
        months=12,
        act_samples=30,
        bulk_recipients=1000,
        pdf_recipients=1000,
        report_repeats=7,
        users=50,
        page_seconds=30,
        tablets=100,
        records_per_tablet=50,
        targets_apply=True,
    ),
    "small": Scale(
        "small",
        recipients=500,
        months=3,
        act_samples=10,
        bulk_recipients=1000,
        pdf_recipients=100,
        report_repeats=5,
        users=50,
        page_seconds=15,
        tablets=100,
        records_per_tablet=50,
    ),
    # A region on PostgreSQL (issue 19, `make bench-region`): many institutions in one database,
    # the measurements of one of them among the others, 100 users at once. Exports and acts
    # depend on one institution's size only and are measured by `large`.
    "region": Scale(
        "region",
        recipients=5_000,
        institutions=20,
        months=12,
        act_samples=30,
        bulk_recipients=1000,
        pdf_recipients=100,
        report_repeats=7,
        users=100,
        page_seconds=30,
        tablets=100,
        records_per_tablet=50,
        targets_apply=True,
        parts=("reports", "pages", "sync"),
    ),
    # For the test of the command: every step runs, nothing is long (two months: the acts
    # and the department's report are of the last whole one).
    "tiny": Scale(
        "tiny",
        recipients=30,
        months=2,
        act_samples=2,
        bulk_recipients=10,
        pdf_recipients=3,
        report_repeats=1,
        users=4,
        page_seconds=2,
        tablets=3,
        records_per_tablet=5,
    ),
}


@dataclass(frozen=True)
class Target:
    """`value` (or `ratio`, when of_ratio) must not exceed `limit` (be at least `limit`, when
    at_least: a speed)."""

    limit: float
    of_ratio: bool = False
    at_least: bool = False

    def met(self, result: Result) -> bool | None:
        measured = result.ratio if self.of_ratio else result.value
        if measured is None:
            return None
        return measured >= self.limit if self.at_least else measured <= self.limit

    def describe(self, unit: str) -> str:
        sign = "≥" if self.at_least else "≤"
        return (
            f"{sign} {self.limit:g} × floor" if self.of_ratio else f"{sign} {self.limit:g} {unit}"
        )


# Issues 10 and 16: the targets at 10 000 recipients and a year of the log on a 2-core machine.
TARGETS = {
    "act_docx": Target(1.2, of_ratio=True),
    # The floor of the bulk runs is the same documents rendered one after another in a bare
    # loop: on two cores the run must take at most 0.6 of it.
    "acts_bulk": Target(0.6, of_ratio=True),
    "acts_bulk_pdf": Target(45),
    # The same by WeasyPrint, measured when LibreOffice servers made acts_bulk_pdf.
    "acts_bulk_pdf_html": Target(45),
    "export_rows_per_s": Target(50_000, at_least=True),
    "export_list_rows_per_s": Target(50_000, at_least=True),
    "export_peak_mb": Target(200),
    "report_institution_year": Target(0.3),
    "report_department_month": Target(0.05),
    # The supervisor's year summed over every institution of the region (issue 19).
    "report_supervisor_year": Target(1.0),
    "page_p95": Target(200),
    "page_errors": Target(0),
    "sync": Target(10),
    "sync_lost": Target(0),
    "sync_duplicated": Target(0),
}
# Never acceptable at any scale: the command exits with an error when one is not zero.
INTEGRITY = ("page_errors", "sync_lost", "sync_duplicated")


@dataclass
class Result:
    name: str
    value: float
    unit: str
    floor: float | None = None
    note: str = field(default="", compare=False)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.value / self.floor

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "value": _round(self.value),
            "unit": self.unit,
            "floor": None if self.floor is None else _round(self.floor),
            # Three significant digits: two decimals would turn an export's 0.1127 into 0.11.
            "ratio": None if self.ratio is None else float(f"{self.ratio:.3g}"),
        }


def _round(number: float) -> float:
    """Four significant digits: 0.02213 s, 15.27 s, 450 ms."""
    if isinstance(number, int) or float(number).is_integer():
        return int(number)
    return float(f"{number:.4g}")


def seconds(function: Callable[[], object], repeats: int = 1) -> float:
    """The median wall time of `repeats` calls, after one call that warms the caches."""
    function()
    times = []
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@dataclass(frozen=True)
class Months:
    """The months the measurements use: the last whole one (acts, the department's report)
    and up to twelve months of data ending with the current one (the year's report)."""

    today: datetime.date
    last_whole: datetime.date  # first day
    year_start: datetime.date  # first day of the oldest month of the year's report
    year_end: datetime.date  # last day of the current month

    @classmethod
    def of(cls, months: int, today: datetime.date | None = None) -> Months:
        today = today or timezone.localdate()
        current = today.replace(day=1)
        last_whole = (current - datetime.timedelta(days=1)).replace(day=1)
        start = current
        for _ in range(max(1, min(months, 12)) - 1):
            start = (start - datetime.timedelta(days=1)).replace(day=1)
        following = (current + datetime.timedelta(days=32)).replace(day=1)
        return cls(today, last_whole, start, following - datetime.timedelta(days=1))
