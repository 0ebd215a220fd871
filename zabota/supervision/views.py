"""The supervisor's pages: figures of their institutions, never a person (docs/supervision.md).

Each page reads one level — the institutions, one institution's departments, one department's
workers — chosen by `?institution=` and `?department=`, each fetched through the supervisor's
own set (404 otherwise)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse, reverse_lazy

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.params import int_param
from zabota.organisation.access import supervised_institutions
from zabota.reports.forms import PeriodForm, SobesForm, shortcuts
from zabota.reports.sobes import sobes_consolidated
from zabota.supervision.builders import as_table, over_departments, over_institutions, over_workers
from zabota.supervision.sections import sections
from zabota.supervision.selectors import (
    get_department_of,
    get_section,
    get_supervised_institution,
)

INDEX_CRUMB = ("Свод по учреждениям", reverse_lazy("supervision:index"))


@allow("supervision.view")
def index(request):
    return render(
        request,
        "supervision/index.html",
        {
            "institutions": supervised_institutions(request.staff),
            "sections": sections(),
            "breadcrumbs": [(INDEX_CRUMB[0], None)],
        },
    )


@allow("supervision.view")
def section(request, key: str):
    staff = request.staff
    chosen = get_section(key)
    form = PeriodForm(request.GET)
    institution_pk = int_param(request, "institution")
    department_pk = int_param(request, "department")
    institution = get_supervised_institution(staff, institution_pk) if institution_pk else None
    department = None
    if department_pk is not None:
        if institution is None or chosen.by_worker is None:
            # A department is read inside one of the supervisor's institutions, and only in a
            # section that goes down to workers.
            raise Http404("Отделение открывается внутри учреждения.")
        department = get_department_of(institution, department_pk)
    here = reverse("supervision:section", args=[key])
    crumbs = [INDEX_CRUMB, (chosen.title, here if institution else None)]
    table = lines = None
    if form.is_valid():
        period, today = form.period, form.today
        if department is not None:
            breakdown = over_workers(chosen, department, period, today)
            where = f"{institution}, {department.name}"
            crumbs += [
                (str(institution), f"{here}?institution={institution.pk}"),
                (department.name, None),
            ]
        elif institution is not None:
            breakdown = over_departments(chosen, institution, period, today)
            where = str(institution)
            crumbs.append((str(institution), None))
        else:
            breakdown = over_institutions(
                chosen, list(supervised_institutions(staff)), period, today
            )
            where = "Все курируемые учреждения"
        table = as_table(breakdown, f"{where}, {period.label}")
        if wants_xlsx(request):
            return xlsx_export(
                request,
                f"{chosen.title} {period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}.xlsx",
                table,
                personal_data=False,
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
    form = SobesForm(request.GET)
    institutions = list(supervised_institutions(request.staff))
    report = None
    if form.is_valid() and institutions:
        report = sobes_consolidated(
            institutions=institutions,
            period=form.period,
            today=form.today,
            column=form.cleaned_data["column"],
        )
        if wants_xlsx(request):
            return xlsx_export(request, report.filename, *report.tables, personal_data=False)
    return render(
        request,
        "supervision/sobes.html",
        {
            "report": report,
            "form": form,
            "query": request.GET.urlencode(),
            "shortcuts": shortcuts(form.today),
            "breadcrumbs": [INDEX_CRUMB, ("Форма 6-собес, свод", None)],
        },
    )
