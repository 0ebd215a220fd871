"""Printing again: an unchanged document is the one already issued, a changed one is new."""

import datetime

import pytest
import time_machine

from zabota.audit.models import EventKind, SecurityEvent
from zabota.documents.models import IssuedDocument
from zabota.documents.services import document_issue
from zabota.documents.tests.conftest import text_of

pytestmark = pytest.mark.django_db


def consent(personas, actor=None):
    return document_issue(
        actor=actor or personas.specialist, kind="consent", recipient=personas.recipient_of_worker1
    )


def test_printing_an_unchanged_document_again_gives_back_the_issued_one(personas, frozen):
    first = consent(personas)
    again = consent(personas)
    assert (again.pk, again.number, again.checksum) == (first.pk, "С-1/2026", first.checksum)
    assert (first.reused, again.reused) == (False, True)
    assert IssuedDocument.objects.count() == 1
    prints = SecurityEvent.objects.filter(kind=EventKind.PRINT, object_id=str(first.pk))
    assert [e.details.startswith("повторная печать") for e in prints.order_by("pk")] == [
        False,
        True,
    ]


def test_a_consent_dated_by_the_day_of_printing_is_new_on_another_day(personas, frozen):
    # Its date is today's unless another is given: another day prints another paper.
    first = consent(personas)
    with time_machine.travel(datetime.datetime(2026, 10, 5, 9, 0), tick=False):
        later = consent(personas)
        again = consent(personas)
    assert (first.number, later.number, again.number) == ("С-1/2026", "С-2/2026", "С-2/2026")


def test_a_consent_with_its_date_given_is_the_same_paper_on_another_day(personas, frozen):
    dated = {"date": "2026-10-01"}
    recipient = personas.recipient_of_worker1
    first = document_issue(
        actor=personas.specialist, kind="consent", recipient=recipient, params=dated
    )
    with time_machine.travel(datetime.datetime(2026, 10, 5, 9, 0), tick=False):
        again = document_issue(
            actor=personas.specialist, kind="consent", recipient=recipient, params=dated
        )
    assert (again.pk, again.issued_on) == (first.pk, datetime.date(2026, 10, 1))


def test_a_changed_content_takes_a_new_number_and_reprinting_it_keeps_that(personas, frozen):
    first = consent(personas)
    recipient = personas.recipient_of_worker1
    recipient.registration_address = '=HYPERLINK("http://x")' + " д. 1" * 50
    recipient.save()
    changed = consent(personas)
    again = consent(personas)
    assert (first.number, changed.number, again.number) == ("С-1/2026", "С-2/2026", "С-2/2026")
    assert "=HYPERLINK" in text_of(bytes(changed.content))
    assert first.fingerprint != changed.fingerprint


def test_another_signatory_is_another_paper(personas, frozen):
    first = consent(personas)
    other = consent(personas, actor=personas.head1)
    assert other.pk != first.pk


def test_each_person_and_each_kind_has_its_own_paper(personas, frozen):
    first = consent(personas)
    other = document_issue(
        actor=personas.specialist, kind="consent", recipient=personas.recipient_of_worker2
    )
    assert other.number == "С-2/2026" and other.pk != first.pk


def test_the_issue_page_shows_the_document_before_it_is_issued(personas, frozen):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    page = client.get(f"/documents/issue/consent/?recipient={recipient.pk}").content.decode()
    assert "Так документ будет выглядеть" in page
    assert "Иванова Мария Петровна" in page and "б/н (предпросмотр)" in page
    assert "Выдать документ</button>" in page
    assert IssuedDocument.objects.count() == 0
    assert SecurityEvent.objects.filter(
        kind=EventKind.PRINT, details__startswith="предпросмотр документа"
    ).exists()


def test_the_issue_page_says_an_unchanged_document_is_opened_not_numbered_again(personas, frozen):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    url = f"/documents/issue/consent/?recipient={recipient.pk}"
    client.post(url)
    page = client.get(url).content.decode()
    assert "Этот документ уже выдан: № С-1/2026 от 01.10.2026" in page
    assert "Открыть выданный № С-1/2026" in page
    response = client.post(url, follow=True)
    assert "не изменился: это выданный 01.10.2026 экземпляр № С-1/2026" in (
        response.content.decode()
    )
    assert IssuedDocument.objects.count() == 1
