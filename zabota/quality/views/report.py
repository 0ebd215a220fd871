"""The quarterly indicators on screen with the trend by quarter, and as XLSX and DOCX."""

from django.shortcuts import render

from zabota.audit.downloads import xlsx_export
from zabota.core.access import allow
from zabota.core.docx_tables import DOCX_CONTENT_TYPE, tables_to_docx
from zabota.core.lists import querystring_without_page
from zabota.core.params import choice_param, int_param
from zabota.core.xlsx import download_response
from zabota.jobs.reports import report_is_long, report_job_start
from zabota.organisation.selectors import departments_for, get_department_for
from zabota.quality.forms import QualityPeriodForm, quarter_shortcuts
from zabota.quality.jobs import QUALITY_REPORT
from zabota.quality.report import chart_data, quality_report
from zabota.reports.selectors import recipient_months, report_scope

FORMATS = ("xlsx", "docx")


@allow("quality.report")
def report(request):
    staff = request.staff
    form = QualityPeriodForm(request.GET)
    fmt = choice_param(request, "format", FORMATS)
    departments = list(departments_for(staff))
    chosen = int_param(request, "department")
    department = get_department_for(staff, chosen) if chosen else None
    result, trend = None, []
    long = False
    if form.is_valid():
        scope = report_scope(staff, department=department)
        long = report_is_long(staff, recipient_months(scope.q(), form.period))
        if long and fmt:
            # The worker writes the XLSX (a DOCX of a report this size is not made in bulk).
            return report_job_start(
                request, QUALITY_REPORT, title=f"Показатели качества, {form.period.label}"
            )
    if form.is_valid() and not long:
        result, trend = quality_report(
            institution=staff.institution, scope=scope, period=form.period, today=form.today
        )
        if fmt == "xlsx":
            return xlsx_export(request, result.filename, *result.tables, personal_data=False)
        if fmt == "docx":
            content = tables_to_docx(result.title, result.subtitle, *result.tables)
            return download_response(
                content, result.filename.replace(".xlsx", ".docx"), DOCX_CONTENT_TYPE
            )
    return render(
        request,
        "quality/report.html",
        {
            "report": result,
            "long": long,
            "form": form,
            "chart": chart_data(trend) if trend else None,
            "departments": departments,
            "department": department,
            "query": querystring_without_page(request),
            "shortcuts": quarter_shortcuts(form.today),
            "breadcrumbs": [("Показатели качества", None)],
        },
    )
