"""The regional export: who is in it, what columns it has, how it is written, and the journal."""

import datetime

import pytest
import time_machine

from zabota.audit.models import EventKind, SecurityEvent
from zabota.exchange.catalogue import SOURCES, ExportField, register_fields
from zabota.exchange.models import ExportMapping
from zabota.recipients.models import Enrolment
from zabota.testing import make_recipient, xlsx_rows

pytestmark = pytest.mark.django_db
JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def served(personas):
    """Besides the personas' recipients (on service since 15.01.2025): one discharged in the
    period, one discharged before it, one enrolled after it."""
    d1 = personas.department1
    in_period = make_recipient(personas.institution, d1, last_name="Алексеева")
    Enrolment.objects.filter(recipient=in_period).update(
        discharged_on=datetime.date(2026, 1, 20), discharge_reason=personas.reason
    )
    gone = make_recipient(
        personas.institution, d1, last_name="Борисова", enrolled_on=datetime.date(2024, 1, 1)
    )
    Enrolment.objects.filter(recipient=gone).update(discharged_on=datetime.date(2025, 12, 31))
    make_recipient(
        personas.institution, d1, last_name="Васильева", enrolled_on=datetime.date(2026, 2, 1)
    )
    return in_period


def csv_lines(response, encoding="cp1251"):
    return response.content.decode(encoding).splitlines()


def test_the_default_export_lists_everyone_served_in_the_period(personas, served):
    client = personas.client_for(personas.specialist)
    response = client.get("/exchange/export/", {"layout": "default", **JANUARY})
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    lines = csv_lines(response)
    assert lines[0] == (
        "Фамилия;Имя;Отчество;Дата рождения;Пол;СНИЛС;Адрес;Телефон;Льготные категории;"
        "Отделение;Дата постановки;Дата снятия;Причина снятия"
    )
    surnames = [line.split(";")[0] for line in lines[1:]]
    assert surnames == ["Алексеева", "Иванова", "Кузнецова", "Сидоров"]
    alexeeva = lines[1].split(";")
    assert alexeeva[3:6] == ["17.05.1940", "Ж", served.snils_display]
    assert alexeeva[9:] == ["1", "15.01.2025", "20.01.2026", "Переезд"]


def test_the_export_is_in_the_journal_with_its_period_and_size(personas, served):
    client = personas.client_for(personas.director)
    client.get("/exchange/export/", {"layout": "default", **JANUARY})
    event = SecurityEvent.objects.get(kind=EventKind.EXPORT, user=personas.director.user)
    assert event.object_repr == "Получатели 01.01.2026-31.01.2026.csv"
    assert "за 01.01.2026–31.01.2026: строк 4" in event.details


def test_a_saved_layout_writes_its_own_columns_in_its_order_as_xlsx(personas, served):
    personas.recipient_of_worker1.benefit_categories.set([personas.category])
    layout = ExportMapping.objects.create(
        institution=personas.institution,
        name="АС АСП",
        columns=[
            ["SNILS", "snils_digits"],
            ["FIO", "full_name"],
            ["DR", "birth_date"],
            ["LGOTA", "benefit_categories"],
            ["NACH", "enrolment.enrolled_on"],
        ],
        file_format="xlsx",
        date_style="%Y-%m-%d",
    )
    client = personas.client_for(personas.specialist)
    response = client.get("/exchange/export/", {"layout": layout.pk, **JANUARY})
    rows = xlsx_rows(response.content)
    assert rows[0] == ("SNILS", "FIO", "DR", "LGOTA", "NACH")
    ivanova = next(r for r in rows if r[1] == "Иванова Мария Петровна")
    assert ivanova[0] == personas.recipient_of_worker1.snils
    assert ivanova[2] == datetime.datetime(1940, 5, 17)
    assert ivanova[3] == "Ветеран труда"
    assert len(rows) == 5


def test_a_utf8_comma_layout_uses_the_decimal_point_and_quotes_commas(personas):
    layout = ExportMapping.objects.create(
        institution=personas.institution,
        name="UTF",
        columns=[["Адрес", "address"], ["Отделение", "department.name"]],
        encoding="utf-8-sig",
        delimiter=",",
    )
    personas.recipient_of_worker1.registration_address = "г. Кемерово, ул. Весенняя, д. 5"
    personas.recipient_of_worker1.save()
    response = personas.client_for(personas.specialist).get(
        "/exchange/export/", {"layout": layout.pk, **JANUARY}
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert '"г. Кемерово, ул. Весенняя, д. 5",Отделение' in response.content.decode("utf-8-sig")


def test_a_layout_of_another_institution_cannot_be_used(personas):
    other = ExportMapping.objects.create(
        institution=personas.outsider_recipient.institution,
        name="Чужой",
        columns=[["ФИО", "full_name"]],
    )
    response = personas.client_for(personas.specialist).get(
        "/exchange/export/", {"layout": other.pk, **JANUARY}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not SecurityEvent.objects.filter(kind=EventKind.EXPORT).exists()


def test_a_reversed_period_is_refused(personas):
    response = personas.client_for(personas.specialist).get(
        "/exchange/export/",
        {"layout": "default", "date_from": "2026-02-01", "date_to": "2026-01-01"},
    )
    assert "Начало периода позже его конца." in response.content.decode()


def test_the_export_never_contains_another_institution(personas):
    response = personas.client_for(personas.specialist).get(
        "/exchange/export/", {"layout": "default", **JANUARY}
    )
    assert "Чужая" not in response.content.decode("cp1251")


def test_the_export_takes_a_fixed_number_of_queries(
    personas, served, django_assert_max_num_queries
):
    for n in range(30):
        recipient = make_recipient(personas.institution, personas.department2, last_name=f"Х{n}")
        recipient.benefit_categories.set([personas.category])
    client = personas.client_for(personas.specialist)
    with django_assert_max_num_queries(12):
        response = client.get("/exchange/export/", {"layout": "default", **JANUARY})
    assert len(csv_lines(response)) == 1 + 4 + 30


def test_another_app_adds_a_field_that_loads_once_for_all_rows(personas, monkeypatch):
    source = SOURCES["recipients"]
    monkeypatch.setattr(source, "fields", dict(source.fields))
    loads = []

    def load_fees(rows):
        loads.append(len(rows))
        for row in rows:
            row.extra["fee"] = f"плата {row.recipient.last_name}"

    register_fields(
        "recipients",
        [ExportField("payment.fee", "Плата", lambda row: row.extra["fee"], "Оплата", load_fees)],
    )
    layout = ExportMapping.objects.create(
        institution=personas.institution,
        name="С платой",
        columns=[["Ф", "last_name"], ["Плата", "payment.fee"]],
    )
    response = personas.client_for(personas.specialist).get(
        "/exchange/export/", {"layout": layout.pk, **JANUARY}
    )
    assert csv_lines(response)[1] == "Иванова;плата Иванова"
    assert loads == [3]


def test_a_layout_is_built_on_the_page_in_the_order_given(personas):
    client = personas.client_for(personas.specialist)
    page = client.get("/exchange/export/layouts/new/")
    formset = page.context["formset"]
    assert len(formset.forms) == len(SOURCES["recipients"].default_columns) + 3
    data = {
        "name": "Минсоц",
        "file_format": "csv",
        "encoding": "cp1251",
        "delimiter": ";",
        "date_style": "%d.%m.%Y",
        "is_active": "on",
        "columns-TOTAL_FORMS": "4",
        "columns-INITIAL_FORMS": "0",
        "columns-MIN_NUM_FORMS": "0",
        "columns-MAX_NUM_FORMS": "1000",
        "columns-0-header": "Фамилия",
        "columns-0-path": "last_name",
        "columns-0-ORDER": "2",
        "columns-1-header": "СНИЛС",
        "columns-1-path": "snils",
        "columns-1-ORDER": "1",
        "columns-2-header": "Лишний",
        "columns-2-path": "phone",
        "columns-2-ORDER": "3",
        "columns-2-DELETE": "on",
        "columns-3-header": "",
        "columns-3-path": "",
        "columns-3-ORDER": "",
    }
    response = client.post("/exchange/export/layouts/new/", data)
    assert response.status_code == 302
    layout = ExportMapping.objects.get(name="Минсоц")
    assert layout.columns == [["СНИЛС", "snils"], ["Фамилия", "last_name"]]
    assert layout.institution == personas.institution
    assert SecurityEvent.objects.filter(kind=EventKind.SETTINGS, object_id=str(layout.pk)).exists()

    data |= {"columns-0-path": "no.such.field"}
    response = client.post(f"/exchange/export/layouts/{layout.pk}/", data)
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    layout.refresh_from_db()
    assert layout.columns == [["СНИЛС", "snils"], ["Фамилия", "last_name"]]


def test_a_column_without_a_header_is_refused(personas):
    client = personas.client_for(personas.specialist)
    response = client.post(
        "/exchange/export/layouts/new/",
        {
            "name": "Без заголовка",
            "file_format": "csv",
            "encoding": "cp1251",
            "delimiter": ";",
            "date_style": "%d.%m.%Y",
            "columns-TOTAL_FORMS": "1",
            "columns-INITIAL_FORMS": "0",
            "columns-0-header": "",
            "columns-0-path": "snils",
        },
    )
    assert "Укажите заголовок столбца." in response.content.decode()
    assert not ExportMapping.objects.exists()


def test_a_layout_of_another_institution_cannot_be_edited(personas):
    other = ExportMapping.objects.create(
        institution=personas.outsider_recipient.institution, name="Чужой", columns=[]
    )
    client = personas.client_for(personas.specialist)
    assert client.get(f"/exchange/export/layouts/{other.pk}/").status_code == 404


def test_every_field_of_the_exchange_catalogue_is_documented_for_users():
    from pathlib import Path

    from django.conf import settings

    from zabota.exchange.catalogue import enrolment_fields, recipient_fields

    text = (Path(settings.BASE_DIR) / "docs" / "exchange.md").read_text()
    own = [f.path for f in recipient_fields() + enrolment_fields()]
    missing = [path for path in own if f"| `{path}` |" not in text]
    assert missing == []
