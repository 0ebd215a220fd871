"""The depersonalised export: nothing identifying in the file, stable pseudonyms, monthly totals,
the journal, and who may download it."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from zabota.audit.models import EventKind, SecurityEvent
from zabota.delivery.models import ServiceRecord
from zabota.delivery.services.totals import totals_rebuild
from zabota.exchange.models import PseudonymKey
from zabota.programs.tests.factories import Catalog
from zabota.rules.depersonalise import pseudonym

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = {"date_from": "2026-01-01", "date_to": "2026-02-28"}
ADDRESS = "650012, Кемеровская обл., г. Кемерово, ул. Весенняя, д. 5, кв. 12"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False):
        yield


def record(recipient, service, worker, day, quantity="1", price="55.00"):
    quantity, price = Decimal(quantity), Decimal(price)
    return ServiceRecord.objects.create(
        institution=recipient.institution,
        department=recipient.department,
        recipient=recipient,
        service=service,
        worker=worker,
        performed_on=day,
        quantity=quantity,
        price=price,
        amount=quantity * price,
        norm_minutes=quantity * service.time_norm_minutes,
        is_additional=service.is_additional,
    )


@pytest.fixture
def served(personas):
    """Services of January and February 2026 for three recipients with full cards."""
    catalog = Catalog(personas)
    people = [
        personas.recipient_of_worker1,
        personas.recipient_of_worker2,
        personas.recipient_in_department2,
    ]
    for n, recipient in enumerate(people):
        recipient.registration_address = ADDRESS
        recipient.phone = f"+7 905 111-22-3{n}"
        recipient.document_series = "3204"
        recipient.document_number = f"55443{n}"
        recipient.birth_place = "с. Ягуново"
        recipient.save()
    ivanova, sidorov, kuznetsova = people
    worker = personas.worker1
    record(ivanova, catalog.shopping, worker, D(2026, 1, 12))
    record(ivanova, catalog.shopping, worker, D(2026, 1, 15))
    record(ivanova, catalog.pressure, worker, D(2026, 1, 15))
    record(ivanova, catalog.paid, worker, D(2026, 1, 20), price="300.00")
    record(ivanova, catalog.shopping, worker, D(2026, 2, 2))
    cancelled = record(ivanova, catalog.shopping, worker, D(2026, 2, 3))
    cancelled.cancelled_at = datetime.datetime(2026, 2, 4, tzinfo=datetime.UTC)
    cancelled.save()
    record(sidorov, catalog.floor, personas.worker2, D(2026, 2, 5), quantity="40", price="10.00")
    record(kuznetsova, catalog.shopping, personas.worker_other_department, D(2026, 1, 5))
    record(ivanova, catalog.shopping, worker, D(2025, 12, 30))
    outsider = personas.outsider_recipient
    outsider_worker = personas.outsider_director
    record(outsider, catalog.foreign, outsider_worker, D(2026, 1, 7))
    totals_rebuild()
    return people


def download(client, **extra):
    return client.get("/exchange/depersonalised/", PERIOD | {"file_format": "xlsx"} | extra)


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_no_name_snils_document_phone_street_or_birth_date_leaves_the_centre(personas, served):
    client = personas.client_for(personas.director)
    xlsx = download(client).content
    csv = download(client, file_format="csv").content.decode("utf-8-sig")
    texts = [" ".join(str(v) for row in sheet_rows(xlsx) for v in row if v is not None), csv]
    for recipient in served:
        forbidden = [
            recipient.last_name,
            recipient.first_name,
            recipient.middle_name,
            recipient.snils,
            recipient.snils_display,
            recipient.document_number,
            recipient.phone,
            "Весенняя",
            "650012",
            "Ягуново",
            f"{recipient.birth_date:%d.%m.%Y}",
            recipient.birth_date.isoformat(),
        ]
        for text in texts:
            for value in forbidden:
                assert value not in text, value
    for text in texts:
        assert "г. Кемерово" in text
        assert pseudonym(_secret(personas.institution), served[0].pk) in text
        assert PseudonymKey.objects.get(institution=personas.institution).secret not in text


def _secret(institution) -> bytes:
    return PseudonymKey.objects.get(institution=institution).secret.encode()


def test_a_row_is_a_recipient_month_with_the_log_s_totals_by_type(personas, served):
    rows = sheet_rows(download(personas.client_for(personas.specialist)).content)
    header, data = rows[0], rows[1:]
    assert header[:12] == (
        "Псевдоним",
        "Год рождения",
        "Пол",
        "Населённый пункт, район",
        "Отделение",
        "Группа инвалидности",
        "Бесплатно по льготной категории",
        "Месяц",
        "Оказано услуг",
        "Время по норме, ч",
        "Стоимость услуг ИППСУ, ₽",
        "Стоимость дополнительных платных услуг, ₽",
    )
    assert header[12] == "1. Социально-бытовые услуги: услуг"
    assert len(header) == 20
    ivanova, sidorov, kuznetsova = served
    secret = _secret(personas.institution)
    by_key = {(row[0], row[7]): row for row in data}
    assert len(data) == 4  # December and the outsider are outside; two months of Иванова
    january = by_key[(pseudonym(secret, ivanova.pk), "2026-01")]
    assert january[1:8] == (1940, "Ж", "г. Кемерово", 1, None, "нет", "2026-01")
    # Two purchases, one pressure check (type 2) and a paid service: 4 services, 2 hours.
    assert january[8:12] == (4, 2, 165, 300)
    assert january[12:14] == (3, 1)
    february = by_key[(pseudonym(secret, ivanova.pk), "2026-02")]
    assert february[8] == 1  # the cancelled record is left out
    # 40 м² of floor at 2 minutes a metre: 1.33 hours.
    assert by_key[(pseudonym(secret, sidorov.pk), "2026-02")][8:13] == (1, 1.33, 400, 0, 1)
    assert (pseudonym(secret, kuznetsova.pk), "2026-01") in by_key
    assert [row[0] for row in data] == sorted(row[0] for row in data)


def test_pseudonyms_are_the_same_in_two_exports_and_differ_between_institutions(personas, served):
    client = personas.client_for(personas.director)
    first = {row[0] for row in sheet_rows(download(client).content)[1:]}
    second = {row[0] for row in sheet_rows(download(client).content)[1:]}
    assert first == second and len(first) == 3
    assert PseudonymKey.objects.count() == 1
    theirs = personas.client_for(personas.outsider_director)
    [outsider_row] = sheet_rows(download(theirs).content)[1:]
    other_secret = _secret(personas.outsider_director.institution)
    assert other_secret != _secret(personas.institution)
    outsider = personas.outsider_recipient
    assert outsider_row[0] == pseudonym(other_secret, outsider.pk)
    assert outsider_row[0] != pseudonym(_secret(personas.institution), outsider.pk)
    assert outsider_row[0] not in first


def test_the_export_is_in_the_journal_as_depersonalised(personas, served):
    response = download(personas.client_for(personas.admin), file_format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    event = SecurityEvent.objects.get(kind=EventKind.EXPORT, user=personas.admin.user)
    assert event.object_type == "depersonalised_export"
    assert event.details.startswith(
        "Обезличенная выгрузка за 01.2026–02.2026: строк 4, получателей 3"
    )


def test_a_period_ending_before_it_starts_is_refused_and_nothing_is_written(personas, served):
    client = personas.client_for(personas.director)
    page = client.get(
        "/exchange/depersonalised/", {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert page.status_code == 200
    assert "Начало периода позже его конца." in page.content.decode()
    assert not SecurityEvent.objects.filter(kind=EventKind.EXPORT).exists()
    assert not PseudonymKey.objects.exists()


@pytest.mark.parametrize("persona", ["worker1", "caregiver1", "head1", "accountant"])
def test_only_the_exchange_roles_download_it(personas, served, persona):
    client = personas.client_for(getattr(personas, persona))
    assert download(client).status_code == 403
    assert not SecurityEvent.objects.filter(kind=EventKind.EXPORT).exists()


def test_the_table_reads_a_fixed_number_of_queries(personas, served, django_assert_max_num_queries):
    client = personas.client_for(personas.director)
    download(client)
    with django_assert_max_num_queries(14):
        download(client)
