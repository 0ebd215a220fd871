"""Issue 24, «Bad input»: each refusal stops its step with a Russian message and keeps what was
typed; two intakes of one person never make two; the final button pressed twice makes one."""

import pytest
from django.urls import reverse

from zabota.documents.models import IssuedDocument
from zabota.intake.models import Intake, IntakeStatus
from zabota.intake.tests.conftest import PERSON, Walk
from zabota.programs.models import Contract
from zabota.recipients.models import Enrolment, Recipient, RecipientStatus
from zabota.testing import make_recipient

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_person_already_in_the_registry_by_name_and_birth_date_stops_the_step(centre):
    make_recipient(
        centre.institution,
        centre.department1,
        last_name=PERSON["last_name"],
        first_name=PERSON["first_name"],
        middle_name=PERSON["middle_name"],
        birth_date="1938-03-14",
    )
    walk = Walk(centre.client_for(centre.head1))
    walk.application()
    text = _page(walk.person())
    assert "В реестре уже есть Смирнова Антонина Васильевна, 14.03.1938" in text
    assert 'value="512947"' in text  # what was typed stays
    assert walk.person(not_duplicate="on").status_code == 302


def test_the_snils_of_someone_already_served_stops_the_step(centre):
    served = centre.recipient_of_worker1
    walk = Walk(centre.client_for(centre.head1))
    walk.application()
    text = _page(walk.person(snils=served.snils_display))
    assert "Получатель с таким СНИЛС уже есть в реестре: Иванова Мария Петровна" in text
    assert 'value="Смирнова"' in text
    assert "Оформить повторную постановку" not in text


def test_a_discharged_person_is_taken_on_again_from_their_card(centre, catalog):
    gone = centre.recipient_of_worker2
    Recipient.objects.filter(pk=gone.pk).update(status=RecipientStatus.DISCHARGED)
    Enrolment.objects.filter(recipient=gone).update(
        discharged_on="2026-01-31", discharge_reason=centre.reason
    )
    client = centre.client_for(centre.head1)
    walk = Walk(client)
    walk.application()
    text = _page(walk.person(snils=gone.snils_display))
    assert "Оформить повторную постановку" in text
    response = walk.post("person", {"action": "reenrol", "recipient": gone.pk})
    assert response.status_code == 302
    walk.intake.refresh_from_db()
    assert walk.intake.recipient == gone
    form_page = _page(client.get(walk.url("person")))
    assert 'value="Сидоров"' in form_page  # pre-filled from the card

    card = {
        "last_name": "Сидоров",
        "first_name": "Пётр",
        "middle_name": "Ильич",
        "birth_date": gone.birth_date.isoformat(),
        "snils": gone.snils_display,
        "registration_address": gone.registration_address,
        "document_type": "Паспорт гражданина РФ",
        "version": gone.version,
    }
    assert walk.post("person", card).status_code == 302
    walk.household()
    walk.program([(catalog.shopping, "8")])
    walk.contract()
    assert walk.confirm().status_code == 302
    gone.refresh_from_db()
    assert gone.status == RecipientStatus.ACTIVE
    assert gone.enrolments.count() == 2
    assert Recipient.objects.filter(last_name="Сидоров").count() == 1


def test_an_ippsu_without_services_stops_the_step(centre):
    walk = Walk(centre.client_for(centre.head1))
    text = _page(walk.program([]))
    assert "Добавьте в программу хотя бы одну услугу" in text
    walk.intake.refresh_from_db()
    assert walk.intake.step == "application"


def test_a_contract_without_a_decision_on_payment_stops_the_step(centre, catalog):
    walk = Walk(centre.client_for(centre.head1))
    walk.application()
    walk.person()
    skipped = walk.post("household", {"action": "skip"})
    assert skipped.status_code == 302
    walk.program([(catalog.shopping, "8")])
    text = _page(walk.contract(valid_until="2027-06-30"))
    assert "Договор без условия оплаты не заключается" in text
    assert 'value="2027-06-30"' in text
    walk.intake.refresh_from_db()
    assert walk.intake.step == "contract"


def test_a_free_category_needs_no_income_for_the_contract(centre, catalog):
    walk = Walk(centre.client_for(centre.head1))
    walk.application()
    walk.person(benefit_categories=[centre.free_category.pk])
    walk.post("household", {"action": "skip"})
    walk.program([(catalog.shopping, "8")])
    assert walk.contract().status_code == 302
    assert walk.confirm().status_code == 302
    assert Contract.objects.get().monthly_fee == 0


def test_two_heads_taking_the_same_person_on_make_one_recipient_and_tell_the_second(
    centre, catalog
):
    first = Walk(centre.client_for(centre.head1)).through_contract(catalog)
    second_client = centre.client_for(centre.director)
    second = Walk(second_client)
    second.application()
    response = second.person()
    assert response.status_code == 302
    follow = second_client.get(response.url)
    assert "Этого человека уже оформляет" in follow.content.decode()
    second.household()
    second.program([(catalog.shopping, "4")])
    second.contract()

    assert first.confirm().status_code == 302
    text = _page(second.confirm())
    assert "Получатель с таким СНИЛС уже есть в реестре" in text
    assert Recipient.objects.filter(snils="11223344595").count() == 1
    assert Contract.objects.count() == 1
    second.intake.refresh_from_db()
    assert second.intake.status == IntakeStatus.DRAFT


def test_the_final_button_pressed_twice_makes_one_recipient_and_one_contract(centre, catalog):
    walk = Walk(centre.client_for(centre.head1)).through_contract(catalog)
    version = walk.version
    assert walk.confirm(version).status_code == 302
    again = walk.confirm(version)
    assert again.status_code == 302
    assert again.url == reverse("intake:done", args=[walk.intake.pk])
    assert Recipient.objects.filter(snils="11223344595").count() == 1
    assert Contract.objects.count() == 1
    assert IssuedDocument.objects.filter(recipient__snils="11223344595").count() == 4


def test_a_step_sent_from_a_page_opened_before_another_save_is_refused(centre):
    walk = Walk(centre.client_for(centre.head1))
    old = walk.version
    walk.application()
    text = _page(walk.post("application", {"application_date": "2026-11-16"}, version=old))
    assert "Оформление изменил другой сотрудник" in text


def test_another_institutions_or_departments_intake_is_not_found(centre):
    walk = Walk(centre.client_for(centre.head1))
    walk.application()
    walk.person()
    url = walk.url("person")
    assert centre.client_for(centre.outsider_director).get(url).status_code == 404
    assert centre.client_for(centre.head2).get(url).status_code == 404
    assert centre.client_for(centre.director).get(url).status_code == 200
    cancel = reverse("intake:cancel", args=[walk.intake.pk])
    outsider = centre.client_for(centre.outsider_director)
    assert outsider.post(cancel, {"intake_version": walk.version}).status_code == 404


def test_the_start_page_counts_the_unfinished_intakes_its_list_shows(centre):
    client = centre.client_for(centre.head1)
    Walk(client)
    Walk(client)
    Intake.objects.create(
        institution=centre.institution, department=centre.department2, created_by=centre.head2
    )
    home = client.get(reverse("dashboard:home"))
    tiles = [t for _tpl, ctx in home.context["widgets"] for t in ctx.get("tiles", [])]
    tile = next(t for t in tiles if t.label == "Незавершённые оформления")
    listed = client.get(tile.url)
    assert tile.count == 2 == listed.context["page"].paginator.count


def test_a_discharged_persons_card_starts_the_re_enrolment_from_the_card(centre):
    gone = centre.recipient_of_worker2
    Recipient.objects.filter(pk=gone.pk).update(status=RecipientStatus.DISCHARGED)
    client = centre.client_for(centre.head1)
    card = client.get(reverse("recipients:card", args=[gone.pk])).content.decode()
    assert "Оформить повторно" in card
    response = client.post(reverse("intake:start"), {"recipient": gone.pk})
    intake = Intake.objects.get(recipient=gone)
    assert response.url == reverse("intake:step", args=[intake.pk, "application"])
    card = client.get(reverse("recipients:card", args=[gone.pk])).content.decode()
    assert "Оформление уже начато" in card
    person = client.get(reverse("intake:step", args=[intake.pk, "person"])).content.decode()
    assert 'value="Сидоров"' in person
    # Someone served now cannot be taken on again; another institution's person is not found.
    served = centre.client_for(centre.head1).post(
        reverse("intake:start"), {"recipient": centre.recipient_of_worker1.pk}
    )
    assert (
        served.status_code == 302
        and not Intake.objects.filter(recipient=centre.recipient_of_worker1).exists()
    )
    outsider = client.post(reverse("intake:start"), {"recipient": centre.outsider_recipient.pk})
    assert outsider.status_code == 404
