"""Report pages: each builds a `builders.Report` and shows it, or writes it as XLSX."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse_lazy

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import int_param
from zabota.organisation.selectors import departments_for, get_department_for
from zabota.reports import analytics as analytics_module
from zabota.reports.builders import (
    KIND_DEPARTMENT,
    KIND_INSTITUTION,
    KIND_SOBES,
    KIND_WORKER,
    KINDS,
    Report,
    department_report,
    institution_report,
    worker_report,
)
from zabota.reports.forms import AnalyticsForm, PeriodForm, SobesForm, neighbours, shortcuts
from zabota.reports.selectors import (
    get_worker_for,
    own_scope,
    report_scope,
    workers_for,
)
from zabota.reports.sobes import sobes_report

INDEX_CRUMB = ("Отчёты", reverse_lazy("reports:index"))


def _show(request, report: Report | None, form, *, choose=None, extra=None):
    """The report on screen, or its XLSX (journalled when it names recipients)."""
    if report is not None and wants_xlsx(request):
        return xlsx_export(
            request, report.filename, *report.tables, personal_data=report.personal_data
        )
    today = form.today
    period = form.period
    context = {
        "report": report,
        "form": form,
        "choose": choose,
        "query": querystring_without_page(request),
        "choose_query": urlencode({choose["name"]: choose["value"]})
        if choose and choose["value"]
        else "",
        "shortcuts": shortcuts(today),
        "neighbours": neighbours(period, today) if period else {},
        "breadcrumbs": [INDEX_CRUMB, (report.title if report else "Отчёт", None)],
        **(extra or {}),
    }
    if context.get("own"):
        # A field worker has no list of reports: their own is the only one.
        context["breadcrumbs"] = [("Мой отчёт", None)]
    template = (
        "reports/sobes.html" if report and report.kind == KIND_SOBES else "reports/report.html"
    )
    return render(request, template, context)


@allow("reports.view")
def index(request):
    staff = request.staff
    form = PeriodForm(request.GET)
    form.is_valid()
    departments = departments_for(staff)
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "kinds": KINDS,
            "departments": departments,
            "workers": workers_for(staff).filter(user__is_active=True).select_related("department"),
            "shortcuts": shortcuts(form.today),
            "dates": {
                "date_from": form.data.get("date_from", ""),
                "date_to": form.data.get("date_to", ""),
            },
            "can_analyse": staff.can("analytics.view"),
            "breadcrumbs": [("Отчёты", None)],
        },
    )


@allow("reports.view")
def worker(request):
    staff = request.staff
    form = PeriodForm(request.GET)
    chosen = int_param(request, "worker")
    person = get_worker_for(staff, chosen) if chosen else None
    report = None
    if person is not None and form.is_valid():
        report = worker_report(
            worker=person,
            scope=report_scope(staff, worker=person),
            period=form.period,
            today=form.today,
        )
    return _show(
        request,
        report,
        form,
        choose={
            "name": "worker",
            "label": "Сотрудник",
            "options": [
                (w.pk, f"{w.full_name} — {w.department or ''}") for w in workers_for(staff)
            ],
            "value": chosen,
            "missing": "Выберите сотрудника, чтобы построить его отчёт." if not chosen else "",
        },
        extra={"kind": KIND_WORKER},
    )


@allow("reports.own")
def mine(request):
    """A social worker's or caregiver's own report: only their own work."""
    staff = request.staff
    form = PeriodForm(request.GET)
    report = None
    if form.is_valid():
        report = worker_report(
            worker=staff, scope=own_scope(staff), period=form.period, today=form.today
        )
    return _show(request, report, form, extra={"kind": KIND_WORKER, "own": True})


@allow("reports.view")
def department(request):
    staff = request.staff
    form = PeriodForm(request.GET)
    departments = list(departments_for(staff))
    chosen = int_param(request, "department")
    if chosen is None and len(departments) == 1:
        chosen = departments[0].pk
    unit = get_department_for(staff, chosen) if chosen else None
    report = None
    if unit is not None and form.is_valid():
        report = department_report(
            department=unit,
            scope=report_scope(staff, department=unit),
            period=form.period,
            today=form.today,
        )
    return _show(
        request,
        report,
        form,
        choose={
            "name": "department",
            "label": "Отделение",
            "options": [(d.pk, d.name) for d in departments],
            "value": chosen,
            "missing": "Выберите отделение." if not chosen else "",
        },
        extra={"kind": KIND_DEPARTMENT},
    )


@allow("reports.view")
def institution(request):
    staff = request.staff
    form = PeriodForm(request.GET)
    report = None
    if form.is_valid():
        scope = report_scope(staff)
        report = institution_report(
            institution=staff.institution, scope=scope, period=form.period, today=form.today
        )
        if scope.department_ids is not None:
            report.warnings.append("Показаны только отделения, отчёты которых вам доступны.")
    return _show(request, report, form, extra={"kind": KIND_INSTITUTION})


@allow("reports.view")
def sobes(request):
    staff = request.staff
    form = SobesForm(request.GET)
    report = None
    if form.is_valid():
        scope = report_scope(staff)
        partial = ""
        if scope.department_ids is not None:
            names = ", ".join(d.name for d in departments_for(staff))
            partial = f"Только по доступным вам отделениям ({names}), не по всему учреждению."
        report = sobes_report(
            institution=staff.institution,
            scope=scope,
            period=form.period,
            today=form.today,
            column=form.cleaned_data["column"],
            partial_scope=partial,
        )
        if partial:
            report.warnings.append(partial)
    return _show(request, report, form, extra={"kind": KIND_SOBES})


@allow("analytics.view")
def analytics(request):
    staff = request.staff
    form = AnalyticsForm(request.GET)
    departments = list(departments_for(staff))
    chosen = int_param(request, "department")
    unit = get_department_for(staff, chosen) if chosen else None
    result = None
    if form.is_valid():
        period = form.period
        where = unit.name if unit else str(staff.institution)
        result = analytics_module.run(
            scope=report_scope(staff, department=unit),
            period=period,
            dimensions=form.cleaned_data["dimensions"],
            measures=form.cleaned_data["measures"],
            subtitle=f"{where}, {period.label}",
            today=form.today,
        )
        if wants_xlsx(request):
            return xlsx_export(request, "Аналитика.xlsx", result.table, personal_data=False)
    return render(
        request,
        "reports/analytics.html",
        {
            "form": form,
            "result": result,
            "page": paginate(request, result.rows, per_page=100) if result else None,
            "query": querystring_without_page(request),
            "departments": departments,
            "department_id": chosen,
            "shortcuts": shortcuts(form.today),
            "breadcrumbs": [INDEX_CRUMB, ("Аналитика", None)],
        },
    )
