"""The quarterly indicators on screen with the trend by quarter, and as XLSX and DOCX."""

from django.shortcuts import render

from zabota.audit.downloads import xlsx_export
from zabota.core.access import allow
from zabota.core.docx_tables import DOCX_CONTENT_TYPE, tables_to_docx
from zabota.core.lists import querystring_without_page
from zabota.core.params import choice_param, int_param
from zabota.core.xlsx import download_response
from zabota.organisation.selectors import departments_for, get_department_for
from zabota.quality.forms import QualityPeriodForm, quarter_shortcuts
from zabota.quality.report import chart_data, quality_report
from zabota.reports.selectors import report_scope

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
    if form.is_valid():
        result, trend = quality_report(
            institution=staff.institution,
            scope=report_scope(staff, department=department),
            period=form.period,
            today=form.today,
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
            "form": form,
            "chart": chart_data(trend) if trend else None,
            "departments": departments,
            "department": department,
            "query": querystring_without_page(request),
            "shortcuts": quarter_shortcuts(form.today),
            "breadcrumbs": [("Показатели качества", None)],
        },
    )
