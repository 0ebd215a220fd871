"""The supervisor's report sections: the extension point of this app.

A section says what figures an institution, each of its departments and (if it goes that deep)
each worker have, from the reports' own selectors; the pages, the XLSX and the totals are built
from that alone. Columns that count people are shown through `zabota.rules.small_groups`.
An app below this one is read by a section of this app (the quality indicators of issue 18,
zabota/supervision/quality.py); an app above would add its own with `register(Section(...))` in
its `extensions.py`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from zabota.core.tables import Column
from zabota.organisation.models import Department, Institution
from zabota.reports.periods import Period

INSTITUTION = "institution"
DEPARTMENT = "department"
WORKER = "worker"
DEPTHS = (INSTITUTION, DEPARTMENT, WORKER)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    columns: tuple[Column, ...]
    # Indexes into `columns` of the counts of people (masked when 1 or 2).
    people: frozenset[int]
    # (institution, period, today) -> the institution's values, one per column.
    of_institution: Callable[[Institution, Period, datetime.date], list]
    # (institution, period, today) -> {department id: values}; a department missing is zeros.
    by_department: Callable[[Institution, Period, datetime.date], dict[int, list]]
    # (department, period, today) -> {staff id: values}; None: the section stops at departments.
    by_worker: Callable[[Department, Period, datetime.date], dict[int, list]] | None = None
    notes: tuple[str, ...] = field(default=())
    # The summed line -> the same line with its shares (%) computed again from the summed
    # counts: a share of the total is never the sum, nor the mean, of the institutions' shares.
    derive: Callable[[list], list] | None = None

    @property
    def deepest(self) -> str:
        return WORKER if self.by_worker is not None else DEPARTMENT

    def zeros(self) -> list:
        return [0 for _ in self.columns]


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: s.order)
