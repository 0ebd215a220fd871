"""Long list exports as jobs: a list whose rows exceed ZABOTA_EXPORT_INLINE_ROWS is written by
the worker and waits in «Мои задания», so a year's service log (millions of rows, minutes of
writing) never holds a request past a proxy's timeout. Smaller ones download at once, as before.

A list registers its export in its app's extensions.py: how to build its tables from a person
and the list page's query string. The view and the worker both call that builder, so the file
is the same whichever way it is made, and it is built under the starter's own scope at the time
it runs."""

import hashlib
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import redirect

from zabota.audit.downloads import xlsx_export
from zabota.core.tables import Table
from zabota.core.xlsx import XLSX_CONTENT_TYPE, write_tables
from zabota.jobs.kinds import JobKind, register
from zabota.jobs.models import Job
from zabota.jobs.runner import JobContext
from zabota.jobs.services import job_start

# How often the job's page learns how many rows are written.
PROGRESS_EVERY = 5000


@dataclass(frozen=True)
class ListExport:
    code: str  # the job kind: "export.<list>", at most 40 characters
    label: str  # «Выгрузка журнала оказанных услуг» in «Мои задания»
    filename: str
    # Whoever may open the list (the job's kind is seen with it).
    capability: str
    # The filters of the list's page from its query string (BadParameter for garbage).
    filters: Callable[[QueryDict], dict[str, Any]]
    # The rows: search(person, **filters), the page's own selector.
    search: Callable[..., QuerySet]
    # The file's table: table(rows, **filters).
    table: Callable[..., Table]


EXPORTS: dict[str, ListExport] = {}


def register_export(export: ListExport) -> None:
    EXPORTS[export.code] = export
    register(
        JobKind(
            code=export.code,
            label=export.label,
            capability=export.capability,
            run=lambda job, context: _run(export, job, context),
        )
    )


def export_download(request, export: ListExport, rows: QuerySet):
    """The list's XLSX: at once when it is short (or when the person has no «Мои задания» to
    find a job in), otherwise queued and the person taken to the job's page."""
    staff = request.staff
    limit = settings.ZABOTA_EXPORT_INLINE_ROWS
    if not staff.can("jobs.view") or rows[: limit + 1].count() <= limit:
        return xlsx_export(
            request, export.filename, export.table(rows, **export.filters(request.GET))
        )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    encoded = query.urlencode()
    job, started = job_start(
        actor=staff,
        kind=export.code,
        # One run per person and filters at a time: a second click joins the first.
        scope=f"{staff.pk}/{hashlib.sha256(encoded.encode()).hexdigest()[:32]}",
        title=export.label,
        params={"query": encoded},
        link=f"{request.path}?{encoded}" if encoded else request.path,
    )
    if started:
        messages.info(
            request,
            f"В списке больше {limit:,} строк: файл готовится в фоне. Его можно скачать здесь "
            "или позже в «Моих заданиях».".replace(",", " "),
        )
    else:
        messages.info(request, "Эта выгрузка уже готовится: показываем начатое задание.")
    return redirect("jobs:detail", pk=job.pk)


def _run(export: ListExport, job: Job, context: JobContext) -> None:
    filters = export.filters(QueryDict(job.params.get("query", "")))
    rows = export.search(job.started_by, **filters)
    total = rows.count()
    context.progress(0, total)
    table = export.table(rows, **filters)
    with tempfile.TemporaryFile(prefix="zabota-export-") as file:
        written = write_tables(file, replace(table, rows=_counted(table.rows, context, total)))
        file.seek(0)
        context.attach(export.filename, file.read(), XLSX_CONTENT_TYPE)
    context.progress(total, total)
    job.message = f"Строк в файле: {written:,}.".replace(",", " ")


def _counted(rows: Iterable, context: JobContext, total: int) -> Iterator:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            context.progress(min(done, total), total)
