"""Two people ask for the same month's acts at the same moment: the database lets one job
start, the other request joins it (issue 16: no guard against the same month twice)."""

import sqlite3
import threading

import pytest
from django.db import connection

from zabota.jobs.models import Job

# Transactional: the worker processes (and the parallel requests' connections) read committed
# data. No serialized rollback: restoring the snapshot clashes with content types re-created by
# an earlier transactional test's flush (pytest-django runs these tests last).
pytestmark = pytest.mark.django_db(transaction=True)
WAIT_SECONDS = 30


def test_parallel_requests_for_the_same_month_start_one_run_and_all_land_on_it(
    personas, monkeypatch, tmp_path
):
    # Every request stops right before its insert until all have got there: no request can see
    # another's job first, only the database's constraint can tell them apart.
    size = 6
    at_insert = threading.Barrier(size, timeout=WAIT_SECONDS)
    original = Job.full_clean

    def full_clean_then_wait(self, *args, **kwargs):
        original(self, *args, **kwargs)
        at_insert.wait()

    monkeypatch.setattr(Job, "full_clean", full_clean_then_wait)
    people = [personas.director, personas.director, personas.specialist] * 2
    answers = run_at_once(
        tmp_path,
        [
            lambda staff=staff: personas.client_for(staff).post(
                "/acts/runs/new/", {"month": "2026-10"}, follow=True
            )
            for staff in people
        ],
    )
    monkeypatch.undo()
    job = Job.objects.get()
    assert job.status == "queued"
    # Everyone lands on the one run's page, and may read it.
    assert {a.redirect_chain[-1][0] for a in answers} == {f"/jobs/{job.pk}/"}
    assert {a.status_code for a in answers} == {200}
    joined = [a for a in answers if "уже составляются" in a.content.decode()]
    assert len(joined) == size - 1
    # Another department's month is another run.
    other = personas.client_for(personas.director).post(
        "/acts/runs/new/", {"month": "2026-10", "department": personas.department2.pk}
    )
    assert Job.objects.count() == 2 and other["Location"] != f"/jobs/{job.pk}/"


def run_at_once(folder, calls: list) -> list:
    """Each call on its own thread and database connection; on SQLite on a copy of the test
    database in a file (its in-memory database fails a locked connection at once instead of
    waiting, as a centre's database file does), copied back afterwards."""
    file = None
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        file = folder / "parallel.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(file) as target:
            connection.connection.backup(target)
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def one(index: int) -> None:
        if file:
            connection.settings_dict = {**connection.settings_dict, "NAME": str(file)}
        try:
            results[index] = calls[index]()
        except BaseException as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS * 2)
    if file:
        source = sqlite3.connect(file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    assert not errors, errors
    return results
