"""The supervisor's reports as the page shows them and as the worker builds them when they are
long (zabota.jobs.reports): one section at one level, every section at once, the consolidated
6-собес. The page and the job call the same functions with the same query string."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, QueryDict

from zabota.core.params import int_param
from zabota.core.tables import Table
from zabota.jobs.reports import Progress, ReportJob
from zabota.organisation.access import supervised_institutions
from zabota.organisation.models import Department, Institution, Staff
from zabota.reports.forms import PeriodForm, SobesForm
from zabota.reports.periods import Period
from zabota.reports.selectors import recipient_months
from zabota.reports.sobes import sobes_consolidated
from zabota.supervision.builders import (
    Breakdown,
    as_table,
    over_departments,
    over_institutions,
    over_workers,
)
from zabota.supervision.sections import Section, sections
from zabota.supervision.selectors import get_department_of, get_section, get_supervised_institution


def level_of(
    staff: Staff, chosen: Section, query: QueryDict
) -> tuple[Institution | None, Department | None]:
    """The institution and department `?institution=` and `?department=` open, each through the
    supervisor's own set (404 otherwise)."""
    institution_pk = int_param(query, "institution")
    department_pk = int_param(query, "department")
    institution = get_supervised_institution(staff, institution_pk) if institution_pk else None
    if department_pk is None:
        return institution, None
    if institution is None or chosen.by_worker is None:
        # A department is read inside one of the supervisor's institutions, and only in a
        # section that goes down to workers.
        raise Http404("Отделение открывается внутри учреждения.")
    return institution, get_department_of(institution, department_pk)


def size_of(
    staff: Staff, institution: Institution | None, department: Department | None, period: Period
) -> int:
    """People × months the report reads: what decides whether the worker builds it."""
    if department is not None:
        return recipient_months(Q(department_id=department.pk), period)
    if institution is not None:
        return recipient_months(Q(institution_id=institution.pk), period)
    ids = list(supervised_institutions(staff).values_list("pk", flat=True))
    return recipient_months(Q(institution_id__in=ids), period)


def section_breakdown(
    staff: Staff,
    chosen: Section,
    institution: Institution | None,
    department: Department | None,
    period: Period,
    today: datetime.date,
) -> tuple[Breakdown, Table]:
    if department is not None:
        breakdown = over_workers(chosen, department, period, today)
        where = f"{institution}, {department.name}"
    elif institution is not None:
        breakdown = over_departments(chosen, institution, period, today)
        where = str(institution)
    else:
        breakdown = over_institutions(chosen, list(supervised_institutions(staff)), period, today)
        where = "Все курируемые учреждения"
    return breakdown, as_table(breakdown, f"{where}, {period.label}")


def section_filename(chosen: Section, period: Period) -> str:
    return f"{chosen.title} {period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}.xlsx"


def _period_form(query: QueryDict, form_class=PeriodForm):
    form = form_class(query)
    if not form.is_valid():
        raise ValidationError(
            [f"{e}" for errors in form.errors.values() for e in errors] or "Неверный период."
        )
    return form


def build_section(staff: Staff, query: QueryDict, progress: Progress) -> tuple[str, list[Table]]:
    chosen = get_section(query.get("section", ""))
    form = _period_form(query)
    institution, department = level_of(staff, chosen, query)
    _, table = section_breakdown(staff, chosen, institution, department, form.period, form.today)
    progress(1, 1)
    return section_filename(chosen, form.period), [table]


def build_all(staff: Staff, query: QueryDict, progress: Progress) -> tuple[str, list[Table]]:
    """Every section over all the supervisor's institutions: the year's consolidated file."""
    form = _period_form(query)
    institutions = list(supervised_institutions(staff))
    chosen = sections()
    tables = []
    for done, section in enumerate(chosen, start=1):
        breakdown = over_institutions(section, institutions, form.period, form.today)
        table = as_table(breakdown, f"Все курируемые учреждения, {form.period.label}")
        table.sheet_name = section.title[:31]
        tables.append(table)
        progress(done, len(chosen))
    period = form.period
    return f"Свод по учреждениям {period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}.xlsx", tables


def sobes_report(staff: Staff, form: SobesForm):
    return sobes_consolidated(
        institutions=list(supervised_institutions(staff)),
        period=form.period,
        today=form.today,
        column=form.cleaned_data["column"],
    )


def build_sobes(staff: Staff, query: QueryDict, progress: Progress) -> tuple[str, list[Table]]:
    report = sobes_report(staff, _period_form(query, SobesForm))
    progress(1, 1)
    return report.filename, list(report.tables)


SECTION_REPORT = ReportJob(
    code="report.supervision.section",
    label="Свод по учреждениям: раздел",
    capability="supervision.view",
    build=build_section,
)
ALL_SECTIONS_REPORT = ReportJob(
    code="report.supervision.all",
    label="Свод по учреждениям: все разделы",
    capability="supervision.view",
    build=build_all,
)
SOBES_REPORT = ReportJob(
    code="report.supervision.sobes",
    label="Форма 6-собес, свод",
    capability="supervision.view",
    build=build_sobes,
)
