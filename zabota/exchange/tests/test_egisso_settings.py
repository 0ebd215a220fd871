"""The ЕГИССО settings page: who edits it, what is checked, and the journal."""

import pytest

from zabota.audit.models import EventKind, SecurityEvent
from zabota.exchange.models import EgissoCategory, EgissoSettings
from zabota.exchange.tests.egisso_helpers import egisso_settings

pytestmark = pytest.mark.django_db
VALID = {
    "onmsz_code": " 4200.000123 ",
    "lmsz_id": "11111111-2222-4333-8444-555555555555",
    "category_id": "99999999-8888-4777-8666-555555555555",
    "decision_date_rule": "drawn_up",
    "okei_code": "876",
    "require_identity_document": "on",
}


def test_the_director_fills_the_settings_and_a_category_of_their_own(personas):
    client = personas.client_for(personas.director)
    page = client.get("/exchange/egisso/settings/")
    assert page.status_code == 200
    assert personas.category.name in page.content.decode()
    field = f"category_{personas.category.pk}"
    response = client.post(
        "/exchange/egisso/settings/", VALID | {field: "0b0b0b0b-1111-4222-8333-444444444444"}
    )
    assert response.status_code == 302
    settings = EgissoSettings.objects.get(institution=personas.institution)
    assert settings.onmsz_code == "4200.000123"
    assert settings.updated_by == personas.director
    assert EgissoCategory.objects.get(settings=settings).benefit_category == personas.category
    event = SecurityEvent.objects.get(kind=EventKind.SETTINGS, user=personas.director.user)
    assert event.changes["onmsz_code"] == [None, "4200.000123"]
    assert "Ветеран труда" in event.changes["categories"][1]


def test_an_emptied_category_id_falls_back_to_the_default(personas):
    settings = egisso_settings(personas.institution)
    EgissoCategory.objects.create(
        settings=settings,
        benefit_category=personas.category,
        category_id="0b0b0b0b-1111-4222-8333-444444444444",
    )
    client = personas.client_for(personas.admin)
    client.post("/exchange/egisso/settings/", VALID | {f"category_{personas.category.pk}": ""})
    assert not EgissoCategory.objects.exists()


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("onmsz_code", "12345.6", "Код ОНМСЗ — 11 знаков"),
        ("onmsz_code", "12I4.000001", "Код ОНМСЗ — 11 знаков"),
        ("lmsz_id", "не-uuid", "Введите правильный UUID"),
        ("okei_code", "шт", "Код ОКЕИ — 3 или 4 цифры."),
    ],
)
def test_a_wrong_identifier_is_refused_in_russian_and_nothing_is_saved(
    personas, field, bad, message
):
    client = personas.client_for(personas.director)
    page = client.post("/exchange/egisso/settings/", VALID | {field: bad})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not EgissoSettings.objects.exists()
    assert not SecurityEvent.objects.filter(kind=EventKind.SETTINGS).exists()


@pytest.mark.parametrize("persona", ["specialist", "head1", "worker1", "accountant"])
def test_only_the_administrator_and_the_director_edit_the_settings(personas, persona):
    client = personas.client_for(getattr(personas, persona))
    assert client.get("/exchange/egisso/settings/").status_code == 403
    assert client.post("/exchange/egisso/settings/", VALID).status_code == 403
    assert not EgissoSettings.objects.exists()


def test_the_specialist_sees_the_settings_but_no_link_to_change_them(personas):
    egisso_settings(personas.institution)
    text = personas.client_for(personas.specialist).get("/exchange/egisso/").content.decode()
    assert "4200.000123" in text
    assert "/exchange/egisso/settings/" not in text
    text = personas.client_for(personas.director).get("/exchange/egisso/").content.decode()
    assert "/exchange/egisso/settings/" in text


def test_a_category_of_another_institution_is_not_offered(personas):
    from zabota.recipients.models import BenefitCategory

    foreign = BenefitCategory.objects.create(
        institution=personas.outsider_director.institution, name="Чужая категория"
    )
    client = personas.client_for(personas.director)
    assert "Чужая категория" not in client.get("/exchange/egisso/settings/").content.decode()
    client.post(
        "/exchange/egisso/settings/",
        VALID | {f"category_{foreign.pk}": "0b0b0b0b-1111-4222-8333-444444444444"},
    )
    assert not EgissoCategory.objects.filter(benefit_category=foreign).exists()
