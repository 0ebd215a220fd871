"""Jobs of the server's timer, which nobody started («по расписанию»): one per institution and
run, seen by those whose role holds the kind's capability, on the «Ошибки» page when they fail."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zabota.jobs.kinds import KINDS, JobKind
from zabota.jobs.models import Job, JobStatus
from zabota.jobs.selectors import failed_jobs, get_job_for, search_jobs
from zabota.jobs.services import job_schedule
from zabota.jobs.tests.test_jobs import make_job

pytestmark = pytest.mark.django_db

RUNS: list[int] = []


def run_nightly(job: Job, context) -> None:
    RUNS.append(job.pk)
    if job.params.get("fail"):
        raise ValidationError("Почтовый сервер не отвечает")
    job.message = "Сделано"


@pytest.fixture
def nightly(monkeypatch, settings):
    settings.ZABOTA_JOBS_INLINE = True
    RUNS.clear()
    # The director's and administrator's capability: neither the head nor the specialist.
    kind = JobKind(
        code="nightly", label="Ночная работа", capability="quality.manage", run=run_nightly
    )
    monkeypatch.setitem(KINDS, "nightly", kind)
    return kind


def schedule(institution, scope="2026-11-24", **params) -> tuple[Job, bool]:
    return job_schedule(
        institution=institution,
        kind="nightly",
        scope=scope,
        title=f"Ночная работа {scope}",
        params=params,
    )


def test_the_timer_firing_twice_the_same_day_runs_one_job(personas, nightly):
    first, started = schedule(personas.institution)
    again, started_again = schedule(personas.institution)
    assert (started, started_again) == (True, False)
    assert again.pk == first.pk and RUNS == [first.pk]
    assert (first.status, first.started_by) == (JobStatus.DONE, None)
    other, started_other = schedule(personas.outsider_director.institution)
    assert started_other and other.pk != first.pk
    tomorrow, started_tomorrow = schedule(personas.institution, scope="2026-11-25")
    assert started_tomorrow and Job.objects.filter(kind="nightly").count() == 3


def test_a_timer_that_fires_while_the_run_is_queued_joins_it(personas, nightly, settings):
    settings.ZABOTA_JOBS_INLINE = False
    first, started = schedule(personas.institution)
    second, started_again = schedule(personas.institution)
    assert (started, started_again) == (True, False)
    assert second.pk == first.pk and second.status == JobStatus.QUEUED
    assert Job.objects.filter(kind="nightly").count() == 1


def test_a_failed_run_is_run_anew_and_shows_on_the_errors_page(personas, nightly):
    failed, _ = schedule(personas.institution, fail=True)
    assert (failed.status, failed.message) == (JobStatus.FAILED, "Почтовый сервер не отвечает")
    rows = failed_jobs(personas.admin)
    assert [row.url for row in rows] == [reverse("jobs:detail", args=[failed.pk])]
    assert rows[0].kind == "Ночная работа"
    retried, started = schedule(personas.institution)
    assert started and retried.pk != failed.pk and retried.status == JobStatus.DONE


def test_a_timers_job_is_seen_by_the_roles_holding_its_capability_in_its_institution(
    personas, nightly
):
    job, _ = schedule(personas.institution)
    make_job(personas.head1, title="Акты отделения")
    for staff in (personas.admin, personas.director):
        assert get_job_for(staff, job.pk) == job
        assert job in search_jobs(staff)
    for staff in (personas.head1, personas.specialist, personas.accountant, personas.worker1):
        assert not search_jobs(staff).filter(pk=job.pk).exists()
    assert not search_jobs(personas.outsider_director).filter(pk=job.pk).exists()
    # The administrator lists the timer's runs, not a head's acts.
    assert [j.title for j in search_jobs(personas.admin)] == [job.title]


def test_the_pages_say_a_timers_job_was_started_by_the_schedule(personas, nightly):
    job, _ = schedule(personas.institution)
    client = personas.client_for(personas.director)
    listing = client.get(reverse("jobs:list")).content.decode()
    assert "по расписанию" in listing and job.title in listing
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Запущено по расписанию" in page
    assert (
        personas.client_for(personas.head1).get(reverse("jobs:detail", args=[job.pk])).status_code
        == 404
    )
