"""Prices by date: a past month keeps the tariff then in force."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zabota.audit.models import EventKind, SecurityEvent
from zabota.catalog.models import ServiceType, Tariff
from zabota.catalog.selectors import tariff_book, tariff_on, tariffs_on
from zabota.catalog.services import service_create, tariff_set
from zabota.catalog.tests.factories import LAST_YEAR, THIS_YEAR, make_service

pytestmark = pytest.mark.django_db
D = Decimal


def test_the_eight_types_of_article_20_exist_in_the_law_s_order_with_their_6_sobes_rows():
    types = list(ServiceType.objects.order_by("code").values_list("code", "sobes_row", "name"))
    assert [(code, row) for code, row, _name in types] == [(n, n + 2) for n in range(1, 9)]
    assert types[0][2] == "Социально-бытовые услуги"
    assert types[7][2] == "Срочные социальные услуги"


@pytest.mark.parametrize(
    ("on_date", "price"),
    [
        (datetime.date(2024, 12, 31), None),
        (LAST_YEAR, D("50.00")),
        (datetime.date(2025, 12, 31), D("50.00")),
        (THIS_YEAR, D("55.00")),
        (datetime.date(2026, 11, 24), D("55.00")),
    ],
)
def test_a_service_is_priced_at_the_tariff_in_force_on_the_date(personas, on_date, price):
    service = make_service(personas.institution, "1.01")
    assert tariff_on(service, on_date) == price


def test_a_past_month_keeps_its_price_after_a_new_tariff_is_entered(personas):
    service = make_service(personas.institution, "1.01", prices={LAST_YEAR: "50.00"})
    december = datetime.date(2025, 12, 15)
    assert tariffs_on([service], december) == {service.pk: D("50.00")}
    Tariff.objects.create(service=service, effective_from=THIS_YEAR, price=D("61.20"))
    assert tariffs_on([service], december) == {service.pk: D("50.00")}
    assert tariffs_on([service], datetime.date(2026, 1, 15)) == {service.pk: D("61.20")}


def test_a_tariff_starting_mid_month_prices_the_days_from_its_start(personas):
    service = make_service(
        personas.institution,
        "1.01",
        prices={LAST_YEAR: "50.00", datetime.date(2026, 3, 16): "57.00"},
    )
    book = tariff_book([service])
    assert book.price(service.pk, datetime.date(2026, 3, 15)) == D("50.00")
    assert book.price(service.pk, datetime.date(2026, 3, 16)) == D("57.00")
    assert book.price(service.pk, datetime.date(2024, 6, 1)) is None
    assert book.price(service.pk + 999, datetime.date(2026, 3, 16)) is None


def test_tariffs_on_reads_many_services_in_one_query(personas, django_assert_num_queries):
    services = [make_service(personas.institution, f"1.0{n}") for n in range(1, 6)]
    no_tariff = make_service(personas.institution, "1.09", prices={})
    with django_assert_num_queries(1):
        prices = tariffs_on([s.pk for s in services] + [no_tariff.pk], datetime.date(2025, 7, 1))
    assert prices == {s.pk: D("50.00") for s in services}


def test_tariffs_on_nothing_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert tariffs_on([], datetime.date(2026, 1, 1)) == {}


@time_machine.travel(datetime.date(2026, 11, 24))
def test_a_tariff_that_took_effect_is_never_changed(personas):
    service = make_service(personas.institution, "1.01")
    with pytest.raises(ValidationError) as error:
        tariff_set(
            actor=personas.director, service=service, effective_from=THIS_YEAR, price=D("60")
        )
    assert "уже действует" in str(error.value)
    assert tariff_on(service, THIS_YEAR) == D("55.00")


@time_machine.travel(datetime.date(2026, 11, 24))
def test_a_future_tariff_may_be_corrected_and_the_correction_is_journaled(personas):
    service = make_service(personas.institution, "1.01")
    future = datetime.date(2027, 1, 1)
    tariff_set(actor=personas.director, service=service, effective_from=future, price=D("58.00"))
    tariff_set(actor=personas.director, service=service, effective_from=future, price=D("59.50"))
    assert list(service.tariffs.values_list("effective_from", "price")) == [
        (future, D("59.50")),
        (THIS_YEAR, D("55.00")),
        (LAST_YEAR, D("50.00")),
    ]
    assert SecurityEvent.objects.filter(
        kind=EventKind.UPDATE, object_type="catalog.tariff", changes__price=["58.00", "59.50"]
    ).exists()


def test_the_same_tariff_entered_twice_is_no_change(personas):
    service = make_service(personas.institution, "1.01")
    tariff_set(actor=personas.director, service=service, effective_from=THIS_YEAR, price=D("55"))
    assert service.tariffs.count() == 2


def test_a_code_is_unique_within_an_institution_only(personas):
    make_service(personas.institution, "1.01")
    with pytest.raises(ValidationError) as error:
        service_create(
            actor=personas.director,
            service_type=ServiceType.objects.get(code=1),
            code="1.01",
            name="Другая",
            time_norm_minutes=10,
        )
    assert "уже занят" in str(error.value)
    other = service_create(
        actor=personas.outsider_director,
        service_type=ServiceType.objects.get(code=1),
        code="1.01",
        name="Услуга соседнего центра",
        time_norm_minutes=10,
        price=D("40.00"),
        effective_from=LAST_YEAR,
    )
    assert other.institution == personas.outsider_director.institution
    assert tariff_on(other, THIS_YEAR) == D("40.00")
