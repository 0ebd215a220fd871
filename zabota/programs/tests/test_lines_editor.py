"""The ИППСУ in one screen: rows added, typical sets appended, the volume from «раз в неделю»,
the catalogue search and the live sum with the fee (zabota.programs.lines_editor)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import override_settings

from zabota.programs.forms import NO_SERVICES, line_formset
from zabota.programs.lines_editor import (
    NO_DECISION,
    NO_RECIPIENT,
    catalogue_of,
    lines_editor_context,
)
from zabota.programs.models import Program
from zabota.programs.services import typical_set_create
from zabota.programs.tests.factories import draft
from zabota.programs.tests.test_pages import program_post
from zabota.testing import make_payment_decision

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = datetime.date(2026, 1, 20)
SUM_URL = "/programs/lines/sum/"
SEARCH_URL = "/programs/lines/search/"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def basic_set(personas, catalog):
    """Shopping twice a week, 4 pressure checks and 100 м² of floor a month."""
    return typical_set_create(
        actor=personas.director,
        institution=personas.institution,
        name="Уровень 1: базовый набор",
        lines=[
            {"service": catalog.shopping, "times_per_week": 2},
            {"service": catalog.pressure, "quantity_per_month": D("4")},
            {"service": catalog.floor, "quantity_per_month": D("100")},
        ],
    )


def new_page(personas):
    return f"/programs/new/{personas.recipient_of_worker1.pk}/"


def test_the_editor_offers_search_typical_sets_and_more_rows(personas, catalog, basic_set):
    response = personas.client_for(personas.head1).get(new_page(personas))
    page = response.content.decode()
    assert "Найти услугу в каталоге" in page
    assert "Уровень 1: базовый набор (3 услуги)" in page
    assert "Добавить набор" in page and "Добавить услугу" in page
    assert 'name="services-__prefix__-service"' in page  # the row a script adds
    assert "Нужно больше строк" not in page
    assert "Услуги ещё не выбраны" in page


def test_add_a_row_without_scripts_keeps_what_was_typed_and_saves_nothing(personas, catalog):
    data = program_post(catalog, number="77/2026", lines_action="add_row")
    response = personas.client_for(personas.head1).post(new_page(personas), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="services-3-service"' in page and 'name="services-4-service"' not in page
    assert 'value="77/2026"' in page and 'value="120,5"' in page
    assert 'role="alert"' not in page  # nobody pressed «Сохранить»: no errors shown
    assert not Program.objects.exists()


def test_a_typical_set_fills_blank_rows_then_appends_and_skips_what_is_there(
    personas, catalog, basic_set
):
    data = program_post(catalog, lines_action="add_set", typical_set=str(basic_set.pk))
    response = personas.client_for(personas.head1).post(new_page(personas), data)
    page = response.content.decode()
    assert "Из набора «Уровень 1: базовый набор» добавлено: 1 услуга." in page
    assert "Уже были в программе: 2 услуги." in page
    # The blank third row took the pressure checks; shopping and floor stayed as typed.
    form = response.context["formset"]
    assert form.data["services-2-service"] == str(catalog.pressure.pk)
    assert form.data["services-2-quantity_per_month"] == "4"
    assert form.data["services-0-quantity_per_month"] == "8"
    assert form.data["services-TOTAL_FORMS"] == "3"
    assert not Program.objects.exists()


def test_a_set_appended_to_an_empty_program_computes_times_a_week(personas, catalog, basic_set):
    data = program_post(
        catalog,
        **{
            "services-0-service": "",
            "services-0-quantity_per_month": "",
            "services-0-weekdays": [],
            "services-0-periodicity": "",
            "services-1-service": "",
            "services-1-quantity_per_month": "",
            "services-TOTAL_FORMS": "2",
        },
        lines_action="add_set",
        typical_set=str(basic_set.pk),
    )
    client = personas.client_for(personas.head1)
    response = client.post(new_page(personas), data)
    rows = response.context["formset"].data
    assert rows["services-TOTAL_FORMS"] == "3"
    assert [rows[f"services-{i}-quantity_per_month"] for i in range(3)] == ["", "100", "4"]
    assert rows["services-0-times_per_week"] == "2"
    # 9 × 55 + 4 × 55 + 100 × 10 = 1 715 ₽, shown at once (no scripts needed).
    assert response.context["summary"].total == D("1715.00")
    # Saved as shown.
    saved = {k: v for k, v in rows.dict().items() if k != "lines_action"}
    client.post(new_page(personas), saved)
    program = Program.objects.get()
    shopping = program.services.get(service=catalog.shopping)
    assert (shopping.quantity_per_month, shopping.periodicity) == (D(9), "2 раза в неделю")


@pytest.mark.parametrize("which", ["foreign", "inactive", "garbage", "empty"])
def test_a_set_that_is_not_offered_is_refused_with_a_message(personas, catalog, which):
    lines = [{"service": catalog.shopping, "times_per_week": 1}]
    if which == "foreign":
        chosen = typical_set_create(
            actor=personas.outsider_director,
            institution=personas.outsider_director.institution,
            name="Соседский",
            lines=[{"service": catalog.foreign, "times_per_week": 1}],
        ).pk
    elif which == "inactive":
        chosen = typical_set_create(
            actor=personas.director, institution=personas.institution, name="Старый", lines=lines
        )
        chosen.is_active = False
        chosen.save()
        chosen = chosen.pk
    else:
        chosen = {"garbage": "1; drop table", "empty": ""}[which]
    data = program_post(catalog, lines_action="add_set", typical_set=str(chosen))
    response = personas.client_for(personas.head1).post(new_page(personas), data)
    assert response.status_code == 200
    assert "Выберите типовой набор из списка" in response.content.decode()
    assert response.context["formset"].data["services-TOTAL_FORMS"] == "3"
    assert not Program.objects.exists()


def test_the_volume_is_computed_from_times_a_week_when_left_empty(personas, catalog):
    data = program_post(
        catalog,
        **{
            "services-0-quantity_per_month": "",
            "services-0-weekdays": [],
            "services-0-periodicity": "",
            "services-0-times_per_week": "3",
        },
    )
    personas.client_for(personas.head1).post(new_page(personas), data)
    line = Program.objects.get().services.get(service=catalog.shopping)
    assert (line.quantity_per_month, line.periodicity) == (D(14), "3 раза в неделю")


def test_a_program_without_services_is_refused_keeping_what_was_typed(personas, catalog):
    data = program_post(
        catalog,
        number="99/2026",
        notes="Со слов дочери",
        **{
            "services-0-service": "",
            "services-0-quantity_per_month": "",
            "services-0-weekdays": [],
            "services-0-periodicity": "",
            "services-1-service": "",
            "services-1-quantity_per_month": "",
        },
    )
    response = personas.client_for(personas.head1).post(new_page(personas), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert NO_SERVICES in page
    assert 'value="99/2026"' in page and "Со слов дочери" in page
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"services-0-quantity_per_month": "много"}, "Введите число"),
        ({"services-0-quantity_per_month": "1e9"}, "не более 8 цифр"),
        ({"services-0-times_per_week": "8"}, "меньше либо равно 7"),
        ({"services-0-times_per_week": "два"}, "Введите целое число"),
        ({"services-0-term": "на год\x07"}, "управляющ"),
        ({"services-0-service": "FOREIGN"}, "Выберите корректный вариант"),
        ({"services-0-service": "99999999999999999999999"}, "Выберите корректный вариант"),
        ({"services-TOTAL_FORMS": "10000"}, "не больше 60 услуг"),
        ({"services-TOTAL_FORMS": "много"}, "Форма услуг повреждена"),
    ],
)
def test_bad_rows_are_refused_with_a_message_and_nothing_is_saved(
    personas, catalog, overrides, message
):
    if overrides.get("services-0-service") == "FOREIGN":
        overrides["services-0-service"] = str(catalog.foreign.pk)
    data = program_post(catalog, **overrides)
    response = personas.client_for(personas.head1).post(new_page(personas), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Program.objects.exists()


def test_a_formula_typed_in_a_row_is_kept_as_plain_text(personas, catalog):
    data = program_post(catalog, **{"services-0-periodicity": "=HYPERLINK(1)"})
    personas.client_for(personas.head1).post(new_page(personas), data)
    line = Program.objects.get().services.get(service=catalog.shopping)
    assert line.periodicity == "=HYPERLINK(1)"


@override_settings(ZABOTA_PROGRAM_MAX_LINES=3)
def test_no_row_is_added_past_the_cap(personas, catalog, basic_set):
    client = personas.client_for(personas.head1)
    response = client.post(new_page(personas), program_post(catalog, lines_action="add_row"))
    assert "не больше 3 услуг" in response.content.decode()
    assert response.context["formset"].data["services-TOTAL_FORMS"] == "3"


def test_a_stale_draft_is_not_saved_and_says_so(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    data = program_post(catalog, version=str(program.version))
    client = personas.client_for(personas.head1)
    data_first = program_post(catalog, version=str(program.version), number="1/2026")
    client.post(f"/programs/{program.pk}/edit/", data_first)
    response = client.post(f"/programs/{program.pk}/edit/", {**data, "number": "5/2026"})
    assert "уже изменил другой сотрудник" in response.content.decode()
    assert Program.objects.get().number == "1/2026"


# --- the live sum -----------------------------------------------------------------------


def sum_data(catalog, **overrides):
    data = program_post(catalog, **overrides)
    return {k: v for k, v in data.items() if k.startswith("services-") or k in overrides}


def test_the_sum_is_computed_by_the_server_from_the_rows_as_typed(personas, catalog):
    make_payment_decision(personas.recipient_of_worker1)
    response = personas.client_for(personas.head1).post(
        f"{SUM_URL}?recipient={personas.recipient_of_worker1.pk}", sum_data(catalog)
    )
    page = response.content.decode()
    assert response.status_code == 200
    # 8 × 55 + 120,5 × 10 = 1 645 ₽; the cap is 50 % × (25 000 − 22 500) = 1 250 ₽.
    assert response.context["summary"].total == D("1645.00")
    assert "1 645,00" in page
    assert "Плата получателя: <strong>1 250,00 ₽ в месяц</strong> (частичная оплата)" in page


def test_without_a_payment_decision_the_fee_is_promised_never_zero(personas, catalog):
    response = personas.client_for(personas.head1).post(
        f"{SUM_URL}?recipient={personas.recipient_of_worker1.pk}", sum_data(catalog)
    )
    page = response.content.decode()
    assert NO_DECISION in page
    assert "0,00 ₽" not in page


def test_a_recipient_of_a_free_category_is_served_free_without_a_decision(personas, catalog):
    recipient = personas.recipient_of_worker1
    recipient.benefit_categories.add(personas.free_category)
    response = personas.client_for(personas.head1).post(
        f"{SUM_URL}?recipient={recipient.pk}", sum_data(catalog)
    )
    assert "(бесплатно)" in response.content.decode()


def test_the_sum_without_a_recipient_yet_says_the_fee_comes_later(personas, catalog):
    response = personas.client_for(personas.head1).post(SUM_URL, sum_data(catalog))
    assert response.context["summary"].total == D("1645.00")
    assert NO_RECIPIENT in response.content.decode()


def test_the_sum_of_no_rows_is_no_error(personas, catalog):
    data = sum_data(catalog, **{"services-0-service": "", "services-1-service": ""})
    data.pop("services-0-quantity_per_month")
    data.pop("services-0-weekdays")
    data.pop("services-0-periodicity")
    data.pop("services-1-quantity_per_month")
    response = personas.client_for(personas.head1).post(SUM_URL, data)
    assert response.status_code == 200
    assert "Услуги ещё не выбраны" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "overrides", "message"),
    [
        ("", {"services-0-quantity_per_month": "=1+1"}, "Строка 1, «Объём в месяц»"),
        ("", {"services-0-service": "FOREIGN"}, "Выберите корректный вариант"),
        ("", {"services-TOTAL_FORMS": "10000"}, "не больше 60 услуг"),
        ("", {"services-TOTAL_FORMS": "\x00"}, "Форма услуг повреждена"),
        ("", {"services-1-service": "SHOPPING"}, "указана дважды"),
        ("?recipient=abc", {}, "нужно целое число"),
    ],
)
def test_the_sum_of_garbage_is_400_with_a_message(personas, catalog, query, overrides, message):
    ids = {"FOREIGN": catalog.foreign.pk, "SHOPPING": catalog.shopping.pk}
    overrides = {k: str(ids.get(v, v)) for k, v in overrides.items()}
    response = personas.client_for(personas.head1).post(
        SUM_URL + query, sum_data(catalog, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_sum_of_someone_out_of_scope_is_not_found(personas, catalog):
    response = personas.client_for(personas.head1).post(
        f"{SUM_URL}?recipient={personas.outsider_recipient.pk}", sum_data(catalog)
    )
    assert response.status_code == 404


def test_the_sum_is_posted_not_fetched(personas, catalog):
    assert personas.client_for(personas.head1).get(SUM_URL).status_code == 405


# --- the catalogue search ---------------------------------------------------------------


def test_the_search_finds_the_institutions_services_for_an_ippsu(personas, catalog):
    client = personas.client_for(personas.head1)
    page = client.get(SEARCH_URL, {"q": "мытьё"}).content.decode()
    assert f'data-service="{catalog.floor.pk}"' in page
    assert f'data-service="{catalog.paid.pk}"' not in page  # an additional paid service
    page = client.get(SEARCH_URL, {"q": "1.01"}).content.decode()
    assert f'data-service="{catalog.shopping.pk}"' in page
    assert f'data-service="{catalog.foreign.pk}"' not in page  # the neighbours' catalogue
    page = client.get(SEARCH_URL, {"q": "устаревшая"}).content.decode()
    assert "В каталоге нет услуги «устаревшая»" in page


@pytest.mark.parametrize("text", ["\x00", "\x00\x01\x7f", "' or 1=1 --", "я" * 5000, ""])
def test_the_search_takes_any_text_without_an_error(personas, catalog, text):
    response = personas.client_for(personas.head1).get(SEARCH_URL, {"q": text})
    assert response.status_code == 200
    assert "data-service" not in response.content.decode()


def test_the_editor_renders_in_another_page_before_the_person_is_registered(
    personas, catalog, basic_set
):
    """The guided intake includes the same partial, with no recipient yet."""
    formset = line_formset(
        services=catalogue_of(personas.institution.pk),
        initial=[{"service": catalog.shopping.pk, "quantity_per_month": D(9)}],
    )
    context = lines_editor_context(staff=personas.head1, recipient=None, formset=formset)
    assert context["sum_url"] == SUM_URL and context["search_url"] == SEARCH_URL
    assert [s.name for s in context["typical_sets"]] == ["Уровень 1: базовый набор"]
    assert context["summary"].total == D("495.00") and context["summary"].fee is None
    html = render_to_string("programs/_lines_editor.html", context)
    assert NO_RECIPIENT in html and "495,00" in html
    assert "data-lines-search hidden" in html  # the search shows only with scripts
    assert 'name="services-1-service"' in html and 'name="services-2-service"' not in html
