"""Issuing documents into the archive: numbers, checksums, re-issue, refusals, the journal."""

import dataclasses
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zabota.audit.models import EventKind, SecurityEvent
from zabota.documents import kinds
from zabota.documents.models import IssuedDocument
from zabota.documents.services import document_issue
from zabota.documents.tests.conftest import text_of

pytestmark = pytest.mark.django_db


def test_a_consent_is_issued_numbered_stored_and_journalled(personas, frozen):
    recipient = personas.recipient_of_worker1
    document = document_issue(actor=personas.specialist, kind="consent", recipient=recipient)
    assert (document.number, document.issued_on, document.template_version) == (
        "С-1/2026",
        frozen,
        0,
    )
    assert document.title == "Согласие на обработку персональных данных"
    assert document.issued_by == personas.specialist
    assert document.checksum == hashlib.sha256(bytes(document.content)).hexdigest()
    text = text_of(bytes(document.content))
    assert "Иванова Мария Петровна" in text and "«01» октября 2026 г." in text
    event = SecurityEvent.objects.get(kind=EventKind.PRINT, object_id=str(document.pk))
    assert (event.recipient_id, event.user) == (recipient.pk, personas.specialist.user)


def test_issuing_again_a_changed_content_makes_a_new_entry_and_leaves_the_first_untouched(
    personas, frozen
):
    recipient = personas.recipient_of_worker1
    first = document_issue(actor=personas.specialist, kind="consent", recipient=recipient)
    first_content, first_checksum = bytes(first.content), first.checksum
    recipient.registration_address = "г. Кемерово, ул. Новая, д. 2"
    recipient.save()
    second = document_issue(actor=personas.specialist, kind="consent", recipient=recipient)
    assert second.pk != first.pk
    assert (first.number, second.number) == ("С-1/2026", "С-2/2026")
    first.refresh_from_db()
    assert (bytes(first.content), first.checksum) == (first_content, first_checksum)
    assert IssuedDocument.objects.filter(recipient=recipient).count() == 2


def test_an_issued_document_cannot_be_changed_or_deleted(personas, frozen):
    document = document_issue(
        actor=personas.specialist, kind="consent", recipient=personas.recipient_of_worker1
    )
    document.title = "Другое"
    with pytest.raises(PermissionError):
        document.save()
    with pytest.raises(PermissionError):
        document.delete()


def test_each_kind_counts_on_its_own_and_starts_again_each_year(personas, frozen):
    recipient = personas.recipient_of_worker1
    assert (
        document_issue(actor=personas.specialist, kind="consent", recipient=recipient).number
        == "С-1/2026"
    )
    assert (
        document_issue(actor=personas.specialist, kind="application", recipient=recipient).number
        == "З-1/2026"
    )
    with time_machine.travel("2027-01-10 10:00 +0300", tick=False):
        assert (
            document_issue(actor=personas.specialist, kind="consent", recipient=recipient).number
            == "С-1/2027"
        )


def test_another_institution_counts_its_own_numbers(personas, frozen):
    document_issue(
        actor=personas.specialist, kind="consent", recipient=personas.recipient_of_worker1
    )
    other = document_issue(
        actor=personas.outsider_director, kind="consent", recipient=personas.outsider_recipient
    )
    assert other.number == "С-1/2026"


def test_the_checksum_matches_the_stored_content_of_every_entry(personas, frozen):
    for kind in ("consent", "application"):
        document_issue(
            actor=personas.specialist, kind=kind, recipient=personas.recipient_of_worker2
        )
    for document in IssuedDocument.objects.all():
        assert hashlib.sha256(bytes(document.content)).hexdigest() == document.checksum


def test_a_discharge_notice_for_a_person_still_served_needs_a_date_and_a_reason(personas, frozen):
    with pytest.raises(ValidationError, match="укажите дату и причину"):
        document_issue(
            actor=personas.specialist,
            kind="discharge_notice",
            recipient=personas.recipient_of_worker1,
        )
    # The refusal used no number.
    document = document_issue(
        actor=personas.specialist,
        kind="discharge_notice",
        recipient=personas.recipient_of_worker1,
        params={"date": "2026-10-20", "reason": str(personas.reason.pk)},
    )
    assert document.number == "У-1/2026"
    text = text_of(bytes(document.content))
    assert "с «20» октября 2026 г. Вы будете сняты" in text
    assert "Основание: Переезд." in text
    assert "Уважаемая Мария Петровна!" in text


def test_a_discharge_notice_after_discharge_takes_the_recorded_date_and_reason(personas, frozen):
    from zabota.recipients.services import recipient_discharge

    recipient = personas.recipient_of_worker2
    recipient_discharge(
        actor=personas.specialist,
        recipient=recipient,
        expected_version=recipient.version,
        discharged_on=frozen,
        reason=personas.reason,
        note="к сыну",
    )
    document = document_issue(
        actor=personas.specialist, kind="discharge_notice", recipient=recipient
    )
    text = text_of(bytes(document.content))
    assert "«01» октября 2026 г. Вы сняты" in text
    assert "Основание: Переезд (к сыну)." in text
    assert "Уважаемый Пётр Ильич!" in text
    assert "Сидорову Петру Ильичу" in text


def test_the_stored_declined_name_is_used_not_a_fresh_declension(personas, frozen):
    recipient = personas.recipient_of_worker1
    recipient.name_gent = "Ивановой-Исправленной Марии Петровны"
    recipient.save()
    document = document_issue(actor=personas.specialist, kind="application", recipient=recipient)
    assert "от Ивановой-Исправленной Марии Петровны" in text_of(bytes(document.content))


def test_a_representative_signs_for_the_recipient(personas, frozen):
    from zabota.testing import make_guardian

    recipient = personas.recipient_of_worker1
    make_guardian(recipient)
    text = text_of(
        bytes(
            document_issue(actor=personas.specialist, kind="consent", recipient=recipient).content
        )
    )
    assert "Я, Орлова Нина Сергеевна" in text
    assert "от имени и в интересах Ивановой Марии Петровны" in text
    assert "/ Н. С. Орлова /" in text


def test_a_kind_whose_data_are_not_connected_cannot_be_issued(personas, frozen, unconnected_kind):
    with pytest.raises(ValidationError, match="данные ещё не подключены"):
        document_issue(
            actor=personas.specialist,
            kind=unconnected_kind,
            recipient=personas.recipient_of_worker1,
        )
    assert not IssuedDocument.objects.exists()


def test_an_unknown_kind_and_a_missing_recipient_are_refused(personas):
    with pytest.raises(ValidationError, match="Неизвестный вид документа"):
        document_issue(
            actor=personas.specialist, kind="letter", recipient=personas.recipient_of_worker1
        )
    with pytest.raises(ValidationError, match="нужно выбрать получателя"):
        document_issue(actor=personas.specialist, kind="consent")


def test_a_recipient_of_another_institution_is_refused(personas):
    with pytest.raises(ValidationError, match="другому учреждению"):
        document_issue(
            actor=personas.specialist, kind="consent", recipient=personas.outsider_recipient
        )
    assert not IssuedDocument.objects.exists()


@pytest.fixture
def attached_contract():
    """The contract kind with a builder attached, as zabota.programs does in ready()."""
    declared = kinds.get_kind("contract")
    seen = []

    def build(request):
        seen.append(request)
        data = declared.sample_context()
        data["document"] = {"title": f"Договор № {data['contract']['number']}"}
        return data

    kinds.provide_context("contract", build)
    yield seen
    kinds.register(declared)


def test_an_attached_builder_gets_the_object_and_period_and_may_retitle(
    personas, frozen, attached_contract
):
    document = document_issue(
        actor=personas.specialist,
        kind="contract",
        recipient=personas.recipient_of_worker1,
        related=("programs.contract", 42),
        params={"period": "2026-10"},
    )
    request = attached_contract[0]
    assert (request.object_type, request.object_id, request.period) == (
        "programs.contract",
        "42",
        "2026-10",
    )
    assert (document.object_type, document.object_id, document.period) == (
        "programs.contract",
        "42",
        "2026-10",
    )
    assert document.title == "Договор № 145"
    text = text_of(bytes(document.content))
    assert "ДОГОВОР № 145" in text and "Иванова Мария Петровна" in text


def test_a_builder_adding_to_the_recipient_keeps_the_common_fields(personas, frozen):
    declared = kinds.get_kind("contract")
    kinds.provide_context(
        "contract", lambda request: declared.sample_context() | {"recipient": {"phone": "+7 000"}}
    )
    try:
        document = document_issue(
            actor=personas.specialist, kind="contract", recipient=personas.recipient_of_worker1
        )
    finally:
        kinds.register(declared)
    text = text_of(bytes(document.content))
    assert "+7 000" in text and "СНИЛС" in text


def test_a_bad_period_is_refused(personas):
    with pytest.raises(ValidationError, match="ГГГГ-ММ"):
        document_issue(
            actor=personas.specialist,
            kind="consent",
            recipient=personas.recipient_of_worker1,
            params={"period": "октябрь"},
        )


def test_the_document_kind_is_frozen_so_a_registry_entry_is_replaced_not_mutated():
    kind = kinds.get_kind("consent")
    with pytest.raises(dataclasses.FrozenInstanceError):
        kind.title = "x"
