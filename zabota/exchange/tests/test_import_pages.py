"""The import pages: upload, columns, preview, commit; who may use them; nothing half-loaded."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zabota.audit.models import EventKind, SecurityEvent
from zabota.exchange.importing.recipients import FIELDS
from zabota.exchange.models import ImportBatch, ImportMapping, ImportStatus
from zabota.exchange.tests.helpers import HEADER, csv_bytes, person, rows_of, xlsx_bytes
from zabota.recipients.models import Recipient
from zabota.testing import xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        yield


def upload(client, content: bytes, name: str = "список.xlsx"):
    return client.post("/exchange/import/", {"file": SimpleUploadedFile(name, content)})


def confirm_columns(client, batch, mapping=None):
    mapping = mapping if mapping is not None else {k: i for i, k in enumerate(default_keys())}
    data = {f.key: str(mapping[f.key]) if f.key in mapping else "" for f in FIELDS}
    return client.post(f"/exchange/import/{batch.pk}/columns/", data)


def default_keys():
    return [
        "last_name",
        "first_name",
        "middle_name",
        "birth_date",
        "gender",
        "snils",
        "address",
        "phone",
        "department",
    ]


def load(client, people, name="список.xlsx"):
    """Upload, confirm the columns, and return the checked batch."""
    response = upload(client, xlsx_bytes(rows_of(people)), name)
    assert response.status_code == 302, response.content.decode()
    batch = ImportBatch.objects.latest("pk")
    assert response["Location"] == f"/exchange/import/{batch.pk}/columns/"
    assert confirm_columns(client, batch).status_code == 302
    batch.refresh_from_db()
    return batch


def test_a_specialist_loads_a_list_from_upload_to_registry(personas):
    client = personas.client_for(personas.specialist)
    people = [person(Фамилия="Орлова", СНИЛС="112-233-445 95"), person(Фамилия="Титова")]
    batch = load(client, people)
    assert batch.status == ImportStatus.CHECKED
    preview = client.get(f"/exchange/import/{batch.pk}/")
    assert preview.status_code == 200
    assert "Загрузить" in preview.content.decode()
    assert Recipient.objects.filter(last_name__in=["Орлова", "Титова"]).count() == 0

    response = client.post(f"/exchange/import/{batch.pk}/commit/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert batch.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0, "rows": 2}
    orlova = Recipient.objects.get(snils="11223344595")
    assert orlova.institution == personas.institution
    assert orlova.gender == "female"
    assert orlova.name_gent == "Орловой Нины Павловны"
    enrolment = orlova.enrolments.get()
    assert enrolment.enrolled_on == datetime.date(2026, 2, 10)
    assert enrolment.basis == "Загрузка из файла список.xlsx"
    assert enrolment.enrolled_by == personas.specialist
    assert SecurityEvent.objects.filter(
        kind=EventKind.CREATE, recipient_id=orlova.pk, user=personas.specialist.user
    ).exists()
    journal = SecurityEvent.objects.get(kind=EventKind.IMPORT)
    assert journal.details == (
        "Загрузка получателей из файла «список.xlsx»: новых 2, изменено 0, без изменений 0."
    )
    result = client.get(f"/exchange/import/{batch.pk}/").content.decode()
    assert f"/recipients/{orlova.pk}/" in result


def test_one_bad_row_among_many_imports_nothing_and_names_the_row(personas):
    client = personas.client_for(personas.director)
    people = [person() for _ in range(30)]
    people[17]["СНИЛС"] = "123-456-789 00"
    batch = load(client, people)
    assert batch.status == ImportStatus.INVALID
    assert batch.counts["error"] == 1
    page = client.get(f"/exchange/import/{batch.pk}/").content.decode()
    assert "Контрольное число СНИЛС не сходится" in page
    assert 'disabled aria-describedby="why-disabled"' in page
    [row] = [r for r in batch.report["rows"] if r["errors"]]
    assert row["row"] == 19

    client.post(f"/exchange/import/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.INVALID
    assert not Recipient.objects.filter(last_name="Орлова").exists()


def test_a_service_refusing_a_row_rolls_back_every_row_before_it(personas, monkeypatch):
    from zabota.recipients import services as recipient_services

    client = personas.client_for(personas.specialist)
    batch = load(client, [person(Фамилия="Орлова") for _ in range(5)])
    real, calls = recipient_services.recipient_register, []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise ValidationError("Сбой записи")
        return real(**kwargs)

    monkeypatch.setattr(recipient_services, "recipient_register", flaky)
    response = client.post(f"/exchange/import/{batch.pk}/commit/", follow=True)
    assert "Ничего не загружено. Строка 5: Сбой записи" in response.content.decode()
    assert not Recipient.objects.filter(last_name="Орлова").exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED
    assert not SecurityEvent.objects.filter(kind=EventKind.IMPORT).exists()


def test_a_re_import_reports_exactly_what_changed_and_journals_each_change(personas):
    client = personas.client_for(personas.specialist)
    existing = personas.recipient_of_worker2
    same = {
        "Фамилия": existing.last_name,
        "Имя": existing.first_name,
        "Отчество": existing.middle_name,
        "Дата рождения": existing.birth_date.strftime("%d.%m.%Y"),
        "Пол": "м",
        "СНИЛС": existing.snils_display,
        "Адрес": existing.registration_address,
        "Отделение": "1",
    }
    unchanged = personas.recipient_of_worker1
    batch = load(
        client,
        [
            same | {"Телефон": "8-900-000-00-00", "Отделение": "2"},
            {
                "Фамилия": unchanged.last_name,
                "Имя": unchanged.first_name,
                "Отчество": unchanged.middle_name,
                "Дата рождения": unchanged.birth_date.strftime("%d.%m.%Y"),
                "СНИЛС": unchanged.snils,
                "Адрес": unchanged.registration_address,
            },
        ],
    )
    assert batch.counts == {"create": 0, "update": 1, "unchanged": 1, "error": 0, "rows": 2}
    [update] = [r for r in batch.report["rows"] if r["action"] == "update"]
    assert update["changes"] == [
        ["Телефон", "—", "8-900-000-00-00"],
        ["Отделение", str(personas.department1), str(personas.department2)],
    ]
    page = client.get(f"/exchange/import/{batch.pk}/?show=update").content.decode()
    assert "8-900-000-00-00" in page

    client.post(f"/exchange/import/{batch.pk}/commit/")
    existing.refresh_from_db()
    assert (existing.phone, existing.department) == ("8-900-000-00-00", personas.department2)
    assert existing.version == 2
    event = SecurityEvent.objects.get(kind=EventKind.UPDATE, recipient_id=existing.pk)
    assert event.changes["phone"] == ["", "8-900-000-00-00"]
    assert event.changes["department"] == [personas.department1.pk, personas.department2.pk]
    assert not SecurityEvent.objects.filter(kind=EventKind.UPDATE, recipient_id=unchanged.pk)


def test_a_card_edited_after_the_check_makes_the_commit_check_again(personas):
    client = personas.client_for(personas.specialist)
    existing = personas.recipient_of_worker1
    batch = load(
        client,
        [
            {
                "Фамилия": existing.last_name,
                "Имя": existing.first_name,
                "Дата рождения": existing.birth_date.strftime("%d.%m.%Y"),
                "СНИЛС": existing.snils,
                "Адрес": existing.registration_address,
                "Телефон": "111",
            }
        ],
    )
    Recipient.objects.filter(pk=existing.pk).update(version=5, phone="222")
    response = client.post(f"/exchange/import/{batch.pk}/commit/", follow=True)
    assert "данные в реестре изменились" in response.content.decode()
    existing.refresh_from_db()
    assert existing.phone == "222"
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED
    assert batch.report["rows"][0]["changes"] == [["Телефон", "222", "111"]]


def test_a_malformed_file_is_refused_on_upload_and_nothing_is_kept(personas):
    client = personas.client_for(personas.specialist)
    response = upload(client, b"%PDF-1.4\x00\x00\x00", "скан.pdf")
    assert response.status_code == 200
    assert "Файл не является таблицей" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_above_the_size_limit_is_refused(personas, settings):
    settings.ZABOTA_MAX_UPLOAD_BYTES = 100
    client = personas.client_for(personas.specialist)
    response = upload(client, csv_bytes(rows_of([person() for _ in range(5)])), "список.csv")
    assert "Файл больше" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_wrong_header_is_named_on_the_columns_page_and_cannot_be_confirmed(personas):
    client = personas.client_for(personas.specialist)
    content = csv_bytes([["Фамилия", "Имя", "Родился", "Номер", "Где"], ["А", "Б", "В", "Г", "Д"]])
    upload(client, content, "чужой.csv")
    batch = ImportBatch.objects.get()
    page = client.get(f"/exchange/import/{batch.pk}/columns/").content.decode()
    assert "Не найден столбец «СНИЛС»." in page
    response = confirm_columns(client, batch, {"last_name": 0, "first_name": 1})
    assert response.status_code == 200
    assert "Не найден столбец «Дата рождения»." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED

    # The person picks the columns by hand; the choice is remembered for the next file.
    confirm_columns(
        client, batch, {"last_name": 0, "first_name": 1, "birth_date": 2, "snils": 3, "address": 4}
    )
    batch.refresh_from_db()
    assert batch.status == ImportStatus.INVALID
    remembered = ImportMapping.objects.get(institution=personas.institution)
    assert remembered.headers["snils"] == "Номер"
    upload(client, content, "чужой-2.csv")
    second = ImportBatch.objects.latest("pk")
    form = client.get(f"/exchange/import/{second.pk}/columns/").context["form"]
    assert form.fields["snils"].initial == "3"


def test_the_template_has_the_default_columns_and_an_example_that_loads(personas):
    client = personas.client_for(personas.specialist)
    response = client.get("/exchange/import/template.xlsx")
    assert response.status_code == 200
    rows = [r for r in xlsx_rows(response.content) if any(v is not None for v in r)]
    assert list(rows[0][:9]) == HEADER
    assert rows[0][9] == "Дата постановки"
    assert rows[1][0] == "Петрова"
    upload(client, response.content, "шаблон.xlsx")
    batch = ImportBatch.objects.get()
    client.post(
        f"/exchange/import/{batch.pk}/columns/",
        {
            f.key: client.get(f"/exchange/import/{batch.pk}/columns/")
            .context["form"]
            .fields[f.key]
            .initial
            for f in FIELDS
        },
    )
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED, batch.report


@pytest.mark.parametrize(
    "url",
    [
        "/exchange/",
        "/exchange/import/",
        "/exchange/import/template.xlsx",
        "/exchange/export/",
        "/exchange/export/layouts/new/",
    ],
)
@pytest.mark.parametrize("persona", ["worker1", "head1", "accountant", "caregiver1"])
def test_people_without_the_exchange_right_get_403(personas, url, persona):
    response = personas.client_for(getattr(personas, persona)).get(url)
    assert response.status_code == 403


def test_a_batch_of_another_institution_is_not_found(personas):
    batch = load(personas.client_for(personas.specialist), [person()])
    outsider = personas.client_for(personas.outsider_director)
    for suffix in ("", "columns/", "file/"):
        assert outsider.get(f"/exchange/import/{batch.pk}/{suffix}").status_code == 404
    assert outsider.post(f"/exchange/import/{batch.pk}/commit/").status_code == 404
    assert not Recipient.objects.filter(last_name="Орлова").exists()


def test_a_cancelled_batch_keeps_its_file_and_cannot_be_loaded(personas):
    client = personas.client_for(personas.specialist)
    batch = load(client, [person()])
    client.post(f"/exchange/import/{batch.pk}/cancel/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED
    client.post(f"/exchange/import/{batch.pk}/commit/")
    assert not Recipient.objects.filter(last_name="Орлова").exists()
    download = client.get(f"/exchange/import/{batch.pk}/file/")
    assert download.content == bytes(batch.content)
    assert SecurityEvent.objects.filter(kind=EventKind.EXPORT, object_id=str(batch.pk)).exists()


def test_the_exchange_page_lists_the_tasks_and_searchable_batches(
    personas, django_assert_max_num_queries
):
    client = personas.client_for(personas.specialist)
    load(client, [person()], "январь.xlsx")
    load(client, [person()], "февраль.xlsx")
    with django_assert_max_num_queries(12):
        page = client.get("/exchange/")
    text = page.content.decode()
    assert "Загрузка получателей из Excel" in text
    assert "Выгрузка для региональной системы" in text
    assert "Загрузка доходов (пенсий) по СНИЛС" in text
    assert "Выгрузка в ЕГИССО (ЕЦП)" in text
    assert "Обезличенная выгрузка для анализа" in text
    names = [b.file_name for b in page.context["page"].object_list]
    assert names == ["февраль.xlsx", "январь.xlsx"]
    found = client.get("/exchange/?q=январь").context["page"].object_list
    assert [b.file_name for b in found] == ["январь.xlsx"]
    rows = xlsx_rows(client.get("/exchange/?format=xlsx").content)
    assert any(r[1] == "январь.xlsx" for r in rows)


def test_the_row_report_downloads_as_xlsx(personas):
    client = personas.client_for(personas.specialist)
    batch = load(client, [person(), person(СНИЛС="1")])
    rows = xlsx_rows(client.get(f"/exchange/import/{batch.pk}/?show=all&format=xlsx").content)
    assert any(r[0] == 3 and r[1] == "ошибка" and "СНИЛС" in r[4] for r in rows if r[0])


def test_the_preview_is_searchable_and_takes_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
):
    client = personas.client_for(personas.specialist)
    people = [person(Фамилия=f"Орлова{n}") for n in range(60)]
    people[41]["Фамилия"] = "Титова"
    batch = load(client, people)
    with django_assert_max_num_queries(10):
        page = client.get(f"/exchange/import/{batch.pk}/?show=all")
    assert len(page.context["page"].object_list) == 50
    found = client.get(f"/exchange/import/{batch.pk}/?show=all&q=титова").context["page"]
    assert [r["row"] for r in found.object_list] == [43]
    by_number = client.get(f"/exchange/import/{batch.pk}/?show=all&q=43").context["page"]
    assert [r["name"] for r in by_number.object_list] == ["Титова Нина Павловна"]
    snils = people[5]["СНИЛС"][:7]
    by_snils = client.get(f"/exchange/import/{batch.pk}/?show=all&q={snils}").context["page"]
    assert 7 in [r["row"] for r in by_snils.object_list]
