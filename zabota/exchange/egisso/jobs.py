"""The ЕГИССО file of a large period as a job (zabota.jobs): built and validated whole by the
worker, kept in «Мои задания» for download. The check page stays inline (its problems are read
on the page); a period of more than ZABOTA_EGISSO_INLINE_PROGRAMS programs offers this job
instead of the direct download, which builds and validates every fact once more."""

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


def runs_in_background(programs: int) -> bool:
    return programs > settings.ZABOTA_EGISSO_INLINE_PROGRAMS


def egisso_job_start(
    *, actor: Staff, date_from: datetime.date, date_to: datetime.date
) -> tuple[Job, bool]:
    period = {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
    return job_start(
        actor=actor,
        kind=KIND,
        scope=f"{date_from:%Y-%m-%d}/{date_to:%Y-%m-%d}",
        title=f"Файл для ЕГИССО за {date_from:%d.%m.%Y}–{date_to:%d.%m.%Y}",
        params=period,
        link=reverse("exchange:egisso") + "?" + urlencode(period),
    )


def run_egisso(job: Job, context: JobContext) -> None:
    period = {
        "date_from": datetime.date.fromisoformat(job.params["date_from"]),
        "date_to": datetime.date.fromisoformat(job.params["date_to"]),
    }
    job.details = {"link_label": "проверка периода"}
    try:
        export = services.egisso_export(actor=job.started_by, **period)
    except services.EgissoInvalid as invalid:
        raise ValidationError(
            f"Файл не сформирован: найдено ошибок — {invalid.check.problem_count}. Исправьте "
            "их и проверьте период ещё раз."
        ) from None
    name, content, content_type = services.download(export, **period)
    context.attach(name, content, content_type)
    context.progress(export.facts, export.facts)
    job.message = f"Фактов назначения: {export.facts}; файлов: {len(export.files)}."


EGISSO_JOB = JobKind(
    code=KIND,
    label="Выгрузка в ЕГИССО",
    capability="exchange.run",
    run=run_egisso,
)
