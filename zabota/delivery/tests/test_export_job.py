"""A long export of the service log goes to the worker (zabota.jobs.exports): the file it
writes is the one the page would have sent, built under the starter's scope; a second click
joins the first; a person without «Мои задания» still gets the file at once."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from zabota.audit.models import EventKind, SecurityEvent
from zabota.delivery.services import service_log
from zabota.jobs.models import Job, JobStatus
from zabota.testing import xlsx_rows

TODAY = datetime.date(2026, 11, 24)
URL = "/delivery/?date_from=2026-11-01&date_to=2026-11-30&format=xlsx"
KIND = "export.delivery.records"


@pytest.fixture
def logged(personas, catalog):
    with time_machine.travel(TODAY):
        for recipient, worker in (
            (personas.recipient_of_worker1, personas.worker1),
            (personas.recipient_in_department2, personas.worker_other_department),
        ):
            for day in (2, 3, 4):
                service_log(
                    actor=worker,
                    recipient=recipient,
                    service=catalog.shopping,
                    performed_on=datetime.date(2026, 11, day),
                    quantity=Decimal(1),
                    note='=HYPERLINK("http://evil.example")\x07',
                )


def job_file_rows(client, job: Job) -> list[tuple]:
    file = job.files.get()
    response = client.get(f"/jobs/{job.pk}/files/{file.pk}/")
    assert response.status_code == 200
    return xlsx_rows(response.content)


@time_machine.travel(TODAY)
def test_a_log_over_the_limit_is_written_by_the_job_the_same_as_at_once(personas, logged, settings):
    client = personas.client_for(personas.director)
    at_once = xlsx_rows(client.get(URL).content)
    assert len(at_once) == 4 + 6  # title, period, blank, header; six records

    settings.ZABOTA_EXPORT_INLINE_ROWS = 5
    settings.ZABOTA_JOBS_INLINE = True
    response = client.get(URL + "&q=&page=3")
    job = Job.objects.get(kind=KIND)
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE, job.message
    assert (job.done, job.total) == (6, 6)
    assert job.message == "Строк в файле: 6."
    # The page's number and the file's format are not filters.
    assert job.params == {"query": "date_from=2026-11-01&date_to=2026-11-30&q="}
    assert job_file_rows(client, job) == at_once
    page = client.get(response.url).content.decode()
    assert "файл готовится в фоне" in page and "Журнал оказанных услуг.xlsx" in page
    # Downloading the file is an export of personal data in the journal.
    assert SecurityEvent.objects.filter(kind=EventKind.EXPORT, object_id=str(job.pk)).exists()


@time_machine.travel(TODAY)
def test_the_job_builds_the_file_under_the_starters_scope(personas, logged, settings):
    settings.ZABOTA_EXPORT_INLINE_ROWS = 1
    settings.ZABOTA_JOBS_INLINE = True
    client = personas.client_for(personas.head1)
    client.get(URL)
    rows = job_file_rows(client, Job.objects.get(kind=KIND))
    people = {row[1] for row in rows[4:]}
    assert people == {personas.recipient_of_worker1.full_name}  # department 1 only


@time_machine.travel(TODAY)
def test_a_second_click_joins_the_export_under_way_and_other_filters_start_their_own(
    personas, logged, settings
):
    settings.ZABOTA_EXPORT_INLINE_ROWS = 1
    client = personas.client_for(personas.director)
    first = client.get(URL)
    second = client.get(URL)
    assert first.url == second.url
    assert Job.objects.filter(kind=KIND, status=JobStatus.QUEUED).count() == 1
    assert "уже готовится" in client.get(second.url).content.decode()
    client.get(URL + "&cancelled=1")
    assert Job.objects.filter(kind=KIND).count() == 2
    # A colleague's identical export is a run of their own, under their own scope.
    personas.client_for(personas.specialist).get(URL)
    assert Job.objects.filter(kind=KIND).count() == 3


@time_machine.travel(TODAY)
def test_a_worker_without_my_jobs_gets_a_long_export_at_once(personas, logged, settings):
    settings.ZABOTA_EXPORT_INLINE_ROWS = 1
    response = personas.client_for(personas.worker1).get(URL)
    assert response.status_code == 200
    assert len(xlsx_rows(response.content)) == 4 + 3
    assert not Job.objects.exists()


@time_machine.travel(TODAY)
@pytest.mark.parametrize("query", ["&worker=abc", "&department=-1", "&recipient=1%00"])
def test_malformed_filters_are_refused_before_any_job(personas, logged, settings, query):
    settings.ZABOTA_EXPORT_INLINE_ROWS = 1
    response = personas.client_for(personas.director).get(URL + query)
    assert response.status_code == 400
    assert "Параметр" in response.content.decode()
    assert not Job.objects.exists()


@time_machine.travel(TODAY)
def test_the_export_job_is_seen_only_by_those_who_may_see_the_log(personas, logged, settings):
    settings.ZABOTA_EXPORT_INLINE_ROWS = 1
    settings.ZABOTA_JOBS_INLINE = True
    personas.client_for(personas.head1).get(URL)
    job = Job.objects.get(kind=KIND)
    assert personas.client_for(personas.head2).get(f"/jobs/{job.pk}/").status_code == 404
    assert personas.client_for(personas.accountant).get(f"/jobs/{job.pk}/").status_code == 404
    assert personas.client_for(personas.director).get(f"/jobs/{job.pk}/").status_code == 200
