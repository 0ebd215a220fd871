"""The production path of jobs: a real `manage.py jobs_worker` process takes a month's acts from
the queue, is killed half-way (a crash: SIGKILL) or stopped (a restart: SIGTERM), starts again,
and the run ends with every act in the ZIP exactly once — never a run «running» for ever."""

import io
import zipfile

import pytest
from django_tasks_db.models import DBTaskResult

from zabota.acts.models import ActRunItem
from zabota.documents.models import IssuedDocument
from zabota.jobs.models import Job, WorkerHeartbeat
from zabota.jobs.tests.helpers import WorkerDatabase, month_of_services

# Transactional: the worker processes (and the parallel requests' connections) read committed
# data. No serialized rollback: restoring the snapshot clashes with content types re-created by
# an earlier transactional test's flush (pytest-django runs these tests last).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_database(tmp_path):
    database = WorkerDatabase(tmp_path)
    yield database
    database.close()


def start_run(personas, month):
    client = personas.client_for(personas.director)
    response = client.post("/acts/runs/new/", {"month": f"{month:%Y-%m}", "no_pdf": "1"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "queued" and job.task_id
    return client, job


def job_now(job) -> Job:
    return Job.objects.get(pk=job.pk)


def assert_every_act_once(job, month, people: int) -> None:
    archive = zipfile.ZipFile(io.BytesIO(bytes(job.files.get().content)))
    names = archive.namelist()
    assert len(names) == len(set(names)) == people
    people_in_zip = sorted(name.split(" ")[1] for name in names)
    assert people_in_zip == sorted(f"Получатель{n:03d}" for n in range(people))
    # Each person's act was issued once: a resumed run skipped those done before the stop.
    period = f"{month:%Y-%m}"
    assert IssuedDocument.objects.filter(kind="act", period=period).count() == people
    assert ActRunItem.objects.filter(job=job).count() == people


def test_a_worker_killed_half_way_leaves_the_run_interrupted_and_continue_finishes_it(
    personas, worker_database
):
    # Three chunks of the run (50, 50 and 30): the crash comes once the first is stored, while
    # the second is rendered. With two chunks the second (rendered beside the first's storing)
    # was sometimes stored before the crash landed, on a fast PostgreSQL run: all done, still
    # «running» — the third leaves the crash a chunk's time to land in.
    people = 130
    month = month_of_services(personas, people)
    client, job = start_run(personas, month)
    database = worker_database
    database.push()

    worker = database.start_worker()
    database.wait_for(lambda: job_now(job).done >= 50, "first acts stored", worker)
    worker.crash()
    database.pull()
    half = job_now(job)
    assert half.status == "running" and 50 <= half.done < people

    # The next worker finds the dead one's run and says so; it does not stay «running».
    worker = database.start_worker()
    interrupted = database.wait_for(
        lambda: (j := job_now(job)).status == "interrupted" and j, "the run interrupted", worker
    )
    assert interrupted.message.startswith("Прервано перезапуском")
    assert worker.stop() == 0
    database.pull()
    page = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Продолжить" in page and "every 2s" not in page
    kept = ActRunItem.objects.filter(job=job).count()
    assert kept >= 50

    assert client.post(f"/jobs/{job.pk}/resume/")["Location"] == f"/jobs/{job.pk}/"
    assert job_now(job).status == "queued"
    database.push()
    worker = database.start_worker()
    done = database.wait_for(
        lambda: (j := job_now(job)).status in ("done", "failed") and j, "the run finished", worker
    )
    assert worker.stop() == 0
    database.pull()
    assert (done.status, done.done, done.total) == ("done", people, people), done.message
    assert_every_act_once(done, month, people)


def test_a_worker_stopped_gracefully_finishes_its_acts_in_hand_and_the_next_one_goes_on(
    personas, worker_database
):
    # Four chunks: the stop comes while the second is stored and the third is already in hand,
    # so the run stops after the third and the fourth is left for the next worker.
    people = 160
    month = month_of_services(personas, people)
    client, job = start_run(personas, month)
    database = worker_database
    database.push()

    worker = database.start_worker()
    database.wait_for(lambda: job_now(job).done >= 50, "first acts stored", worker)
    assert worker.stop() == 0
    database.pull()
    stopped = job_now(job)
    # Queued again, at a finished chunk: what was stored is all the run's items, nothing lost.
    assert stopped.status == "queued", stopped.message
    assert "продолжится" in stopped.message
    assert 50 <= stopped.done < people
    assert ActRunItem.objects.filter(job=job).count() == stopped.done
    page = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" in page  # still under way: the page keeps asking

    worker = database.start_worker()
    done = database.wait_for(
        lambda: (j := job_now(job)).status in ("done", "failed") and j, "the run finished", worker
    )
    assert worker.stop() == 0
    database.pull()
    assert done.status == "done", done.message
    assert done.attempts == 2
    assert_every_act_once(done, month, people)
    page = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in page and "Скачать Акты" in page


def test_two_workers_share_a_queue_and_run_each_job_once(personas, worker_database):
    # Six months nobody served: each job fails at once, so the test is about the claiming.
    jobs = []
    for month in range(1, 7):
        client = personas.client_for(personas.director)
        client.post("/acts/runs/new/", {"month": f"2025-{month:02d}", "no_pdf": "1"})
        jobs.append(Job.objects.latest("pk"))
    database = worker_database
    database.push()
    workers = [database.start_worker(), database.start_worker()]
    database.wait_for(
        lambda: not Job.objects.filter(status__in=["queued", "running"]).exists(),
        "every job taken",
        workers[0],
    )
    # The first worker may take all six before the second has even started (Django's start
    # takes seconds on a busy machine); SIGTERM then would find no handler yet. Its heartbeat
    # is written after the handlers are in place.
    database.wait_for(
        lambda: (
            WorkerHeartbeat.objects.filter(pid__in=[w.process.pid for w in workers]).count() == 2
        ),
        "both workers running",
    )
    for worker in workers:
        assert worker.stop() == 0
    database.pull()
    for job in Job.objects.filter(pk__in=[j.pk for j in jobs]):
        assert (job.status, job.attempts) == ("failed", 1)
        assert "нет оказанных услуг" in job.message
        assert len(DBTaskResult.objects.get(id=job.task_id).worker_ids) == 1
