"""The department's report of a month and the institution's report of a year, built by the
functions the report pages call (zabota.reports.builders) down to the rows of every Table.

The floor is one hand-written GROUP BY over the raw service log (delivery_servicerecord) for
the same scope and period: the least any report of these numbers could cost without totals.
"""

from __future__ import annotations

from django.db import connection

from zabota.benchmarks.common import Months, Result, seconds
from zabota.delivery.models import ServiceRecord
from zabota.organisation.models import Department, Institution
from zabota.reports.builders import department_report, institution_report
from zabota.reports.periods import Period
from zabota.reports.queries import Scope
from zabota.supervision.builders import as_table, over_institutions
from zabota.supervision.sections import sections


def _built(report) -> int:
    """Read every row of every table, as the page and the XLSX writer do."""
    return sum(len(list(table.rows)) for table in report.tables)


def _group_by(column: str, key: int, first, last) -> list[tuple]:
    table = ServiceRecord._meta.db_table
    sql = (
        f"SELECT {column}, COUNT(*), COUNT(DISTINCT recipient_id), SUM(norm_minutes), "
        f"SUM(amount) FROM {table} WHERE {column} = %s AND performed_on BETWEEN %s AND %s "
        f"AND cancelled_at IS NULL GROUP BY {column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, first, last])
        return cursor.fetchall()


def _group_by_department(institution_id: int, first, last) -> list[tuple]:
    table = ServiceRecord._meta.db_table
    sql = (
        f"SELECT department_id, COUNT(*), COUNT(DISTINCT recipient_id), SUM(norm_minutes), "
        f"SUM(amount) FROM {table} WHERE institution_id = %s "
        "AND performed_on BETWEEN %s AND %s AND cancelled_at IS NULL GROUP BY department_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [institution_id, first, last])
        return cursor.fetchall()


def measure(institution: Institution, months: Months, repeats: int, log) -> list[Result]:
    department = Department.objects.filter(institution=institution).order_by("number").first()
    month = Period.month(months.last_whole)
    scope = Scope(institution.pk, (department.pk,))
    value = seconds(
        lambda: _built(
            department_report(department=department, scope=scope, period=month, today=months.today)
        ),
        repeats,
    )
    floor = seconds(
        lambda: _group_by("department_id", department.pk, month.start, month.end), repeats
    )
    results = [
        Result(
            "report_department_month",
            value,
            "s",
            floor,
            note=f"{department.name}, {month.label}",
        )
    ]
    log(f"  report_department_month: {value * 1000:.0f} мс (floor {floor * 1000:.0f} мс)")

    year = Period(months.year_start, months.year_end)
    whole = Scope(institution.pk)
    value = seconds(
        lambda: _built(
            institution_report(
                institution=institution, scope=whole, period=year, today=months.today
            )
        ),
        repeats,
    )
    floor = seconds(
        lambda: _group_by_department(institution.pk, year.start, year.end), max(1, repeats // 3)
    )
    results.append(Result("report_institution_year", value, "s", floor, note=year.label))
    log(f"  report_institution_year: {value * 1000:.0f} мс (floor {floor * 1000:.0f} мс)")
    return results


def _group_by_institution(first, last) -> list[tuple]:
    table = ServiceRecord._meta.db_table
    sql = (
        f"SELECT institution_id, COUNT(*), COUNT(DISTINCT recipient_id), SUM(norm_minutes), "
        f"SUM(amount) FROM {table} WHERE performed_on BETWEEN %s AND %s "
        "AND cancelled_at IS NULL GROUP BY institution_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last])
        return cursor.fetchall()


def _consolidated(institutions: list[Institution], period: Period, today) -> int:
    """Every section of the supervisor's start page over all the institutions, down to the
    rows of its table, as the section pages build them (zabota.supervision.views)."""
    return sum(
        len(as_table(over_institutions(section, institutions, period, today), "").rows)
        for section in sections()
    )


def measure_supervisor(months: Months, repeats: int, log) -> list[Result]:
    """`report_supervisor_year` (target ≤ 1 s): a supervisor's consolidated report of a year,
    every section over all the region's institutions, built by the functions its pages call,
    against the floor of one GROUP BY institution_id over the region's service log."""
    institutions = list(Institution.objects.order_by("pk"))
    year = Period(months.year_start, months.year_end)
    value = seconds(lambda: _consolidated(institutions, year, months.today), repeats)
    floor = seconds(lambda: _group_by_institution(year.start, year.end), max(1, repeats // 3))
    log(
        f"  report_supervisor_year: {value * 1000:.0f} мс, учреждений {len(institutions)} "
        f"(floor {floor * 1000:.0f} мс)"
    )
    return [
        Result(
            "report_supervisor_year",
            value,
            "s",
            floor,
            note=f"{year.label}, учреждений: {len(institutions)}",
        )
    ]
