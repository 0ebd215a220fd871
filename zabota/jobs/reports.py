"""Long reports as jobs: a report over more recipient-months than
ZABOTA_REPORT_INLINE_RECIPIENT_MONTHS (a supervisor's year over a region, the quality indicators
of a large centre) is built by the worker and waits in «Мои задания» as an XLSX file, instead of
holding a request for a minute. A shorter one is shown and downloaded at once, as before.

A report registers itself in its app's extensions.py: how to build its tables from the person
and the page's query string. The page and the worker call that same builder, under the person's
own scope at the time it runs, so the file is the same whichever way it is made."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect

from zabota.core.tables import Table
from zabota.core.xlsx import XLSX_CONTENT_TYPE, table_to_xlsx
from zabota.jobs.kinds import JobKind, register
from zabota.jobs.models import Job
from zabota.jobs.runner import JobContext
from zabota.jobs.services import job_start
from zabota.organisation.models import Staff

# progress(done, total): how far the builder is (sections, departments…).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ReportJob:
    code: str  # the job kind: "report.<name>", at most 40 characters
    label: str  # «Свод по учреждениям за период» in «Мои задания»
    # Whoever may open the report's page (the job's kind is seen with it).
    capability: str
    # The report from the person and the page's query string: (file name, its tables). Garbage
    # in the query raises BadParameter or ValidationError, which fails the job with its message.
    build: Callable[[Staff, QueryDict, Progress], tuple[str, list[Table]]]


REPORTS: dict[str, ReportJob] = {}


def register_report(report: ReportJob) -> None:
    REPORTS[report.code] = report
    register(
        JobKind(
            code=report.code,
            label=report.label,
            capability=report.capability,
            run=lambda job, context: _run(report, job, context),
        )
    )


def report_is_long(staff: Staff, recipient_months: int) -> bool:
    """Whether a report of this size goes to the worker: only for those who have «Мои
    задания» to find it in."""
    limit = settings.ZABOTA_REPORT_INLINE_RECIPIENT_MONTHS
    return recipient_months > limit and staff.can("jobs.view")


def report_job_start(request, report: ReportJob, *, title: str, extra: dict | None = None):
    """Queue the report of the page's query, with `extra` parameters the page knows from its
    path (a second click joins the first run), and take the person to the job's page."""
    staff = request.staff
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    for name, value in (extra or {}).items():
        query[name] = value
    encoded = query.urlencode()
    job, started = job_start(
        actor=staff,
        kind=report.code,
        # One run per person and query at a time (a supervisor's job has no institution to
        # tell people apart: the person is in the scope).
        scope=f"{staff.pk}/{hashlib.sha256(encoded.encode()).hexdigest()[:32]}",
        title=title,
        params={"query": encoded},
        link=f"{request.path}?{encoded}" if encoded else request.path,
    )
    if started:
        messages.info(
            request,
            "Отчёт большой: он составляется в фоне. Файл можно будет скачать здесь или позже "
            "в «Моих заданиях».",
        )
    else:
        messages.info(request, "Этот отчёт уже составляется: показываем начатое задание.")
    return redirect("jobs:detail", pk=job.pk)


def _run(report: ReportJob, job: Job, context: JobContext) -> None:
    context.progress(0, 1)
    filename, tables = report.build(
        job.started_by, QueryDict(job.params.get("query", "")), context.progress
    )
    context.attach(filename, table_to_xlsx(*tables), XLSX_CONTENT_TYPE)
    rows = sum(len(table.rows) for table in tables)
    job.message = f"Отчёт составлен: таблиц {len(tables)}, строк {rows}."
