"""The relative's page: one recipient, read-only, on a phone; and the message to the head."""

import datetime
import uuid

import pytest
from django.urls import reverse

from zabota.absences.services import absence_create, covers_confirm
from zabota.audit.models import EventKind, SecurityEvent
from zabota.billing.models import Charge
from zabota.documents.services import document_issue
from zabota.family.services import consent_withdraw, relative_revoke
from zabota.family.tests.conftest import TODAY, client_of
from zabota.quality.models import Complaint, ComplaintChannel
from zabota.recipients.models import DischargeReason
from zabota.recipients.services import recipient_discharge

pytestmark = pytest.mark.django_db


def send(client, text, form_uuid=None):
    return client.post(
        reverse("family:message"), {"form_uuid": str(form_uuid or uuid.uuid4()), "text": text}
    )


def test_the_page_shows_visits_with_times_the_next_visits_and_the_act(
    personas, relative, served, django_assert_max_num_queries
):
    client = client_of(relative.user)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("family:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Иванова Мария Петровна" in page
    # The visit of 19.11 with its times and services, by «Анна Ивановна» (worker1).
    assert "19.11.2026</strong> 10:00–10:50, Анна Ивановна" in page
    assert "Покупка и доставка продуктов питания" in page and "Мытьё пола × 30" in page
    # October's visit is more than 30 days back: not in the list, but in last month's act.
    assert "15.10.2026" not in page
    assert "Акт за октябрь 2026: услуг на 110,00 ₽" in page
    assert "К оплате за месяц: <strong>110,00 ₽" in page
    # Next: Thursday 26.11 (shopping and floors), Monday 30.11 (shopping), by the social worker.
    planned = response.context["planned"]
    assert [(p.day, p.worker) for p in planned] == [
        (datetime.date(2026, 11, 26), "Анна Ивановна"),
        (datetime.date(2026, 11, 30), "Анна Ивановна"),
    ]
    assert planned[0].services == ["Покупка и доставка продуктов питания", "Мытьё пола"]


def test_no_staff_surname_and_no_other_recipient_is_shown(personas, relative, served):
    page = client_of(relative.user).get(reverse("family:home")).content.decode()
    for name in ("Соколова", "Зайцева", "Сидоров", "Кузнецова", "Head1", "Caregiver1"):
        assert name not in page, name
    # Nor the recipient's documents: СНИЛС and address are not this page's business.
    assert personas.recipient_of_worker1.snils not in page
    assert "Весенняя" not in page


def test_the_balance_shows_when_the_centre_keeps_a_ledger(personas, relative):
    client = client_of(relative.user)
    assert "balance" not in client.get(reverse("family:home")).content.decode()
    Charge.objects.create(
        institution=personas.institution,
        recipient=personas.recipient_of_worker1,
        department=personas.department1,
        number="202611-00001",
        sequence=1,
        kind="monthly",
        month=datetime.date(2026, 11, 1),
        service_month=datetime.date(2026, 10, 1),
        amount="250.00",
    )
    page = client.get(reverse("family:home")).content.decode()
    assert "Задолженность: <strong>250,00 ₽" in page


def test_each_page_view_is_journalled_under_the_relatives_login(personas, relative, served):
    client_of(relative.user).get(reverse("family:home"))
    entry = SecurityEvent.objects.get(kind=EventKind.VIEW)
    assert (entry.user, entry.recipient_id, entry.institution) == (
        relative.user,
        personas.recipient_of_worker1.pk,
        personas.institution,
    )
    assert "кабинет родственника" in entry.details


def test_the_archived_act_is_downloaded_and_journalled_as_printing(personas, relative, served):
    document = document_issue(
        actor=personas.head1,
        kind="act",
        recipient=personas.recipient_of_worker1,
        params={"period": "2026-10"},
    )
    client = client_of(relative.user)
    assert (
        reverse("family:act_file", args=[document.pk])
        in client.get(reverse("family:home")).content.decode()
    )
    response = client.get(reverse("family:act_file", args=[document.pk]))
    assert response.status_code == 200 and response.content == bytes(document.content)
    assert SecurityEvent.objects.filter(
        kind=EventKind.PRINT, user=relative.user, recipient_id=relative.recipient_id
    ).exists()


def test_a_message_lands_in_the_register_addressed_to_the_head(personas, relative):
    client = client_of(relative.user)
    response = send(client, "Прошу перенести посещение в четверг на утро.")
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == ComplaintChannel.FAMILY
    assert complaint.responsible == personas.head1
    assert complaint.recipient == personas.recipient_of_worker1
    assert complaint.received_on == TODAY
    assert complaint.applicant == "Иванов Сергей Петрович (сын)"
    assert "обращение № О-1/2026" in client.get(reverse("family:home")).content.decode()
    # The head sees it in the register; the journal knows the relative wrote it.
    head = client_of(personas.head1.user)
    assert "О-1/2026" in head.get(reverse("quality:complaints")).content.decode()
    assert SecurityEvent.objects.filter(
        kind=EventKind.CREATE, user=relative.user, object_type="quality.complaint"
    ).exists()


def test_the_same_form_sent_twice_registers_one_message(personas, relative):
    client = client_of(relative.user)
    form_uuid = uuid.uuid4()
    assert send(client, "Спасибо Анне Ивановне!", form_uuid).status_code == 302
    assert send(client, "Спасибо Анне Ивановне!", form_uuid).status_code == 302
    assert Complaint.objects.count() == 1


def test_another_relatives_form_id_is_refused(personas, relative, other_relative):
    form_uuid = uuid.uuid4()
    send(client_of(other_relative.user), "Первое", form_uuid)
    response = send(client_of(relative.user), "Второе", form_uuid)
    assert response.status_code == 400
    assert Complaint.objects.get().recipient == personas.recipient_of_worker2


@pytest.mark.parametrize(
    "text",
    ["Плохо\x00убрали", "Звонок\x1b[31m", "Строка\x08назад", "   ", ""],
)
def test_control_characters_and_empty_messages_are_refused(personas, relative, text):
    response = send(client_of(relative.user), text)
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_a_huge_message_is_refused_and_a_formula_is_kept_as_text(personas, relative, settings):
    client = client_of(relative.user)
    response = send(client, "Я" * (settings.ZABOTA_FAMILY_MESSAGE_CHARS + 1))
    assert response.status_code == 400 and not Complaint.objects.exists()
    formula = '=HYPERLINK("http://evil.example/","Нажмите")'
    assert send(client, formula).status_code == 302
    assert Complaint.objects.get().content == formula
    # The register's spreadsheet writes it as text, never a formula.
    head = client_of(personas.head1.user)
    export = head.get(reverse("quality:complaints") + "?format=xlsx")
    assert export.status_code == 200
    assert b"<f>" not in export.content


def test_a_message_without_anyone_to_take_it_is_refused_in_words(personas, relative):
    personas.head1.user.is_active = False
    personas.head1.user.save()
    personas.director.user.is_active = False
    personas.director.user.save()
    response = send(client_of(relative.user), "Есть кто-нибудь?")
    assert response.status_code == 400
    assert "некому принять" in response.content.decode()


@pytest.mark.parametrize("how", ["revoked", "consent_withdrawn", "discharged"])
def test_access_ends_on_the_next_request_of_an_open_session(personas, relative, served, how):
    client = client_of(relative.user)
    assert client.get(reverse("family:home")).status_code == 200
    if how == "revoked":
        relative_revoke(actor=personas.head1, relative=relative)
    elif how == "consent_withdrawn":
        consent_withdraw(actor=personas.head1, relative=relative, withdrawn_on=TODAY, today=TODAY)
    else:
        recipient = relative.recipient
        recipient_discharge(
            actor=personas.head1,
            recipient=recipient,
            expected_version=recipient.version,
            discharged_on=TODAY,
            reason=DischargeReason.objects.first(),
        )
    response = client.get(reverse("family:home"))
    assert response.status_code == 403
    assert "Иванова" not in response.content.decode()
    assert send(client, "ещё сообщение").status_code == 403
    assert not Complaint.objects.exists()


def test_staff_are_refused_on_the_relatives_pages(personas):
    for staff in personas.everyone.values():
        client = client_of(staff.user)
        assert client.get(reverse("family:home")).status_code == 403
        assert send(client, "от сотрудника").status_code == 403
    assert not Complaint.objects.exists()


def test_staff_cannot_register_an_appeal_as_sent_from_the_relatives_page(personas):
    client = client_of(personas.head1.user)
    page = client.get(reverse("quality:complaint_new")).content.decode()
    assert "через кабинет родственника" not in page


def test_the_next_visits_name_the_colleague_covering_an_absent_worker(personas, relative, served):
    """Who comes is what the worker's tablet says (the rota with its cover): on the day of
    worker1's sick leave the family hears the substitute's name."""
    personas.worker2.first_name, personas.worker2.middle_name = "Ольга", "Петровна"
    personas.worker2.save()
    thursday = datetime.date(2026, 11, 26)
    absence = absence_create(
        actor=personas.head1,
        worker=personas.worker1,
        kind="sick",
        starts_on=thursday,
        ends_on=thursday,
    )
    covers_confirm(
        actor=personas.head1,
        absence=absence,
        chosen={personas.recipient_of_worker1.pk: personas.worker2.pk},
    )
    planned = client_of(relative.user).get(reverse("family:home")).context["planned"]
    assert [(p.day, p.worker) for p in planned] == [
        (thursday, "Ольга Петровна"),
        (datetime.date(2026, 11, 30), "Анна Ивановна"),
    ]
