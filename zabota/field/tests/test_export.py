"""The visits' XLSX: its rows read in a fixed number of queries, however many."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zabota.delivery.models import Visit
from zabota.field.tests.test_pages import NOW, visit_far_from_home
from zabota.testing import xlsx_rows

URL = "/field/visits/?format=xlsx"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_visits_export_reads_the_same_queries_for_two_rows_or_eight(
    world, django_assert_num_queries
):
    visit_far_from_home(world)
    client = world.personas.client_for(world.personas.director)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        assert len(xlsx_rows(client.get(URL).content)) == 4 + 2
    personas = world.personas
    for days in range(1, 4):  # three earlier days of both pairs
        for recipient, worker in [
            (personas.recipient_of_worker1, personas.worker1),
            (personas.recipient_of_worker2, personas.worker2),
        ]:
            Visit.objects.create(
                institution=personas.institution,
                recipient=recipient,
                worker=worker,
                visited_on=NOW.date() - datetime.timedelta(days=days),
            )

    with django_assert_num_queries(len(few.captured_queries)):
        rows = xlsx_rows(client.get(URL).content)

    assert len(rows) == 4 + 8
    far = next(r for r in rows[4:] if r[1] == "Иванова Мария Петровна")
    assert far[0] == datetime.datetime(2026, 11, 18)
    assert far[2] == world.personas.recipient_of_worker1.address
    assert far[3] == world.personas.worker1.short_name and far[4:6] == ("12:05", "12:50")


def test_a_long_visits_export_is_written_by_the_job_the_same_as_at_once(world, settings):
    from zabota.jobs.models import Job, JobStatus

    visit_far_from_home(world)
    client = world.personas.client_for(world.personas.director)
    at_once = xlsx_rows(client.get(URL + "&far=1").content)
    settings.ZABOTA_EXPORT_INLINE_ROWS = 0
    settings.ZABOTA_JOBS_INLINE = True
    response = client.get(URL + "&far=1")
    job = Job.objects.get(kind="export.field.visits")
    assert response.url == f"/jobs/{job.pk}/" and job.status == JobStatus.DONE
    assert job.params == {"query": "far=1"}
    file = job.files.get()
    assert xlsx_rows(client.get(f"/jobs/{job.pk}/files/{file.pk}/").content) == at_once
