"""Reads of jobs: those a person may see (their own; a head's department, a director's
institution), one of them by id, and whether a worker is running."""

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from zabota.core.lists import words_query
from zabota.jobs.kinds import KINDS, kinds_for
from zabota.jobs.models import Job, JobStatus
from zabota.operations.failures import PER_SOURCE, FailureRow
from zabota.organisation.access import job_list_scope, job_scope


def jobs_for(staff) -> QuerySet[Job]:
    return (
        Job.objects.filter(job_scope(staff), kind__in=kinds_for(staff))
        .select_related("started_by", "department")
        .prefetch_related("files")
    )


def get_job_for(staff, pk: int) -> Job:
    return get_object_or_404(jobs_for(staff), pk=pk)


def search_jobs(staff, *, text: str = "", status: str | None = None) -> QuerySet[Job]:
    """«Мои задания»: one's own, a head's department's, a director's institution's."""
    jobs = jobs_for(staff).filter(job_list_scope(staff))
    if status:
        jobs = jobs.filter(status=status)
    if text:
        jobs = jobs.filter(
            words_query(
                text,
                ["title", "message", "started_by__last_name", "started_by__first_name"],
            )
        )
    return jobs


def own_recent(staff, kind: str, limit: int = 5) -> list[Job]:
    return list(Job.objects.filter(started_by=staff, kind=kind)[:limit])


def failed_jobs(staff) -> list[FailureRow]:
    """Jobs that failed or were interrupted, for the «Ошибки» page (zabota.operations.failures):
    of the person's institution, of every institution for a superuser; the newest first."""
    jobs = Job.objects.filter(status__in=(JobStatus.FAILED, JobStatus.INTERRUPTED))
    if not staff.user.is_superuser:
        jobs = jobs.filter(institution_id=staff.institution_id)
    jobs = list(jobs.order_by("-created_at", "-pk")[:PER_SOURCE])
    # The administrator learns of every failure, but the job's page only opens for those who
    # may see its kind (acts for the director and heads, receipts for the accountant…).
    openable = set(jobs_for(staff).filter(pk__in=[j.pk for j in jobs]).values_list("pk", flat=True))
    return [
        FailureRow(
            when=job.finished_at or job.created_at,
            kind=KINDS[job.kind].label if job.kind in KINDS else job.kind,
            title=f"{job.title} (задание № {job.pk})",
            message=job.message,
            url=reverse("jobs:detail", args=[job.pk]) if job.pk in openable else "",
        )
        for job in jobs
    ]


def jobs_failed_on(institution_id: int, day: datetime.date) -> QuerySet[Job]:
    """Jobs of the institution that failed or were interrupted on the day and are still so
    (not continued since): the starter's alert (zabota.quality)."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return Job.objects.filter(
        institution_id=institution_id,
        status__in=(JobStatus.FAILED, JobStatus.INTERRUPTED),
        finished_at__gte=start,
        finished_at__lt=start + datetime.timedelta(days=1),
    ).order_by("pk")
