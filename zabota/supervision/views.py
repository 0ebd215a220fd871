"""The supervisor's pages: figures of their institutions, never a person (docs/supervision.md).

Each page reads one level — the institutions, one institution's departments, one department's
workers — chosen by `?institution=` and `?department=`, each fetched through the supervisor's
own set (404 otherwise)."""

from django.shortcuts import render
from django.urls import reverse, reverse_lazy

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.jobs.reports import report_is_long, report_job_start
from zabota.organisation.access import supervised_institutions
from zabota.reports.forms import PeriodForm, SobesForm, shortcuts
from zabota.supervision.reports import (
    ALL_SECTIONS_REPORT,
    SECTION_REPORT,
    SOBES_REPORT,
    build_all,
    level_of,
    section_breakdown,
    section_filename,
    size_of,
    sobes_report,
)
from zabota.supervision.sections import sections
from zabota.supervision.selectors import get_section

INDEX_CRUMB = ("Свод по учреждениям", reverse_lazy("supervision:index"))


@allow("supervision.view")
def index(request):
    return render(
        request,
        "supervision/index.html",
        {
            "institutions": supervised_institutions(request.staff),
            "sections": sections(),
            "form": PeriodForm(),
            "breadcrumbs": [(INDEX_CRUMB[0], None)],
        },
    )


@allow("supervision.view")
def section(request, key: str):
    staff = request.staff
    chosen = get_section(key)
    form = PeriodForm(request.GET)
    institution, department = level_of(staff, chosen, request.GET)
    here = reverse("supervision:section", args=[key])
    crumbs = [INDEX_CRUMB, (chosen.title, here if institution else None)]
    if department is not None:
        crumbs += [
            (str(institution), f"{here}?institution={institution.pk}"),
            (department.name, None),
        ]
    elif institution is not None:
        crumbs.append((str(institution), None))
    table = lines = None
    long = False
    if form.is_valid():
        period, today = form.period, form.today
        long = report_is_long(staff, size_of(staff, institution, department, period))
        if long and wants_xlsx(request):
            return report_job_start(
                request,
                SECTION_REPORT,
                title=f"{chosen.title}, {period.label}",
                extra={"section": key},
            )
    if form.is_valid() and not long:
        breakdown, table = section_breakdown(staff, chosen, institution, department, period, today)
        if wants_xlsx(request):
            return xlsx_export(
                request, section_filename(chosen, period), table, personal_data=False
            )
        lines = [
            {"row": row, "link": _link(here, breakdown, line, institution, chosen)}
            for row, line in zip(table.rows, breakdown.lines, strict=True)
        ]
    return render(
        request,
        "supervision/section.html",
        {
            "section": chosen,
            "form": form,
            "table": table,
            "lines": lines,
            "long": long,
            "institution": institution,
            "department": department,
            "query": request.GET.urlencode(),
            "shortcuts": shortcuts(form.today),
            "sections": sections(),
            "breadcrumbs": crumbs,
        },
    )


def _link(here, breakdown, line, institution, chosen) -> str:
    if line.opens is None:
        return ""
    if institution is None:
        return f"{here}?institution={line.opens}"
    if chosen.by_worker is not None:
        return f"{here}?institution={institution.pk}&department={line.opens}"
    return ""


@allow("supervision.view")
def sobes(request):
    staff = request.staff
    form = SobesForm(request.GET)
    report = None
    long = False
    if form.is_valid() and supervised_institutions(staff).exists():
        long = report_is_long(staff, size_of(staff, None, None, form.period))
        if long and wants_xlsx(request):
            return report_job_start(
                request, SOBES_REPORT, title=f"Форма 6-собес, свод, {form.period.label}"
            )
        if not long:
            report = sobes_report(staff, form)
            if wants_xlsx(request):
                return xlsx_export(request, report.filename, *report.tables, personal_data=False)
    return render(
        request,
        "supervision/sobes.html",
        {
            "report": report,
            "long": long,
            "form": form,
            "query": request.GET.urlencode(),
            "shortcuts": shortcuts(form.today),
            "breadcrumbs": [INDEX_CRUMB, ("Форма 6-собес, свод", None)],
        },
    )


@allow("supervision.view")
def everything(request):
    """Every section over all the institutions in one file: at once when short, by the worker
    when long (a year of a region)."""
    staff = request.staff
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "supervision/index.html",
            {
                "institutions": supervised_institutions(staff),
                "sections": sections(),
                "form": form,
                "breadcrumbs": [(INDEX_CRUMB[0], None)],
            },
            status=400,
        )
    if report_is_long(staff, size_of(staff, None, None, form.period)):
        return report_job_start(
            request, ALL_SECTIONS_REPORT, title=f"Свод по учреждениям, {form.period.label}"
        )
    filename, tables = build_all(staff, request.GET, lambda done, total: None)
    return xlsx_export(request, filename, *tables, personal_data=False)
