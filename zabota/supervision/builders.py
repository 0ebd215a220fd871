"""A section's figures as a breakdown (raw numbers, for the tests and the totals) and as a
`Table` (people counts masked by zabota.rules.small_groups), one level at a time:
the supervisor's institutions → one institution's departments → one department's workers."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from zabota.core.tables import Column, Table
from zabota.organisation.models import Department, Institution
from zabota.reports.periods import Period
from zabota.rules.small_groups import SMALL_GROUP, people_shown
from zabota.supervision.sections import DEPARTMENT, INSTITUTION, WORKER, Section
from zabota.supervision.selectors import departments_of, workers_of

SMALL_NOTE = (
    f"Группы меньше {SMALL_GROUP} человек показаны как «< {SMALL_GROUP}»: куратор видит "
    "сводные данные, а не людей (152-ФЗ, ст. 5 ч. 7)."
)


@dataclass
class Line:
    label: str
    # The pk of the institution or department the line opens (None: a worker, the last level).
    opens: int | None
    values: list


@dataclass
class Breakdown:
    section: Section
    level: str  # whose lines: institutions, departments or workers
    heading: str
    lines: list[Line]
    totals: list


def _add(rows: list[list]) -> list:
    if not rows:
        return []
    sums = []
    for column in zip(*rows, strict=True):
        numbers = [v for v in column if isinstance(v, int | Decimal)]
        sums.append(
            sum(numbers, Decimal(0) if any(isinstance(v, Decimal) for v in numbers) else 0)
            if numbers
            else None
        )
    return sums


def over_institutions(
    section: Section, institutions: list[Institution], period: Period, today: datetime.date
) -> Breakdown:
    """One line per institution, each its own report's figure; the total is their sum (a
    recipient belongs to one institution, so people add up too)."""
    lines = [Line(str(i), i.pk, section.of_institution(i, period, today)) for i in institutions]
    totals = _add([line.values for line in lines]) or section.zeros()
    if section.derive is not None:
        totals = section.derive(totals)
    return Breakdown(section, INSTITUTION, "Учреждение", lines, totals)


def over_departments(
    section: Section, institution: Institution, period: Period, today: datetime.date
) -> Breakdown:
    found = section.by_department(institution, period, today)
    lines = [
        Line(d.name, d.pk, found.get(d.pk, section.zeros()))
        for d in departments_of(institution)
        if d.is_active or d.pk in found
    ]
    return Breakdown(
        section,
        DEPARTMENT,
        "Отделение",
        lines,
        section.of_institution(institution, period, today),
    )


def over_workers(
    section: Section, department: Department, period: Period, today: datetime.date
) -> Breakdown:
    assert section.by_worker is not None
    found = section.by_worker(department, period, today)
    lines = [
        Line(
            f"{w.full_name} ({w.get_role_display().lower()})",
            None,
            found.get(w.pk, section.zeros()),
        )
        for w in workers_of(department, found)
    ]
    institution_figures = section.by_department(department.institution, period, today)
    totals = institution_figures.get(department.pk, section.zeros())
    return Breakdown(section, WORKER, "Сотрудник", lines, totals)


def masked(section: Section, values: list) -> list:
    return [people_shown(v) if i in section.people else v for i, v in enumerate(values)]


def as_table(breakdown: Breakdown, subtitle: str) -> Table:
    section = breakdown.section
    return Table(
        title=section.title,
        sheet_name=section.title[:31],
        subtitle=subtitle,
        columns=[Column(breakdown.heading, 44), *section.columns],
        rows=[[line.label, *masked(section, line.values)] for line in breakdown.lines],
        totals=["Итого", *masked(section, breakdown.totals)],
        notes=[*section.notes, SMALL_NOTE],
    )
