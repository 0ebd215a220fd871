"""Large imports as jobs (zabota.jobs): a file of more than ZABOTA_IMPORT_INLINE_ROWS rows is
checked and loaded by the worker, so the request never waits for it (2 000 rows took 6 s to
load; the limit is 20 000). Smaller files stay inline: the person sees the result at once.

Loading is one transaction (every row or none): a load cut short by a crash leaves nothing
behind, and «Продолжить» simply runs it again."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from zabota.exchange import services
from zabota.exchange.models import ImportBatch, ImportKind
from zabota.jobs.kinds import JobKind
from zabota.jobs.models import ACTIVE, Job
from zabota.jobs.runner import JobContext
from zabota.jobs.services import job_start
from zabota.organisation.models import Staff

KIND = "import"
CHECK, COMMIT = "check", "commit"


def runs_in_background(rows: int) -> bool:
    return rows > settings.ZABOTA_IMPORT_INLINE_ROWS


def import_job_start(*, actor: Staff, batch: ImportBatch, step: str) -> tuple[Job, bool]:
    """One job per file at a time: a check and a load of the same file never run together."""
    what = "Проверка файла" if step == CHECK else "Загрузка файла"
    return job_start(
        actor=actor,
        kind=KIND,
        scope=f"batch:{batch.pk}",
        title=f"{what} «{batch.file_name}»"[:300],
        params={"batch": batch.pk, "step": step},
        link=reverse("exchange:import_batch", kwargs={"pk": batch.pk}),
    )


def active_job_of(batch: ImportBatch) -> Job | None:
    return Job.objects.filter(
        institution_id=batch.institution_id, kind=KIND, scope=f"batch:{batch.pk}", status__in=ACTIVE
    ).first()


def run_import(job: Job, context: JobContext) -> None:
    batch = ImportBatch.objects.get(pk=job.params["batch"], institution_id=job.institution_id)
    actor = job.started_by
    job.details = {"link_label": "результат проверки файла"}
    if job.params["step"] == CHECK:
        plan = services.import_batch_check(actor=actor, batch=batch)
        counts = plan.counts
        job.message = (
            f"Проверено строк: {counts.get('rows', 0)}; с ошибками: {counts.get('error', 0)}."
        )
        context.progress(counts.get("rows", 0), counts.get("rows", 0))
        return
    try:
        batch = services.import_batch_commit(actor=actor, batch=batch)
    except services.StalePlanError:
        services.import_batch_check(actor=actor, batch=batch)
        raise ValidationError(
            "Пока файл ждал загрузки, данные в реестре изменились. Файл проверен заново: "
            "посмотрите результат и загрузите ещё раз."
        ) from None
    except services.RowFailure as failure:
        raise ValidationError(f"Ничего не загружено. {failure}") from None
    counts = batch.counts
    nouns = "новых сумм" if batch.kind == ImportKind.INCOMES else "новых"
    job.message = (
        f"Загружено: {nouns} {counts['create']}, изменено {counts['update']}, "
        f"без изменений {counts['unchanged']}."
    )
    context.progress(counts.get("rows", 0), counts.get("rows", 0))


IMPORT_JOB = JobKind(code=KIND, label="Загрузка файла", capability="exchange.run", run=run_import)
