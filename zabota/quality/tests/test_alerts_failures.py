"""Alerts of work that failed the day before: the person who started a job, and those who read
the «Ошибки» page (the administrator)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zabota.jobs.models import Job, JobStatus
from zabota.operations.models import ErrorReport
from zabota.quality import services
from zabota.quality.models import Alert, AlertKind
from zabota.quality.tests.conftest import TODAY

pytestmark = pytest.mark.django_db
YESTERDAY_EVENING = timezone.make_aware(datetime.datetime(2026, 11, 23, 18, 30))


def job(staff, status, *, finished_at=YESTERDAY_EVENING, title="Квитанции за 10.2026") -> Job:
    return Job.objects.create(
        institution=staff.institution,
        kind="receipts",
        scope=f"{title}/{status}/{finished_at:%d}",
        title=title,
        started_by=staff,
        status=status,
        message="Прервано перезапуском" if status == JobStatus.INTERRUPTED else "нет начислений",
        finished_at=finished_at,
    )


def test_a_job_failed_or_interrupted_yesterday_alerts_its_starter_once(personas):
    interrupted = job(personas.accountant, JobStatus.INTERRUPTED)
    failed = job(personas.director, JobStatus.FAILED, title="Акты за 10.2026")
    job(personas.accountant, JobStatus.DONE, title="Квитанции за 09.2026")
    job(personas.specialist, JobStatus.FAILED, finished_at=YESTERDAY_EVENING.replace(day=20))
    assert services.alerts_generate(today=TODAY) > 0
    assert services.alerts_generate(today=TODAY) == 0
    alerts = Alert.objects.filter(kind=AlertKind.JOB_FAILED)
    assert {(a.person, a.object_id) for a in alerts} == {
        (personas.accountant, interrupted.pk),
        (personas.director, failed.pk),
    }
    alert = alerts.get(person=personas.accountant)
    assert alert.text == "Задание «Квитанции за 10.2026» прервано: Прервано перезапуском"
    assert alert.url == reverse("jobs:detail", args=[interrupted.pk])


def test_a_job_continued_since_alerts_nobody(personas):
    interrupted = job(personas.accountant, JobStatus.INTERRUPTED)
    interrupted.status = JobStatus.QUEUED
    interrupted.save(update_fields=["status"])
    services.alerts_generate(today=TODAY)
    assert not Alert.objects.filter(kind=AlertKind.JOB_FAILED).exists()


def test_yesterdays_server_errors_and_failed_jobs_alert_the_administrator(personas):
    job(personas.accountant, JobStatus.INTERRUPTED)
    for code in ("A1", "A2"):
        report = ErrorReport.objects.create(
            code=code, institution=personas.institution, exception_type="KeyError"
        )
        ErrorReport.objects.filter(pk=report.pk).update(occurred_at=YESTERDAY_EVENING)
    ErrorReport.objects.create(code="today", institution=personas.institution, exception_type="E")
    services.alerts_generate(today=TODAY)
    services.alerts_generate(today=TODAY)
    [alert] = Alert.objects.filter(kind=AlertKind.FAILURES)
    assert alert.person == personas.admin
    assert alert.text == "За 23.11.2026 ошибок сервера: 2, сбоев фоновой работы: 1"
    assert alert.url == reverse("operations:errors")


def test_a_quiet_day_alerts_no_administrator(personas):
    job(personas.accountant, JobStatus.FAILED, finished_at=timezone.now())
    services.alerts_generate(today=TODAY)
    assert not Alert.objects.filter(person=personas.admin).exists()
