"""Running one job: queued → running → done, failed or interrupted; progress written as it goes,
files attached at the end. The same code runs in the worker and, for tests and small inline
work (ZABOTA_JOBS_INLINE), in the caller's process."""

import datetime
import logging
import threading

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.jobs.kinds import kind_of
from zabota.jobs.models import INTERRUPTED_TEXT, Job, JobFile, JobStatus

logger = logging.getLogger(__name__)

# Set by the worker when it is asked to stop (SIGTERM): a job stops after its current item.
STOPPING = threading.Event()


class JobStopped(Exception):
    """The worker is stopping; the job finished its current item and can go on later."""


class JobContext:
    """What a job's body uses to report progress, to learn it should stop, to keep its files."""

    def __init__(self, job: Job):
        self.job = job

    def progress(self, done: int, total: int) -> None:
        self.job.done, self.job.total = done, total
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total)

    def should_stop(self) -> bool:
        return STOPPING.is_set()

    def attach(self, name: str, content: bytes, content_type: str) -> JobFile:
        return JobFile.objects.create(
            job=self.job, name=name, content=content, content_type=content_type, size=len(content)
        )


def enqueue(job: Job) -> None:
    """Put the job into the worker's queue, in the caller's transaction (both or neither)."""
    from zabota.jobs.tasks import run_job

    result = run_job.enqueue(job.pk)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def execute(job_id: int, *, worker_id: str = "") -> Job | None:
    with transaction.atomic():
        # Lock the job's row alone: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer joins (a timer's job has no starter, many jobs no department).
        job = (
            Job.objects.select_for_update(of=("self",))
            .select_related("started_by__user", "started_by__institution", "department")
            .filter(pk=job_id)
            .first()
        )
        # Only a queued job starts: a second delivery of the same task does nothing.
        if job is None or job.status != JobStatus.QUEUED:
            return job
        job.status, job.started_at, job.worker_id = JobStatus.RUNNING, timezone.now(), worker_id
        job.attempts += 1
        job.message = ""
        job.save(update_fields=["status", "started_at", "worker_id", "attempts", "message"])
    logger.info(
        "job %s (%s %s) started by staff %s, attempt %s",
        job.pk,
        job.kind,
        job.scope,
        job.started_by_id,
        job.attempts,
    )
    context = JobContext(job)
    try:
        kind_of(job.kind).run(job, context)
    except JobStopped:
        logger.info("job %s stopped at %s of %s, queued again", job.pk, job.done, job.total)
        requeue(job)
    except ValidationError as error:
        logger.warning("job %s refused by its checks (the reason is on its page)", job.pk)
        finish(job, JobStatus.FAILED, " ".join(error.messages))
    except Exception as error:
        logger.exception("job %s failed", job.pk)
        finish(job, JobStatus.FAILED, f"Непредвиденная ошибка: {error}")
        raise
    except BaseException:
        # SystemExit of a second SIGTERM, KeyboardInterrupt: the record must not stay «running».
        finish(job, JobStatus.INTERRUPTED, str(INTERRUPTED_TEXT))
        raise
    else:
        finish(job, JobStatus.DONE, job.message)
        logger.info("job %s finished: %s of %s", job.pk, job.done, job.total)
    return job


def finish(job: Job, status: str, message: str) -> None:
    job.status, job.message = status, message
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + datetime.timedelta(days=settings.ZABOTA_JOB_RESULT_DAYS)
    job.save(
        update_fields=[
            "status",
            "message",
            "details",
            "done",
            "total",
            "finished_at",
            "expires_at",
        ]
    )


def requeue(job: Job) -> None:
    """After a graceful stop: queued again, so the next worker goes on from the last item."""
    with transaction.atomic():
        job.status, job.worker_id = JobStatus.QUEUED, ""
        job.message = (
            "Обработчик заданий перезапускается: задание продолжится с того места, "
            "где остановилось."
        )
        job.save(update_fields=["status", "worker_id", "message", "done", "total"])
        enqueue(job)
