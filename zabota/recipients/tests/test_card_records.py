"""Records kept on a recipient's card (medical certificates, representatives) and the editable
reference lists: each saved through its page, each with its entry in the journal."""

import datetime

import pytest
import time_machine

from zabota.audit.models import EventKind, SecurityEvent
from zabota.recipients.models import BenefitCategory, DischargeReason, MedicalCertificate
from zabota.testing import make_guardian

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def certificate_form(**overrides) -> dict:
    return {
        "number": "417",
        "issued_on": "2026-11-10",
        "valid_until": "2027-11-10",
        "issued_by": "ГБУЗ «Городская поликлиника № 5»",
    } | overrides


def representative_form(**overrides) -> dict:
    return {
        "kind": "guardian",
        "last_name": "Орлова",
        "first_name": "Нина",
        "middle_name": "Сергеевна",
        "basis": "распоряжение об опеке № 15 от 01.02.2026",
        "phone": "+7 (900) 123-45-67",
        "is_active": "on",
    } | overrides


@time_machine.travel(TODAY)
def test_a_head_records_a_medical_certificate_on_the_card(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post(f"/recipients/{recipient.pk}/certificates/new/", certificate_form())
    assert response.status_code == 302
    assert response["Location"] == f"/recipients/{recipient.pk}/"
    certificate = MedicalCertificate.objects.get(recipient=recipient)
    assert (certificate.number, certificate.valid_until) == ("417", datetime.date(2027, 11, 10))
    event = SecurityEvent.objects.get(
        kind=EventKind.CREATE, object_type="recipients.medicalcertificate"
    )
    assert (event.user, event.recipient_id) == (personas.head1.user, recipient.pk)
    assert event.changes["number"] == [None, "417"]
    assert event.changes["valid_until"] == [None, "2027-11-10"]
    assert "Медицинское заключение записано." in client.get(response["Location"]).content.decode()


@time_machine.travel(TODAY)
def test_a_certificate_ending_before_it_was_issued_is_refused(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/recipients/{recipient.pk}/certificates/new/",
        certificate_form(valid_until="2026-11-01"),
    )
    assert response.status_code == 200
    assert "Срок действия заканчивается раньше даты выдачи." in response.content.decode()
    assert not MedicalCertificate.objects.exists()
    assert not SecurityEvent.objects.filter(object_type="recipients.medicalcertificate").exists()


@time_machine.travel(TODAY)
def test_a_worker_may_not_record_a_certificate(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.worker1)
    response = client.post(f"/recipients/{recipient.pk}/certificates/new/", certificate_form())
    assert response.status_code == 403
    assert not MedicalCertificate.objects.exists()


@time_machine.travel(TODAY)
def test_a_head_adds_a_guardian_and_the_journal_has_the_new_entry(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/recipients/{recipient.pk}/representatives/new/", representative_form()
    )
    assert response.status_code == 302
    guardian = recipient.representatives.get()
    assert (guardian.full_name, guardian.phone) == ("Орлова Нина Сергеевна", "+7 (900) 123-45-67")
    event = SecurityEvent.objects.get(
        kind=EventKind.CREATE, object_type="recipients.representative"
    )
    assert (event.user, event.recipient_id, event.object_id) == (
        personas.head1.user,
        recipient.pk,
        str(guardian.pk),
    )
    assert event.changes["last_name"] == [None, "Орлова"]


@time_machine.travel(TODAY)
def test_an_edit_of_a_representative_records_before_and_after(personas):
    recipient = personas.recipient_of_worker1
    guardian = make_guardian(recipient, phone="+7 (900) 000-00-00")
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/recipients/{recipient.pk}/representatives/{guardian.pk}/",
        representative_form(phone="+7 (900) 123-45-67"),
    )
    assert response.status_code == 302
    guardian.refresh_from_db()
    assert guardian.phone == "+7 (900) 123-45-67"
    event = SecurityEvent.objects.get(
        kind=EventKind.UPDATE, object_type="recipients.representative"
    )
    assert event.changes == {"phone": ["+7 (900) 000-00-00", "+7 (900) 123-45-67"]}


@time_machine.travel(TODAY)
def test_a_representative_of_another_recipient_is_not_found(personas):
    guardian = make_guardian(personas.recipient_of_worker2)
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/recipients/{recipient.pk}/representatives/{guardian.pk}/",
        representative_form(last_name="Подменная"),
    )
    assert response.status_code == 404
    guardian.refresh_from_db()
    assert guardian.last_name == "Орлова"


def test_a_director_adds_a_benefit_category_and_switches_a_reason_off(personas):
    client = personas.client_for(personas.director)
    response = client.post(
        "/recipients/references/categories/new/",
        {"name": "Ветеран боевых действий", "free_of_charge": "on", "is_active": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/recipients/references/"
    category = BenefitCategory.objects.get(name="Ветеран боевых действий")
    assert (category.institution, category.free_of_charge) == (personas.institution, True)
    created = SecurityEvent.objects.get(
        kind=EventKind.CREATE, object_type="recipients.benefitcategory"
    )
    assert (created.user, created.object_id) == (personas.director.user, str(category.pk))

    reason = personas.reason
    response = client.post(f"/recipients/references/reasons/{reason.pk}/", {"name": "Переезд"})
    assert response.status_code == 302
    reason.refresh_from_db()
    assert not reason.is_active
    assert DischargeReason.objects.filter(pk=reason.pk).exists()  # switched off, not deleted
    switched = SecurityEvent.objects.get(
        kind=EventKind.UPDATE, object_type="recipients.dischargereason"
    )
    assert switched.changes == {"is_active": [True, False]}


def test_a_second_category_of_the_same_name_is_refused(personas):
    client = personas.client_for(personas.director)
    response = client.post(
        "/recipients/references/categories/new/", {"name": "ветеран труда", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "Такая запись в справочнике уже есть." in response.content.decode()
    assert BenefitCategory.objects.filter(name__iexact="ветеран труда").count() == 1
    assert not SecurityEvent.objects.filter(object_type="recipients.benefitcategory").exists()


def test_a_head_may_not_edit_the_reference_lists(personas):
    client = personas.client_for(personas.head1)
    response = client.post("/recipients/references/reasons/new/", {"name": "Иное"})
    assert response.status_code == 403
    assert not DischargeReason.objects.filter(name="Иное").exists()
