"""Loading a region's catalog from XLSX: every row checked first, a bad row saves nothing."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zabota.audit.models import EventKind, SecurityEvent
from zabota.catalog.models import Service, Tariff
from zabota.catalog.selectors import tariff_on
from zabota.catalog.services import catalog_import
from zabota.catalog.tests.factories import THIS_YEAR, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.date(2026, 11, 24)):
        yield


D = Decimal
HEADER = [
    "Код",
    "Вид услуги (1–8)",
    "Наименование",
    "Единица",
    "Норма времени, мин",
    "Тариф, ₽",
    "Тариф действует с",
    "Дополнительная платная",
    "Уход (СДУ)",
    "Периодичность",
    "Используется",
]
GOOD_ROWS = [
    ["1.01", 1, "Покупка и доставка продуктов", "услуга", 70, 55, datetime.datetime(2026, 1, 1), "нет", "нет", "2 раза в неделю", "да"],
    ["1.11", 1, "Мытьё пола", "м²", 2, 9.43, "01.01.2026", "", "", "1 раз в неделю", ""],
    ["2.02", "2", "Напоминание о приёме лекарств", "услуга", 5, "15,00", "2026-01-01", "нет", "да", "", "да"],
    ["Д.01", 1, "Мытьё холодильника", "услуга", 60, "250.00", "01.01.2026", "да", "нет", "", "да"],
]  # fmt: skip


def xlsx(rows, header=HEADER, title="Каталог социальных услуг") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_good_file_creates_the_services_with_their_tariffs(personas):
    report = catalog_import(
        actor=personas.director, content=xlsx(GOOD_ROWS), filename="каталог.xlsx"
    )
    assert report.ok, report.errors
    assert (report.created, report.updated, report.tariffs_added) == (4, 0, 4)
    floor = Service.objects.get(institution=personas.institution, code="1.11")
    assert (floor.unit, floor.time_norm_minutes, floor.is_active) == ("м²", 2, True)
    assert tariff_on(floor, THIS_YEAR) == D("9.43")
    reminder = Service.objects.get(code="2.02")
    assert (reminder.service_type.code, reminder.is_care, reminder.is_additional) == (
        2,
        True,
        False,
    )
    assert tariff_on(reminder, THIS_YEAR) == D("15.00")
    assert Service.objects.get(code="Д.01").is_additional
    assert SecurityEvent.objects.filter(
        kind=EventKind.IMPORT, user=personas.director.user, object_repr="каталог.xlsx"
    ).exists()


def test_a_known_code_updates_the_service_and_adds_a_new_tariff_keeping_the_old(personas):
    service = make_service(personas.institution, "1.01", name="Старое название")
    rows = [
        ["1.01", 1, "Новое название", "услуга", 60, "58.00", "01.12.2026", "нет", "нет", "", "да"]
    ]
    report = catalog_import(actor=personas.director, content=xlsx(rows))
    assert (report.created, report.updated, report.tariffs_added) == (0, 1, 1)
    service.refresh_from_db()
    assert (service.name, service.time_norm_minutes) == ("Новое название", 60)
    assert tariff_on(service, datetime.date(2026, 11, 30)) == D("55.00")
    assert tariff_on(service, datetime.date(2026, 12, 1)) == D("58.00")


def test_the_exported_catalog_loads_back_without_changes(personas):
    make_service(personas.institution, "1.01")
    make_service(
        personas.institution, "2.01", type_code=2, is_care=True, periodicity_hint="ежедневно"
    )
    client = personas.client_for(personas.director)
    exported = client.get("/catalog/?active=all&format=xlsx").content
    report = catalog_import(actor=personas.director, content=exported)
    assert report.ok, report.errors
    assert (report.rows, report.created, report.updated, report.tariffs_added) == (2, 0, 0, 0)


BAD_ROWS = [
    (["", 1, "Без кода", "услуга", 10, "", "", "", "", "", ""], "не указан код услуги"),
    (["1.50", 9, "Вид 9", "услуга", 10, "", "", "", "", "", ""], "вид услуги «9» не найден"),
    (["1.51", 1, "", "услуга", 10, "", "", "", "", "", ""], "не указано наименование"),
    (["1.52", 1, "Без нормы", "услуга", "", "", "", "", "", "", ""], "нужно целое число минут"),
    (["1.53", 1, "Норма дробью", "услуга", 2.5, "", "", "", "", "", ""], "нужно целое число минут"),
    (["1.54", 1, "Тариф словами", "услуга", 10, "пятьдесят", "01.01.2026", "", "", "", ""], "нужна сумма в рублях"),
    (["1.55", 1, "Отрицательный тариф", "услуга", 10, -5, "01.01.2026", "", "", "", ""], "нужна сумма в рублях"),
    (["1.56", 1, "Тариф без даты", "услуга", 10, 50, "", "", "", "", ""], "не указана дата"),
    (["1.57", 1, "Дата не читается", "услуга", 10, 50, "31.02.2026", "", "", "", ""], "не читается"),
    (["1.58", 1, "Флаг не читается", "услуга", 10, "", "", "может быть", "", "", ""], "напишите «да» или «нет»"),
    (["1.01", 1, "Повтор кода", "услуга", 10, "", "", "", "", "", ""], "код 1.01 уже встречался в строке 4"),
]  # fmt: skip


@pytest.mark.parametrize(("bad_row", "message"), BAD_ROWS, ids=[m for _r, m in BAD_ROWS])
def test_a_file_with_one_bad_row_is_refused_with_the_row_number_and_nothing_saved(
    personas, bad_row, message
):
    rows = [*GOOD_ROWS, bad_row]
    report = catalog_import(actor=personas.director, content=xlsx(rows))
    assert not report.ok
    assert [e.row for e in report.errors] == [4 + len(GOOD_ROWS)]
    assert message in "; ".join(report.errors[0].messages)
    assert report.created == 0
    assert not Service.objects.exists()
    assert not Tariff.objects.exists()


def test_a_changed_price_of_a_tariff_in_force_is_refused_per_row(personas):
    make_service(personas.institution, "1.01")
    rows = [["1.01", 1, "Покупка", "услуга", 70, "60.00", "01.01.2026", "", "", "", ""]]
    report = catalog_import(actor=personas.director, content=xlsx(rows))
    assert [e.row for e in report.errors] == [4]
    assert "уже действует" in report.errors[0].messages[0]
    assert Service.objects.get(code="1.01").name == "Услуга 1.01"


def test_every_bad_row_is_reported_not_only_the_first(personas):
    rows = [BAD_ROWS[0][0], GOOD_ROWS[0], BAD_ROWS[2][0]]
    report = catalog_import(actor=personas.director, content=xlsx(rows))
    assert [e.row for e in report.errors] == [4, 6]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a spreadsheet", "не читается как таблица Excel"),
        (b"PK\x03\x04broken zip", "не читается как таблица Excel"),
        (xlsx([["1.01", "x"]], header=["Номер", "Что"]), "Не найдена строка заголовков"),
        (xlsx([]), "нет ни одной услуги"),
    ],
    ids=["text", "broken-zip", "no-header", "empty"],
)
def test_a_malformed_file_gets_a_clear_message(personas, content, message):
    report = catalog_import(actor=personas.director, content=content)
    assert [e.row for e in report.errors] == [0]
    assert message in report.errors[0].messages[0]
    assert not Service.objects.exists()


def test_columns_are_found_by_their_headers_in_any_order(personas):
    header = [
        "Код",
        "Наименование",
        "Норма времени, мин",
        "Вид услуги",
        "Тариф действует с",
        "Тариф, ₽",
    ]
    rows = [["3.01", "Консультирование", 30, 3, "01.01.2026", "60"]]
    report = catalog_import(actor=personas.director, content=xlsx(rows, header=header))
    assert report.ok, report.errors
    service = Service.objects.get(code="3.01")
    assert (service.service_type.code, service.unit, tariff_on(service, THIS_YEAR)) == (
        3,
        "услуга",
        D("60.00"),
    )


def test_the_import_page_shows_the_errors_per_row_and_saves_nothing(personas):
    client = personas.client_for(personas.director)
    upload = SimpleUploadedFile("каталог.xlsx", xlsx([*GOOD_ROWS, BAD_ROWS[1][0]]))
    response = client.post("/catalog/import/", {"file": upload})
    assert response.status_code == 200
    text = response.content.decode()
    assert "ничего не сохранено" in text
    assert "вид услуги «9» не найден" in text
    assert not Service.objects.exists()


def test_the_import_page_loads_a_good_file_and_returns_to_the_catalog(personas):
    client = personas.client_for(personas.director)
    upload = SimpleUploadedFile("каталог.xlsx", xlsx(GOOD_ROWS))
    response = client.post("/catalog/import/", {"file": upload})
    assert response.status_code == 302
    assert Service.objects.filter(institution=personas.institution).count() == 4


def test_the_import_page_refuses_an_old_xls_file_by_its_name(personas):
    client = personas.client_for(personas.director)
    upload = SimpleUploadedFile("каталог.xls", b"\xd0\xcf\x11\xe0")
    response = client.post("/catalog/import/", {"file": upload})
    assert "формате .xlsx" in response.content.decode()


def test_a_head_may_not_load_the_catalog(personas):
    client = personas.client_for(personas.head1)
    assert client.get("/catalog/import/").status_code == 403
