"""`manage.py import_recipients FILE [--dry-run]`: exit code, output, nothing imported on error."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from zabota.audit.models import EventKind, SecurityEvent
from zabota.exchange.models import ImportBatch, ImportStatus
from zabota.exchange.tests.helpers import csv_bytes, person, rows_of, xlsx_bytes
from zabota.recipients.models import Recipient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        yield


def run(personas, path, *extra, capsys):
    call_command("import_recipients", str(path), f"--institution={personas.institution.pk}", *extra)
    return capsys.readouterr()


def test_a_valid_file_is_loaded_in_the_name_of_the_admin(personas, tmp_path, capsys):
    path = tmp_path / "список.csv"
    path.write_bytes(csv_bytes(rows_of([person(Фамилия="Орлова"), person(Фамилия="Титова")])))
    output = run(personas, path, capsys=capsys)
    assert "Загружено: новых 2, изменено 0, без изменений 0." in output.out
    orlova = Recipient.objects.get(last_name="Орлова")
    enrolment = orlova.enrolments.get()
    assert (enrolment.enrolled_by, enrolment.basis) == (
        personas.admin,
        "Загрузка из файла список.csv",
    )
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.COMMITTED
    assert bytes(batch.content) == path.read_bytes()
    assert SecurityEvent.objects.filter(kind=EventKind.IMPORT, user=personas.admin.user).exists()


def test_the_enrolment_date_comes_from_the_optional_column(personas, tmp_path, capsys):
    rows = rows_of([person(Фамилия="Орлова")])
    rows[0].append("Дата постановки")
    rows[1].append("15.01.2024")
    path = tmp_path / "список.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    run(personas, path, capsys=capsys)
    enrolment = Recipient.objects.get(last_name="Орлова").enrolments.get()
    assert enrolment.enrolled_on == datetime.date(2024, 1, 15)


def test_an_invalid_row_exits_non_zero_prints_each_error_and_imports_nothing(
    personas, tmp_path, capsys
):
    people = [person(Фамилия="Орлова") for _ in range(10)]
    people[3]["СНИЛС"] = "112-233-445 96"
    people[7]["Дата рождения"] = "31.02.1950"
    path = tmp_path / "список.csv"
    path.write_bytes(csv_bytes(rows_of(people), encoding="cp1251"))
    with pytest.raises(CommandError) as refused:
        run(personas, path, capsys=capsys)
    assert refused.value.returncode == 1
    assert str(refused.value) == "Ничего не загружено: ошибок 2 в 2 строках из 10."
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "Строка 5, «СНИЛС»: Контрольное число СНИЛС не сходится: проверьте цифры.",
        "Строка 9, «Дата рождения»: Нет такой даты: 31.02.1950.",
    ]
    assert not Recipient.objects.filter(last_name="Орлова").exists()
    assert not ImportBatch.objects.exists()


def test_a_dry_run_checks_and_changes_nothing(personas, tmp_path, capsys):
    existing = personas.recipient_of_worker1
    path = tmp_path / "список.csv"
    path.write_bytes(
        csv_bytes(
            rows_of(
                [
                    person(Фамилия="Орлова"),
                    person(
                        Фамилия=existing.last_name,
                        Имя=existing.first_name,
                        Отчество=existing.middle_name,
                        **{"Дата рождения": "17.05.1940"},
                        СНИЛС=existing.snils,
                        Адрес="г. Кемерово, ул. Новая, д. 3",
                    ),
                ]
            )
        )
    )
    output = run(personas, path, "--dry-run", capsys=capsys)
    assert (
        "Строка 3, Иванова Мария Петровна: Адрес регистрации: "
        f"{existing.registration_address} → г. Кемерово, ул. Новая, д. 3" in output.out
    )
    assert "ошибок нет; было бы новых 1, изменено 1, без изменений 0" in output.out
    assert not Recipient.objects.filter(last_name="Орлова").exists()
    existing.refresh_from_db()
    assert existing.version == 1


def test_a_wrong_header_names_the_missing_columns_and_the_headers_found(personas, tmp_path, capsys):
    path = tmp_path / "чужой.csv"
    path.write_bytes(csv_bytes([["Фамилия", "Имя", "Родился"], ["А", "Б", "01.01.1950"]]))
    with pytest.raises(CommandError, match="Не найден столбец «СНИЛС».") as refused:
        run(personas, path, capsys=capsys)
    assert "Заголовки в файле (строка 1): «Фамилия», «Имя», «Родился»." in str(refused.value)


def test_a_malformed_file_is_refused(personas, tmp_path, capsys):
    path = tmp_path / "пусто.xlsx"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="Файл пуст."):
        run(personas, path, capsys=capsys)


def test_with_several_institutions_the_command_asks_which(personas, tmp_path):
    path = tmp_path / "список.csv"
    path.write_bytes(csv_bytes(rows_of([person()])))
    with pytest.raises(CommandError, match="несколько учреждений, укажите --institution"):
        call_command("import_recipients", str(path))


def test_the_user_must_hold_the_exchange_right(personas, tmp_path):
    path = tmp_path / "список.csv"
    path.write_bytes(csv_bytes(rows_of([person()])))
    with pytest.raises(CommandError, match="нет права загружать данные"):
        call_command(
            "import_recipients",
            str(path),
            f"--institution={personas.institution.pk}",
            "--user=worker1",
        )
