"""The day's alerts as the timer's job (zabota.quality.jobs): one per institution and day, the
alerts never twice, a failure on the «Ошибки» page."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from zabota.jobs.models import Job, JobStatus
from zabota.operations.failures import failures_for
from zabota.quality import jobs as alert_jobs
from zabota.quality.models import Alert, PlannedInspection

pytestmark = pytest.mark.django_db


def test_the_timer_firing_twice_makes_one_job_per_institution_and_day_and_no_alert_twice(
    personas, catalog, settings, capsys
):
    settings.ZABOTA_JOBS_INLINE = True
    call_command("generate_alerts", "--queue", "--date", "2026-11-24")
    alerts = Alert.objects.count()
    call_command("generate_alerts", "--queue", "--date", "2026-11-24")
    jobs = Job.objects.filter(kind="alerts")
    assert sorted(jobs.values_list("institution_id", flat=True)) == sorted(
        [personas.institution.pk, personas.outsider_director.institution_id]
    )
    assert {(j.scope, j.status, j.started_by_id) for j in jobs} == {("2026-11-24", "done", None)}
    assert alerts > 0 and Alert.objects.count() == alerts
    assert PlannedInspection.objects.filter(institution=personas.institution).count() == 4
    out = capsys.readouterr().out
    assert out.count("уже выполнено сегодня") == 2
    ours = jobs.get(institution=personas.institution)
    assert ours.message.startswith("Оповещений добавлено: ") and ours.message != (
        "Оповещений добавлено: 0. Предложено для опроса: 0, запланировано контрольных посещений: 0."
    )


def test_queued_runs_wait_for_the_worker_and_a_second_firing_joins_them(personas, settings):
    settings.ZABOTA_JOBS_INLINE = False
    call_command("generate_alerts", "--queue", "--date", "2026-11-24")
    call_command("generate_alerts", "--queue", "--date", "2026-11-24")
    jobs = Job.objects.filter(kind="alerts")
    assert jobs.count() == 2 and {j.status for j in jobs} == {JobStatus.QUEUED}
    assert all(j.task_id for j in jobs) and not Alert.objects.exists()


def test_a_failed_run_is_on_the_errors_page_and_the_next_firing_runs_it_again(
    personas, catalog, settings, monkeypatch
):
    settings.ZABOTA_JOBS_INLINE = True

    def broken(*, institution, today):
        raise ValueError("нет связи с базой")

    monkeypatch.setattr(alert_jobs, "alerts_generate_for", broken)
    with pytest.raises(ValueError):
        call_command("generate_alerts", "--queue", "--date", "2026-11-24")
    failed = Job.objects.get(kind="alerts", institution=personas.institution)
    assert failed.status == JobStatus.FAILED
    rows = [
        r for r in failures_for(personas.admin) if r.url == reverse("jobs:detail", args=[failed.pk])
    ]
    assert rows and "нет связи с базой" in rows[0].message
    page = personas.client_for(personas.admin).get(reverse("operations:errors")).content.decode()
    assert f"задание № {failed.pk}" in page
    monkeypatch.undo()
    call_command("generate_alerts", "--queue", "--date", "2026-11-24")
    assert Job.objects.filter(
        kind="alerts", institution=personas.institution, status=JobStatus.DONE
    ).exists()
    assert Alert.objects.exists()
