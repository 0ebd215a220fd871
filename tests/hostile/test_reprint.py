"""A double click on «Выдать документ»: two issues of the same unchanged document at the same
moment, each on its own thread and connection, make one archive entry with one number."""

import threading

import pytest
from django.db import connection

from tests.hostile.parallel import WAIT_SECONDS, Crowd
from zabota.documents.models import DocumentCounter, IssuedDocument
from zabota.documents.services import document_issue


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("clicks", [2, 5])
def test_parallel_clicks_on_an_unchanged_document_issue_it_once(personas, tmp_path, clicks):
    # On SQLite the threads work on a copy in a file (see Crowd), copied back afterwards.
    file = Crowd(clicks, spare_file=tmp_path / "clicks.sqlite3")._copy_out()
    start = threading.Barrier(clicks)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def click() -> None:
        if file:
            connection.settings_dict = {**connection.settings_dict, "NAME": str(file)}
        try:
            start.wait(WAIT_SECONDS)
            document = document_issue(
                actor=personas.specialist,
                kind="consent",
                recipient=personas.recipient_of_worker1,
                params={"date": "2026-10-01"},
            )
            numbers.append(document.number)
        except BaseException as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS * 2)
    Crowd._copy_back(file)

    assert not errors, errors
    assert len(numbers) == clicks and len(set(numbers)) == 1
    assert IssuedDocument.objects.count() == 1
    assert DocumentCounter.objects.get(kind="consent").last_number == 1
