"""Jobs without a worker process: the record's life, «Мои задания», results that expire, the
jobs of a dead worker, the heartbeat the /health/ page reads."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zabota.jobs import worker
from zabota.jobs.health import worker_heartbeat
from zabota.jobs.models import Job, JobFile, WorkerHeartbeat
from zabota.jobs.selectors import failed_jobs
from zabota.jobs.services import purge_job_results

pytestmark = pytest.mark.django_db


def make_job(staff, *, status="done", department=None, title="Акты за 10.2026", **fields) -> Job:
    return Job.objects.create(
        institution=staff.institution,
        department=department,
        kind="acts",
        scope=fields.pop("scope", f"{title}/{status}/{staff.pk}"),
        title=title,
        started_by=staff,
        status=status,
        **fields,
    )


def test_starting_a_job_queues_a_task_for_the_worker_in_the_same_transaction(personas):
    client = personas.client_for(personas.head1)
    client.post("/acts/runs/new/", {"month": "2026-10"})
    job = Job.objects.get()
    task = DBTaskResult.objects.get(id=job.task_id)
    assert (task.status, task.task_path) == ("READY", "zabota.jobs.tasks.run_job")
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert (job.department, job.scope) == (
        personas.department1,
        f"2026-10/{personas.department1.pk}",
    )


def test_the_page_of_a_job_under_way_polls_and_a_finished_one_does_not(personas):
    client = personas.client_for(personas.director)
    running = make_job(personas.director, status="running", done=3, total=10)
    finished = make_job(personas.director, status="failed", message="нет услуг")
    page = client.get(f"/jobs/{running.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in page and "3 из 10" in page
    page = client.get(f"/jobs/{finished.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in page and "нет услуг" in page


def test_a_queued_job_says_when_no_worker_is_running(personas):
    job = make_job(personas.director, status="queued")
    page = personas.client_for(personas.director).get(f"/jobs/{job.pk}/").content.decode()
    assert "Обработчик заданий сейчас не работает" in page
    worker.beat("w1", starting=True)
    page = personas.client_for(personas.director).get(f"/jobs/{job.pk}/").content.decode()
    assert "Обработчик заданий сейчас не работает" not in page


def test_my_jobs_lists_ones_own_and_a_heads_department_and_searches(personas):
    mine = make_job(personas.head1, title="Акты за 09.2026: отделение 1")
    colleague = make_job(
        personas.director, department=personas.department1, title="Акты за 08.2026: отделение 1"
    )
    elsewhere = make_job(personas.head2, department=personas.department2, title="Акты за 07.2026")
    page = personas.client_for(personas.head1).get("/jobs/").content.decode()
    assert mine.title in page and colleague.title in page and elsewhere.title not in page
    # The specialist may open every run of the institution but lists only their own.
    page = personas.client_for(personas.specialist).get("/jobs/").content.decode()
    assert "Заданий нет" in page
    assert personas.client_for(personas.specialist).get(f"/jobs/{mine.pk}/").status_code == 200
    found = personas.client_for(personas.director).get("/jobs/?q=08.2026").content.decode()
    assert colleague.title in found and mine.title not in found
    failed = personas.client_for(personas.director).get("/jobs/?status=failed").content.decode()
    assert "Заданий нет" in failed
    assert personas.client_for(personas.director).get("/jobs/?status=nonsense").status_code == 400


def test_my_jobs_pages_in_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    for n in range(30):
        job = make_job(personas.director, title=f"Акты {n}")
        JobFile.objects.create(job=job, name="a.zip", content_type="application/zip", content=b"x")
    client = personas.client_for(personas.director)
    with django_assert_max_num_queries(14):
        page = client.get("/jobs/?page=2").content.decode()
    assert "Страница 2 из 2" in page


def test_expired_results_are_emptied_and_the_job_says_so(personas):
    now = timezone.now()
    old = make_job(personas.director, finished_at=now, expires_at=now + datetime.timedelta(days=30))
    file = JobFile.objects.create(
        job=old, name="Акты.zip", content_type="application/zip", content=b"PK"
    )
    fresh = make_job(
        personas.director, title="свежий", expires_at=now + datetime.timedelta(days=31)
    )
    JobFile.objects.create(
        job=fresh, name="Свежий.zip", content_type="application/zip", content=b"PK"
    )
    client = personas.client_for(personas.director)
    assert client.get(f"/jobs/{old.pk}/files/{file.pk}/").content == b"PK"
    with time_machine.travel(now + datetime.timedelta(days=30, minutes=1)):
        assert purge_job_results() == 1
        call_command("purge_job_results", stdout=__import__("io").StringIO())
    file.refresh_from_db()
    assert file.content is None and file.purged_at is not None
    assert JobFile.objects.get(job=fresh).content is not None
    assert client.get(f"/jobs/{old.pk}/files/{file.pk}/").status_code == 404
    assert "срок хранения истёк" in client.get(f"/jobs/{old.pk}/").content.decode()
    assert "срок хранения истёк" in client.get("/jobs/").content.decode()
    assert Job.objects.filter(pk=old.pk).exists()


def test_a_finished_job_expires_after_the_configured_days(personas, settings):
    settings.ZABOTA_JOBS_INLINE = True
    settings.ZABOTA_JOB_RESULT_DAYS = 7
    personas.client_for(personas.director).post("/acts/runs/new/", {"month": "2026-08"})
    job = Job.objects.get()
    assert job.status == "failed"  # nobody had services in August
    assert job.expires_at - job.finished_at == datetime.timedelta(days=7)


def test_a_starting_worker_marks_the_runs_of_a_dead_one_interrupted(personas):
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="dead",
        hostname="elsewhere",
        pid=1,
        started_at=now,
        seen_at=now - datetime.timedelta(minutes=5),
    )
    WorkerHeartbeat.objects.create(
        worker_id="alive", hostname="elsewhere", pid=1, started_at=now, seen_at=now
    )
    orphan = make_job(personas.director, status="running", worker_id="dead", done=50, total=137)
    busy = make_job(personas.director, status="running", worker_id="alive", title="другой")
    assert worker.recover("me") == [orphan.pk]
    orphan.refresh_from_db()
    assert orphan.status == "interrupted" and orphan.finished_at is not None
    assert orphan.message == "Прервано перезапуском. Готово 50 из 137; нажмите «Продолжить»."
    busy.refresh_from_db()
    assert busy.status == "running"
    page = personas.client_for(personas.director).get(f"/jobs/{orphan.pk}/").content.decode()
    assert "Продолжить" in page and "every 2s" not in page


def test_continue_queues_an_interrupted_job_again_and_refuses_a_finished_one(personas):
    client = personas.client_for(personas.director)
    job = make_job(personas.director, status="interrupted", scope="2026-10/all")
    assert client.post(f"/jobs/{job.pk}/resume/")["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == "queued" and DBTaskResult.objects.filter(id=job.task_id).exists()
    done = make_job(personas.director, status="done", title="готовый")
    page = client.post(f"/jobs/{done.pk}/resume/", follow=True).content.decode()
    assert "Продолжить можно только прерванное задание" in page


def test_the_heartbeat_says_whether_a_worker_runs(personas):
    assert worker_heartbeat()[0] is False
    worker.beat("w1", starting=True)
    alive, note = worker_heartbeat()
    assert alive and "работает" in note
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        alive, note = worker_heartbeat()
    assert not alive and "не отмечался" in note
    worker.stopped("w1")
    assert worker_heartbeat()[0] is False


def test_health_reports_the_worker_and_fails_without_one(client, settings):
    settings.ZABOTA_HEALTH_MIN_FREE_MB = 1
    stopped = client.get("/health/")
    assert stopped.status_code == 503
    assert stopped.json()["checks"]["worker"]["status"] == "fail"
    worker.beat("w1", starting=True)
    running = client.get("/health/")
    assert running.status_code == 200
    assert running.json()["checks"]["worker"]["status"] == "ok"


def test_the_queue_claims_a_task_so_that_another_worker_skips_it(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.utils import exclusive_transaction

    personas.client_for(personas.director).post("/acts/runs/new/", {"month": "2026-10"})
    with CaptureQueriesContext(connection) as queries, exclusive_transaction():
        claimed = DBTaskResult.objects.ready().get_locked()
        mode = getattr(connection, "transaction_mode", None)
    assert claimed is not None
    if connection.vendor == "postgresql":
        # Inside the test's transaction the claim's atomic block ends with a savepoint's
        # release: look for the claim itself among the queries.
        assert any("FOR UPDATE SKIP LOCKED" in q["sql"] for q in queries)
    else:
        # SQLite has no row locks: the claim's transaction takes the whole database (BEGIN
        # EXCLUSIVE), so a second worker waits and then finds the task claimed.
        assert mode == "EXCLUSIVE"


def test_the_errors_page_links_a_failed_job_only_for_those_who_may_open_it(personas):
    job = make_job(personas.accountant, status="interrupted", title="Акты за 11.2026")
    page = f"/jobs/{job.pk}/"
    # The administrator hears of it but may not open an acts job: no link to a 404.
    assert [(row.title, row.url) for row in failed_jobs(personas.admin)] == [
        (f"Акты за 11.2026 (задание № {job.pk})", "")
    ]
    assert personas.client_for(personas.admin).get(page).status_code == 404
    assert [row.url for row in failed_jobs(personas.director)] == [page]
    assert personas.client_for(personas.director).get(page).status_code == 200
