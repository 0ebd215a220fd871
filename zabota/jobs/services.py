"""Writes of jobs: start one (or join the same one already under way), go on with an
interrupted one, let old results expire."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.jobs import runner
from zabota.jobs.kinds import kind_of
from zabota.jobs.models import ACTIVE, Job, JobFile, JobStatus
from zabota.organisation.models import Department, Institution, Staff


def job_start(
    *,
    actor: Staff,
    kind: str,
    scope: str,
    title: str,
    params: dict | None = None,
    department: Department | None = None,
    link: str = "",
) -> tuple[Job, bool]:
    """Queue a job; while the same one (kind and scope) is queued or running, join it instead:
    returns (the job, whether it was started now)."""
    job = Job(
        institution=actor.institution,
        department=department,
        kind=kind,
        scope=scope,
        title=title[:300],
        params=params or {},
        link=link,
        started_by=actor,
    )
    return _queue(job, actor=actor)


def job_schedule(
    *, institution: Institution, kind: str, scope: str, title: str, params: dict | None = None
) -> tuple[Job, bool]:
    """Queue a job of the server's timer, nobody's («по расписанию»): seen by those whose role
    holds the kind's capability in the institution. The scope names the run (a day): while it
    is queued or running the timer joins it, and once it is done it is not run again (a timer
    that fires twice, or catches up after a reboot); after a failure it is run anew."""
    done = Job.objects.filter(
        institution=institution,
        kind=kind,
        scope=scope,
        started_by__isnull=True,
        status=JobStatus.DONE,
    ).first()
    if done is not None:
        return done, False
    job = Job(
        institution=institution,
        kind=kind,
        scope=scope,
        title=title[:300],
        params=params or {},
        started_by=None,
    )
    return _queue(job, actor=None)


def _queue(job: Job, *, actor: Staff | None) -> tuple[Job, bool]:
    kind_of(job.kind)
    job.full_clean(exclude=["institution", "department", "started_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            job.save()
            audit_event(
                kind=EventKind.CREATE,
                actor=actor,
                username="" if actor else "по расписанию",
                institution=job.institution,
                obj=job,
                details=f"Задание «{job.title}» поставлено в очередь",
            )
            if not settings.ZABOTA_JOBS_INLINE:
                runner.enqueue(job)
    except IntegrityError:
        # The partial unique constraint: another request started the same job a moment ago.
        running = _active(job.institution_id, job.kind, job.scope)
        if running is None:
            raise
        return running, False
    if settings.ZABOTA_JOBS_INLINE:
        runner.execute(job.pk)
        job.refresh_from_db()
    return job, True


def _active(institution_id: int, kind: str, scope: str) -> Job | None:
    return Job.objects.filter(
        institution_id=institution_id, kind=kind, scope=scope, status__in=ACTIVE
    ).first()


def job_resume(*, actor: Staff, job: Job) -> tuple[Job, bool]:
    """Go on with an interrupted job from its last finished item (a kind that cannot resume
    starts again). While the same job was started anew meanwhile, that one is returned."""
    if job.status != JobStatus.INTERRUPTED:
        raise ValidationError("Продолжить можно только прерванное задание.")
    try:
        with transaction.atomic():
            locked = Job.objects.select_for_update().get(pk=job.pk)
            if locked.status != JobStatus.INTERRUPTED:
                return locked, False
            locked.status, locked.message, locked.worker_id = JobStatus.QUEUED, "", ""
            locked.finished_at = locked.expires_at = None
            locked.save(
                update_fields=["status", "message", "worker_id", "finished_at", "expires_at"]
            )
            audit_event(
                kind=EventKind.UPDATE,
                actor=actor,
                obj=locked,
                details=f"Задание «{locked.title}» продолжено после прерывания",
            )
            if not settings.ZABOTA_JOBS_INLINE:
                runner.enqueue(locked)
    except IntegrityError:
        running = _active(job.institution_id, job.kind, job.scope)
        if running is None:
            raise
        return running, False
    if settings.ZABOTA_JOBS_INLINE:
        runner.execute(job.pk)
    job.refresh_from_db()
    return job, True


def purge_job_results(*, now: datetime.datetime | None = None) -> int:
    """Empty the files of jobs past their expiry date; the jobs and the files' names stay (the
    page says «срок хранения истёк»). Returns how many files were emptied."""
    now = now or timezone.now()
    expired = JobFile.objects.filter(
        purged_at__isnull=True, job__expires_at__isnull=False, job__expires_at__lte=now
    )
    count = expired.update(content=None, purged_at=now)
    if count:
        audit_event(
            kind=EventKind.PURGE,
            object_type="job_results",
            details=f"Удалены файлы результатов заданий с истёкшим сроком хранения: {count}.",
        )
    return count
