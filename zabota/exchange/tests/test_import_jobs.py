"""Imports above ZABOTA_IMPORT_INLINE_ROWS rows are checked and loaded by the worker: the request
only queues the job; smaller files stay inline."""

import datetime

import pytest
import time_machine

from zabota.exchange.models import ImportBatch, ImportStatus
from zabota.exchange.tests.helpers import person, rows_of, xlsx_bytes
from zabota.exchange.tests.test_import_pages import confirm_columns, load, upload
from zabota.jobs.models import Job
from zabota.recipients.models import Recipient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        yield


def people(n: int) -> list[dict]:
    return [person(Фамилия=f"Орлова{chr(1072 + i)}") for i in range(n)]


def test_a_large_file_is_checked_and_loaded_by_the_worker_and_the_request_does_not_wait(
    personas, settings
):
    settings.ZABOTA_IMPORT_INLINE_ROWS = 3
    client = personas.client_for(personas.specialist)
    assert upload(client, xlsx_bytes(rows_of(people(4)))).status_code == 302
    batch = ImportBatch.objects.latest("pk")
    response = confirm_columns(client, batch)
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status, job.params) == (
        "import",
        "queued",
        {"batch": batch.pk, "step": "check"},
    )
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED and batch.mapping  # columns saved, not checked yet


def test_a_large_file_loaded_through_the_job_ends_with_the_counts_and_a_link_to_the_batch(
    personas, settings
):
    settings.ZABOTA_JOBS_INLINE = True
    settings.ZABOTA_IMPORT_INLINE_ROWS = 3
    client = personas.client_for(personas.specialist)
    batch = load(client, people(4))
    check = Job.objects.get()
    assert check.status == "done" and check.message == "Проверено строк: 4; с ошибками: 0."
    assert batch.status == ImportStatus.CHECKED
    response = client.post(f"/exchange/import/{batch.pk}/commit/")
    commit = Job.objects.latest("pk")
    assert response["Location"] == f"/jobs/{commit.pk}/"
    assert commit.status == "done", commit.message
    assert commit.message == "Загружено: новых 4, изменено 0, без изменений 0."
    assert Recipient.objects.filter(last_name__startswith="Орлова").count() == 4
    page = client.get(f"/jobs/{commit.pk}/").content.decode()
    assert f'href="/exchange/import/{batch.pk}/"' in page


def test_a_small_file_is_still_loaded_at_once(personas, settings):
    client = personas.client_for(personas.specialist)
    batch = load(client, people(2))
    response = client.post(f"/exchange/import/{batch.pk}/commit/")
    assert response["Location"] == f"/exchange/import/{batch.pk}/"
    assert not Job.objects.exists()
    assert Recipient.objects.filter(last_name__startswith="Орлова").count() == 2


def test_the_batch_page_says_a_job_is_under_way_and_offers_no_second_load(personas, settings):
    client = personas.client_for(personas.specialist)
    batch = load(client, people(4))
    settings.ZABOTA_IMPORT_INLINE_ROWS = 3
    client.post(f"/exchange/import/{batch.pk}/commit/")
    page = client.get(f"/exchange/import/{batch.pk}/").content.decode()
    assert "Сейчас идёт «Загрузка файла" in page
    assert f"/exchange/import/{batch.pk}/commit/" not in page
    # A second press joins the job under way.
    again = client.post(f"/exchange/import/{batch.pk}/commit/", follow=True)
    assert "уже работает задание" in again.content.decode()
    assert Job.objects.count() == 1
