"""The ЕГИССО packages of a large period as a job (zabota.jobs): formed by the same service as
the page and export_egisso (services.egisso_export), so the facts are followed and the packages
kept in the log just the same; the job keeps a copy of each file in «Мои задания». The check
page stays inline (its problems are read on the page); a period of more than
ZABOTA_EGISSO_INLINE_PROGRAMS programs or records offers this job instead of forming at once."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from zabota.exchange.egisso import services
from zabota.jobs.kinds import JobKind
from zabota.jobs.models import Job
from zabota.jobs.runner import JobContext
from zabota.jobs.services import job_start
from zabota.organisation.models import Staff

KIND = "egisso"


def runs_in_background(size: int) -> bool:
    return size > settings.ZABOTA_EGISSO_INLINE_PROGRAMS


def egisso_job_start(
    *, actor: Staff, date_from: datetime.date, date_to: datetime.date
) -> tuple[Job, bool]:
    period = {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
    return job_start(
        actor=actor,
        kind=KIND,
        scope=f"{date_from:%Y-%m-%d}/{date_to:%Y-%m-%d}",
        title=f"Пакет для ЕГИССО за {date_from:%d.%m.%Y}–{date_to:%d.%m.%Y}",
        params=period,
        link=reverse("exchange:egisso") + "?" + urlencode(period),
    )


def run_egisso(job: Job, context: JobContext) -> None:
    # One transaction (the service's): an interrupted job formed nothing and simply runs again.
    period = {
        "date_from": datetime.date.fromisoformat(job.params["date_from"]),
        "date_to": datetime.date.fromisoformat(job.params["date_to"]),
    }
    job.details = {"link_label": "проверка периода"}
    try:
        export = services.egisso_export(actor=job.started_by, **period)
    except services.EgissoInvalid as invalid:
        raise ValidationError(
            f"Пакет не сформирован: найдено ошибок — {invalid.check.problem_count}. Исправьте "
            "их и проверьте период ещё раз."
        ) from None
    except services.NothingToExport:
        job.message = services.NOTHING_MESSAGE
        return
    for package in export.packages:
        context.attach(package.file_name, bytes(package.content), "application/xml")
    records = export.facts + export.changes
    context.progress(records, records)
    # The result is marked on the packages' page, so that is where the job leads now.
    job.link = reverse("exchange:egisso_packages")
    Job.objects.filter(pk=job.pk).update(link=job.link)
    job.details = {"link_label": "пакеты ЕГИССО — скачать и отметить результат загрузки"}
    job.message = (
        f"Новых фактов: {export.facts}; изменений: {export.changes}; "
        f"пакетов: {len(export.packages)}."
    )


EGISSO_JOB = JobKind(
    code=KIND,
    label="Выгрузка в ЕГИССО",
    capability="exchange.run",
    run=run_egisso,
)
