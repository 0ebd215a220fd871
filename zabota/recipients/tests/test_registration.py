"""Registering, editing and discharging recipients, and what bad input does."""

import datetime

import pytest
import time_machine

from zabota.audit.models import EventKind, SecurityEvent
from zabota.recipients.models import Enrolment, Recipient, RecipientStatus

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def valid_form(personas, **overrides) -> dict:
    data = {
        "enrolled_on": "2026-11-20",
        "basis": "Заявление от 18.11.2026",
        "last_name": "Долгих",
        "first_name": "Никита",
        "middle_name": "Ильич",
        "gender": "male",
        "birth_date": "1941-03-02",
        "snils": "112-233-445 95",
        "document_type": "Паспорт гражданина РФ",
        "document_series": "32 04",
        "document_number": "123456",
        "document_issued_on": "2005-06-01",
        "registration_address": "г. Кемерово, ул. Весенняя, д. 1",
        "department": personas.department1.pk,
        "social_worker": personas.worker1.pk,
        "benefit_categories": [personas.category.pk],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@time_machine.travel(TODAY)
def test_a_head_registers_a_recipient_with_enrolment_declension_and_audit(personas):
    client = personas.client_for(personas.head1)
    response = client.post("/recipients/new/", valid_form(personas))
    recipient = Recipient.objects.get(snils="11223344595")
    assert response.status_code == 302
    assert response["Location"] == f"/recipients/{recipient.pk}/"
    assert recipient.status == RecipientStatus.ACTIVE
    assert recipient.name_gent == "Долгих Никиты Ильича"
    assert recipient.name_ablt == "Долгих Никитой Ильичом"
    assert list(recipient.benefit_categories.all()) == [personas.category]
    enrolment = Enrolment.objects.get(recipient=recipient)
    assert enrolment.enrolled_on == datetime.date(2026, 11, 20)
    assert enrolment.enrolled_by == personas.head1
    event = SecurityEvent.objects.get(kind=EventKind.CREATE, recipient_id=recipient.pk)
    assert event.user == personas.head1.user
    assert event.changes["snils"] == [None, "11223344595"]


BAD_INPUT = [
    ({"snils": "112-233-445 96"}, "snils", "Контрольное число СНИЛС не сходится"),
    ({"snils": "12345"}, "snils", "СНИЛС должен состоять из 11 цифр"),
    ({"birth_date": "2027-01-01"}, "birth_date", "Дата рождения не может быть в будущем"),
    ({"birth_date": "1950-02-31"}, "birth_date", "Такой даты нет: 31.02.1950"),
    ({"birth_date": "010345\x00"}, "birth_date", "управляющие символы"),
    ({"birth_date": "1850-01-01"}, "birth_date", "Слишком ранняя дата"),
    ({"enrolled_on": "2026-12-01"}, "enrolled_on", "Дата постановки не может быть в будущем"),
    (
        {"document_issued_on": "1930-01-01"},
        "document_issued_on",
        "Документ выдан раньше даты рождения",
    ),
    ({"document_series": "3204x"}, "document_series", "Серия паспорта РФ — 4 цифры"),
    ({"document_number": "12345"}, "document_number", "Номер паспорта РФ — 6 цифр"),
    ({"last_name": ""}, "last_name", "Обязательное поле"),
    ({"latitude": "55.3"}, "longitude", "Укажите обе координаты"),
    ({"latitude": "95", "longitude": "86"}, "latitude", "Широта"),
]


@time_machine.travel(TODAY)
@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_gets_a_russian_message_and_saves_nothing(personas, overrides, field, message):
    client = personas.client_for(personas.head1)
    before = (
        Recipient.objects.count(),
        Enrolment.objects.count(),
        SecurityEvent.objects.filter(kind=EventKind.CREATE).count(),
    )
    response = client.post("/recipients/new/", valid_form(personas, **overrides))
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert message in errors
    after = (
        Recipient.objects.count(),
        Enrolment.objects.count(),
        SecurityEvent.objects.filter(kind=EventKind.CREATE).count(),
    )
    assert after == before


@time_machine.travel(TODAY)
def test_a_duplicate_snils_is_refused_naming_the_existing_card(personas):
    existing = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post("/recipients/new/", valid_form(personas, snils=existing.snils))
    errors = " ".join(response.context["form"].errors["snils"])
    assert "уже есть в реестре" in errors and existing.full_name in errors
    assert Recipient.objects.filter(snils=existing.snils).count() == 1


@time_machine.travel(TODAY)
def test_a_head_cannot_register_into_another_department(personas):
    client = personas.client_for(personas.head1)
    response = client.post(
        "/recipients/new/", valid_form(personas, department=personas.department2.pk)
    )
    assert "department" in response.context["form"].errors
    assert not Recipient.objects.filter(snils="11223344595").exists()


@time_machine.travel(TODAY)
def test_a_worker_of_another_department_cannot_be_assigned(personas):
    client = personas.client_for(personas.director)
    response = client.post(
        "/recipients/new/", valid_form(personas, social_worker=personas.worker_other_department.pk)
    )
    assert (
        "Сотрудник работает в другом отделении." in response.context["form"].errors["social_worker"]
    )


@time_machine.travel(TODAY)
def test_a_head_is_offered_only_the_workers_of_their_own_department(personas):
    form = personas.client_for(personas.head1).get("/recipients/new/").context["form"]
    offered = set(form.fields["social_worker"].queryset) | set(form.fields["caregiver"].queryset)
    assert offered == {personas.worker1, personas.worker2, personas.caregiver1}
    # The director chooses among every department's workers, each named with its department.
    form = personas.client_for(personas.director).get("/recipients/new/").context["form"]
    labels = [label for _value, label in form.fields["social_worker"].choices]
    assert f"{personas.worker_other_department.full_name} (отделение № 2)" in labels


@time_machine.travel(TODAY)
def test_the_gender_left_unchosen_is_taken_from_the_patronymic(personas):
    client = personas.client_for(personas.head1)
    response = client.post(
        "/recipients/new/",
        valid_form(personas, gender="", first_name="Антонина", middle_name="Васильевна"),
        follow=True,
    )
    assert Recipient.objects.get(snils="11223344595").gender == "female"
    assert "Долгих Антонина Васильевна поставлена на обслуживание." in response.content.decode()


@time_machine.travel(TODAY)
def test_a_gender_the_name_does_not_tell_must_be_chosen(personas):
    client = personas.client_for(personas.head1)
    response = client.post(
        "/recipients/new/",
        valid_form(personas, gender="", last_name="Ли", first_name="Саша", middle_name=""),
    )
    assert response.status_code == 200
    assert "Укажите пол" in " ".join(response.context["form"].errors["gender"])
    assert not Recipient.objects.filter(snils="11223344595").exists()


def _edit_form(recipient, **overrides):
    from zabota.recipients.forms import CARD_FIELDS

    data = {}
    for name in CARD_FIELDS:
        value = getattr(
            recipient,
            name if name not in ("department", "social_worker", "caregiver") else f"{name}_id",
        )
        if name == "benefit_categories":
            value = [c.pk for c in recipient.benefit_categories.all()]
        data[name] = "" if value is None else value
    data["version"] = recipient.version
    data.update(overrides)
    return data


@time_machine.travel(TODAY)
def test_an_edit_records_before_and_after_in_the_journal(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/recipients/{recipient.pk}/edit/", _edit_form(recipient, phone="+7 (900) 111-22-33")
    )
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.phone == "+7 (900) 111-22-33"
    assert recipient.version == 2
    event = SecurityEvent.objects.filter(kind=EventKind.UPDATE, recipient_id=recipient.pk).get()
    assert event.changes["phone"] == ["", "+7 (900) 111-22-33"]
    assert event.changes["version"] == [1, 2]


@time_machine.travel(TODAY)
def test_a_changed_surname_declines_again(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    client.post(f"/recipients/{recipient.pk}/edit/", _edit_form(recipient, last_name="Белых"))
    recipient.refresh_from_db()
    assert recipient.name_datv == "Белых Марии Петровне"


@time_machine.travel(TODAY)
def test_a_corrected_declined_form_is_kept(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    form = _edit_form(recipient, name_gent="Ивановой Марьи Петровны")
    form.update(
        {
            f: getattr(recipient, f) or "x"
            for f in ("name_datv", "name_accs", "name_ablt", "name_loct")
        }
    )
    client.post(f"/recipients/{recipient.pk}/edit/", form)
    recipient.refresh_from_db()
    assert recipient.name_gent == "Ивановой Марьи Петровны"


@time_machine.travel(TODAY)
def test_the_second_of_two_concurrent_edits_is_refused_with_what_the_first_changed(personas):
    recipient = personas.recipient_of_worker1
    first = personas.client_for(personas.head1)
    second = personas.client_for(personas.director)
    opened_by_second = _edit_form(recipient, notes="Нужна помощь с лекарствами")
    first.post(
        f"/recipients/{recipient.pk}/edit/", _edit_form(recipient, phone="+7 (900) 000-00-01")
    )
    response = second.post(f"/recipients/{recipient.pk}/edit/", opened_by_second)
    assert response.status_code == 200
    assert any(
        "уже изменил другой сотрудник" in str(e)
        for e in response.context["form"].non_field_errors()
    )
    assert any(
        "Телефон" in line and "+7 (900) 000-00-01" in line for line in response.context["stale"]
    )
    recipient.refresh_from_db()
    assert recipient.notes == ""
    assert recipient.phone == "+7 (900) 000-00-01"


@time_machine.travel(TODAY)
def test_discharge_closes_the_period_and_keeps_the_card(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/recipients/{recipient.pk}/discharge/",
        {
            "version": recipient.version,
            "discharged_on": "2026-11-23",
            "reason": personas.reason.pk,
            "note": "к дочери в Томск",
        },
    )
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.DISCHARGED
    enrolment = recipient.enrolments.get()
    assert enrolment.discharged_on == datetime.date(2026, 11, 23)
    assert enrolment.discharge_reason == personas.reason
    # The worker no longer sees the person in the default list, but the card remains.
    assert Recipient.objects.filter(pk=recipient.pk).exists()


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-11-25", "Дата снятия не может быть в будущем"),
        ("2024-01-01", "Дата снятия раньше даты постановки"),
    ],
)
def test_a_discharge_with_a_wrong_date_changes_nothing(personas, date, message):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/recipients/{recipient.pk}/discharge/",
        {"version": recipient.version, "discharged_on": date, "reason": personas.reason.pk},
    )
    assert message in str(response.context["form"].errors)
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.ACTIVE
    assert recipient.enrolments.get().discharged_on is None


@time_machine.travel(TODAY)
def test_a_discharged_person_can_be_enrolled_again(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    client.post(
        f"/recipients/{recipient.pk}/discharge/",
        {"version": recipient.version, "discharged_on": "2026-10-01", "reason": personas.reason.pk},
    )
    recipient.refresh_from_db()
    response = client.post(
        f"/recipients/{recipient.pk}/enrol/",
        {
            "version": recipient.version,
            "enrolled_on": "2026-11-02",
            "department": personas.department1.pk,
            "basis": "Новое заявление",
        },
    )
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.ACTIVE
    assert recipient.enrolments.count() == 2


@time_machine.travel(TODAY)
def test_consent_and_certificate_are_recorded_and_withdrawn(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    client.post(
        f"/recipients/{recipient.pk}/consents/new/",
        {"given_on": "2026-11-20", "text_version": "2025-1"},
    )
    consent = recipient.consents.get()
    client.post(
        f"/recipients/{recipient.pk}/consents/{consent.pk}/withdraw/",
        {"withdrawn_on": "2026-11-24"},
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    response = client.post(
        f"/recipients/{recipient.pk}/certificates/new/",
        {"number": "15", "issued_on": "2026-11-01", "valid_until": "2026-10-01"},
    )
    assert "раньше даты выдачи" in str(response.context["form"].errors)
    assert not recipient.medical_certificates.exists()


def test_opening_a_card_is_recorded(personas):
    recipient = personas.recipient_of_worker1
    personas.client_for(personas.worker1).get(f"/recipients/{recipient.pk}/")
    event = SecurityEvent.objects.get(kind=EventKind.VIEW, recipient_id=recipient.pk)
    assert event.user == personas.worker1.user
    assert event.ip_address == "127.0.0.1"


def test_a_journal_entry_cannot_be_changed_or_deleted(personas):
    personas.client_for(personas.worker1).get(f"/recipients/{personas.recipient_of_worker1.pk}/")
    event = SecurityEvent.objects.get(kind=EventKind.VIEW)
    event.details = "подделка"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
