"""The catalog pages: who reads, who edits, search, export and bad input."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from zabota.catalog.models import Service, ServiceType
from zabota.catalog.selectors import tariff_on
from zabota.catalog.tests.factories import LAST_YEAR, THIS_YEAR, make_service
from zabota.testing import xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.date(2026, 11, 24)):
        yield


@pytest.mark.parametrize(
    ("persona", "list_status", "edit_status"),
    [
        ("worker1", 200, 403),
        ("caregiver1", 200, 403),
        ("head1", 200, 403),
        ("specialist", 200, 403),
        ("director", 200, 200),
        ("admin", 200, 200),
        ("accountant", 403, 403),
    ],
)
def test_every_field_role_reads_the_catalog_and_only_the_director_and_admin_edit_it(
    personas, persona, list_status, edit_status
):
    service = make_service(personas.institution, "1.01")
    client = personas.client_for(getattr(personas, persona))
    assert client.get("/catalog/").status_code == list_status
    assert client.get(f"/catalog/{service.pk}/").status_code == list_status
    assert client.get(f"/catalog/{service.pk}/edit/").status_code == edit_status
    assert client.get(f"/catalog/{service.pk}/tariffs/new/").status_code == edit_status
    assert client.get("/catalog/new/").status_code == edit_status


def test_a_service_of_another_institution_is_not_found(personas):
    theirs = make_service(personas.outsider_director.institution, "1.01")
    client = personas.client_for(personas.director)
    assert client.get(f"/catalog/{theirs.pk}/").status_code == 404
    assert client.get(f"/catalog/{theirs.pk}/edit/").status_code == 404


def test_the_list_shows_only_the_own_catalog_with_the_prices_of_the_chosen_date(personas):
    make_service(personas.institution, "1.01", name="Покупка продуктов")
    make_service(personas.institution, "2.01", type_code=2, name="Измерение давления")
    make_service(personas.outsider_director.institution, "9.99", name="Чужая услуга")
    client = personas.client_for(personas.worker1)
    page = client.get("/catalog/").context["page"]
    assert [(s.code, s.price) for s in page.object_list] == [
        ("1.01", Decimal("55.00")),
        ("2.01", Decimal("55.00")),
    ]
    past = client.get("/catalog/?on=2025-06-01").context["page"]
    assert {s.price for s in past.object_list} == {Decimal("50.00")}
    found = client.get("/catalog/?q=давлен").context["page"]
    assert [s.code for s in found.object_list] == ["2.01"]
    by_type = client.get("/catalog/?type=1").context["page"]
    assert [s.code for s in by_type.object_list] == ["1.01"]


def test_the_list_filters_additional_and_care_services(personas):
    make_service(personas.institution, "1.01")
    make_service(personas.institution, "1.21", is_care=True)
    make_service(personas.institution, "Д.01", is_additional=True)
    make_service(personas.institution, "1.99", is_active=False)
    client = personas.client_for(personas.head1)

    def codes(query):
        return [s.code for s in client.get(f"/catalog/?{query}").context["page"].object_list]

    assert codes("kind=additional") == ["Д.01"]
    assert codes("kind=care") == ["1.21"]
    assert codes("kind=guaranteed") == ["1.01", "1.21"]
    assert codes("active=0") == ["1.99"]
    assert codes("active=all") == ["1.01", "1.21", "1.99", "Д.01"]


def test_the_list_asks_the_database_a_fixed_number_of_times(
    personas, django_assert_max_num_queries
):
    for n in range(30):
        make_service(personas.institution, f"1.{n:02d}")
    client = personas.client_for(personas.worker1)
    # Session, user, staff, institution, count, types, page, and the session's save (3).
    with django_assert_max_num_queries(10):
        response = client.get("/catalog/")
    assert len(response.context["page"].object_list) == 25


def test_the_catalog_exports_to_excel_with_the_import_columns(personas):
    make_service(personas.institution, "1.01", name="Покупка продуктов")
    response = personas.client_for(personas.head1).get("/catalog/?format=xlsx")
    rows = xlsx_rows(response.content)
    header = next(i for i, r in enumerate(rows) if r[0] == "Код")
    assert rows[header + 1][:7] == (
        "1.01",
        1,
        "Покупка продуктов",
        "услуга",
        30,
        55,
        datetime.datetime(2026, 1, 1),
    )


def form_data(**overrides):
    data = {
        "service_type": ServiceType.objects.get(code=1).pk,
        "code": "1.30",
        "name": "Колка дров",
        "unit": "услуга",
        "time_norm_minutes": "40",
        "periodicity_hint": "1 раз в неделю",
        "is_active": "on",
        "price": "85,50",
        "effective_from": "2026-01-01",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_director_adds_a_service_with_its_first_tariff(personas):
    client = personas.client_for(personas.director)
    response = client.post("/catalog/new/", form_data())
    service = Service.objects.get(institution=personas.institution, code="1.30")
    assert response["Location"] == f"/catalog/{service.pk}/"
    assert tariff_on(service, THIS_YEAR) == Decimal("85.50")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "1.01"}, "code", "уже занят"),
        ({"time_norm_minutes": "0"}, "time_norm_minutes", "больше либо равно 1"),
        ({"name": ""}, "name", "Обязательное поле"),
        ({"price": "-1"}, "price", "больше либо равно 0"),
        ({"effective_from": ""}, "effective_from", "Укажите дату"),
        ({"effective_from": "1800-01-01"}, None, "Слишком ранняя дата"),
    ],
)
def test_a_bad_service_form_says_what_is_wrong_and_saves_nothing(
    personas, overrides, field, message
):
    make_service(personas.institution, "1.01")
    client = personas.client_for(personas.director)
    response = client.post("/catalog/new/", form_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.get(field if field else "__all__", []) or sum(form.errors.values(), [])
    assert any(message in e for e in errors), form.errors
    assert not Service.objects.filter(code="1.30").exists()


def test_a_new_tariff_from_a_later_date_keeps_the_history(personas):
    service = make_service(personas.institution, "1.01")
    client = personas.client_for(personas.director)
    client.post(
        f"/catalog/{service.pk}/tariffs/new/", {"effective_from": "2027-01-01", "price": "60"}
    )
    assert tariff_on(service, datetime.date(2027, 1, 1)) == Decimal("60.00")
    assert tariff_on(service, LAST_YEAR) == Decimal("50.00")
    page = client.get(f"/catalog/{service.pk}/")
    assert [t.price for t in page.context["tariffs"]] == [
        Decimal("60"),
        Decimal("55"),
        Decimal("50"),
    ]


def test_changing_a_tariff_in_force_is_refused_on_the_form(personas):
    service = make_service(personas.institution, "1.01")
    client = personas.client_for(personas.director)
    response = client.post(
        f"/catalog/{service.pk}/tariffs/new/", {"effective_from": "2026-01-01", "price": "70"}
    )
    assert "уже действует" in response.content.decode()
    assert tariff_on(service, THIS_YEAR) == Decimal("55.00")


def test_editing_a_service_keeps_its_tariffs_and_refuses_a_taken_code(personas):
    make_service(personas.institution, "1.01")
    service = make_service(personas.institution, "1.02")
    client = personas.client_for(personas.director)
    response = client.post(
        f"/catalog/{service.pk}/edit/", form_data(code="1.01", price=None, effective_from=None)
    )
    assert "уже занят" in response.content.decode()
    client.post(f"/catalog/{service.pk}/edit/", form_data(code="1.02", name="Новое имя"))
    service.refresh_from_db()
    assert service.name == "Новое имя"
    assert service.tariffs.count() == 2
