"""Typical sets: the director defines them, nothing is deleted, every change is journalled."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zabota.audit.locking import StaleEditError
from zabota.audit.models import EventKind, SecurityEvent
from zabota.programs.models import TypicalSet
from zabota.programs.services import typical_set_create, typical_set_update

pytestmark = pytest.mark.django_db
D = Decimal
LIST = "/programs/typical-sets/"
NEW = "/programs/typical-sets/new/"


def set_post(catalog, **overrides) -> dict:
    data = {
        "name": "Покупка продуктов и лекарств",
        "note": "Для тех, кто сам не выходит из дома",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
        "lines-0-service": str(catalog.shopping.pk),
        "lines-0-times_per_week": "2",
        "lines-1-service": str(catalog.pressure.pk),
        "lines-1-quantity_per_month": "4,5",
        "lines-2-service": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make_set(personas, catalog, name="Уровень 1: базовый набор"):
    return typical_set_create(
        actor=personas.director,
        institution=personas.institution,
        name=name,
        lines=[{"service": catalog.shopping, "times_per_week": 2}],
    )


def test_the_director_defines_a_set_and_the_journal_has_it(personas, catalog):
    response = personas.client_for(personas.director).post(NEW, set_post(catalog))
    assert response.status_code == 302
    typical_set = TypicalSet.objects.get()
    assert typical_set.is_active and typical_set.institution == personas.institution
    assert [
        (line.service, line.quantity_per_month, line.times_per_week)
        for line in typical_set.lines.all()
    ] == [
        (catalog.shopping, None, 2),
        (catalog.pressure, D("4.5"), None),
    ]
    event = SecurityEvent.objects.get(kind=EventKind.CREATE, object_type="programs.typicalset")
    assert event.changes["lines"][1] == ["1.01: 2 р. в неделю", "2.01 × 4,5"]


@pytest.mark.parametrize("role", ["head1", "specialist", "worker1", "accountant"])
def test_only_who_manages_the_catalogue_defines_sets(personas, catalog, role):
    client = personas.client_for(getattr(personas, role))
    assert client.get(LIST).status_code == 403
    assert client.post(NEW, set_post(catalog)).status_code == 403
    assert not TypicalSet.objects.exists()


def test_the_administrator_manages_sets_too(personas, catalog):
    assert personas.client_for(personas.admin).post(NEW, set_post(catalog)).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Обязательное поле"),
        ({"name": "Набор\x00"}, "управляющ"),
        (
            {
                "lines-0-service": "",
                "lines-0-times_per_week": "",
                "lines-1-service": "",
                "lines-1-quantity_per_month": "",
            },
            "хотя бы одну услугу",
        ),
        ({"lines-0-times_per_week": ""}, "Укажите объём в месяц или сколько раз в неделю"),
        ({"lines-0-times_per_week": "9"}, "меньше либо равно 7"),
        ({"lines-1-quantity_per_month": "0"}, "больше либо равно"),
        ({"lines-1-quantity_per_month": "=1+2"}, "Введите число"),
        ({"lines-0-service": "FOREIGN"}, "Выберите корректный вариант"),
        ({"lines-0-service": "PAID"}, "Выберите корректный вариант"),
        ({"lines-2-times_per_week": "1"}, "Выберите услугу или очистите строку"),
        ({"lines-TOTAL_FORMS": "10000"}, "не больше 60 услуг"),
        ({"lines-TOTAL_FORMS": "x"}, "Форма услуг повреждена"),
    ],
)
def test_a_bad_set_is_refused_with_a_message_keeping_what_was_typed(
    personas, catalog, overrides, message
):
    ids = {"FOREIGN": catalog.foreign.pk, "PAID": catalog.paid.pk}
    overrides = {k: str(ids.get(v, v)) for k, v in overrides.items()}
    response = personas.client_for(personas.director).post(NEW, set_post(catalog, **overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Для тех, кто сам не выходит из дома" in page
    assert not TypicalSet.objects.exists()


def test_a_second_set_of_the_same_name_is_refused(personas, catalog):
    make_set(personas, catalog, name="Покупка продуктов и лекарств")
    response = personas.client_for(personas.director).post(NEW, set_post(catalog))
    assert "уже есть" in response.content.decode()
    assert TypicalSet.objects.count() == 1


def test_adding_a_row_without_scripts_keeps_what_was_typed(personas, catalog):
    response = personas.client_for(personas.director).post(
        NEW, set_post(catalog, set_action="add_row")
    )
    page = response.content.decode()
    assert 'name="lines-3-service"' in page and 'value="4,5"' in page
    assert not TypicalSet.objects.exists()


def test_a_set_is_switched_off_never_deleted(personas, catalog):
    typical_set = make_set(personas, catalog)
    client = personas.client_for(personas.director)
    url = f"/programs/typical-sets/{typical_set.pk}/"
    page = client.get(url).content.decode()
    assert "Уровень 1: базовый набор" in page
    data = set_post(catalog, name=typical_set.name, version=str(typical_set.version))
    data.pop("is_active", None)  # the box unticked
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    typical_set.refresh_from_db()
    assert not typical_set.is_active and typical_set.version == 2
    assert typical_set.lines.count() == 2
    event = SecurityEvent.objects.get(kind=EventKind.UPDATE, object_type="programs.typicalset")
    assert event.changes["is_active"] == [True, False]
    # No longer offered in the ИППСУ, still listed among the switched off.
    form = client.get(f"/programs/new/{personas.recipient_of_worker1.pk}/").content.decode()
    assert "Уровень 1: базовый набор" not in form
    link = f'href="{url}"'
    assert link in client.get(LIST, {"active": "0"}).content.decode()
    assert link not in client.get(LIST).content.decode()


def test_a_stale_edit_of_a_set_is_refused_and_says_what_changed(personas, catalog):
    typical_set = make_set(personas, catalog)
    url = f"/programs/typical-sets/{typical_set.pk}/"
    client = personas.client_for(personas.director)
    first = set_post(catalog, name="Первое имя", version="1", is_active="on")
    client.post(url, first)
    response = client.post(url, {**first, "name": "Второе имя"})
    assert "уже изменил другой сотрудник" in response.content.decode()
    assert TypicalSet.objects.get().name == "Первое имя"
    for garbage in ("", "abc", "-1"):
        response = client.post(url, {**first, "name": "Третье", "version": garbage})
        assert response.status_code == 200
    assert TypicalSet.objects.get().name == "Первое имя"


def test_another_centres_set_is_not_found(personas, catalog):
    theirs = typical_set_create(
        actor=personas.outsider_director,
        institution=personas.outsider_director.institution,
        name="Соседский",
        lines=[{"service": catalog.foreign, "times_per_week": 1}],
    )
    client = personas.client_for(personas.director)
    assert client.get(f"/programs/typical-sets/{theirs.pk}/").status_code == 404
    assert "Соседский" not in client.get(LIST).content.decode()


def test_the_list_is_searched_and_paginated_in_fixed_queries(
    personas, catalog, django_assert_max_num_queries
):
    for number in range(30):
        make_set(personas, catalog, name=f"Набор {number:02}")
    make_set(personas, catalog, name="Уход за лежачими")
    client = personas.client_for(personas.director)
    with django_assert_max_num_queries(12):
        page = client.get(LIST).content.decode()
    assert "Набор 00" in page and "Уход за лежачими" not in page  # 25 on a page
    page = client.get(LIST, {"q": "лежач"}).content.decode()
    assert "Уход за лежачими" in page and "Набор 00" not in page


def test_the_service_refuses_another_centres_or_retired_services(personas, catalog):
    for service in (catalog.foreign, catalog.retired, catalog.paid):
        with pytest.raises(ValidationError):
            typical_set_create(
                actor=personas.director,
                institution=personas.institution,
                name=f"Набор {service.pk}",
                lines=[{"service": service, "times_per_week": 1}],
            )
    assert not TypicalSet.objects.exists()


def test_the_service_wants_the_version_the_edit_started_from(personas, catalog):
    typical_set = make_set(personas, catalog)
    with pytest.raises(StaleEditError):
        typical_set_update(
            actor=personas.director,
            typical_set=typical_set,
            expected_version=7,
            name="Другое",
            note="",
            is_active=True,
            lines=[{"service": catalog.shopping, "quantity_per_month": D(4)}],
        )


def test_the_journal_reads_a_sets_change_in_words(personas, catalog):
    make_set(personas, catalog)
    page = personas.client_for(personas.admin).get("/audit/").content.decode()
    assert "1.01: 2 р. в неделю" in page
