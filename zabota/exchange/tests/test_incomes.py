"""The income import: pensions by СНИЛС from upload to commit, bad rows, the recalculation of
payment decisions, the command, and who may do what."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from zabota.audit.models import EventKind, SecurityEvent
from zabota.exchange import services
from zabota.exchange.importing.incomes import FIELDS, names_agree
from zabota.exchange.models import ImportBatch, ImportKind, ImportStatus
from zabota.exchange.tests.helpers import csv_bytes, xlsx_bytes
from zabota.payments.models import MonthlyIncome, PaymentDecision
from zabota.payments.services import payment_decision_compute
from zabota.payments.tests.factories import add_income, set_minimum
from zabota.programs.tests.factories import Catalog, in_force
from zabota.recipients.models import Recipient
from zabota.rules.identifiers import snils_format
from zabota.testing import make_recipient, make_snils, xlsx_rows

pytestmark = pytest.mark.django_db
D = datetime.date
HEADER = ["СНИЛС", "ФИО", "Месяц", "Сумма", "Вид дохода"]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        yield


def rows(*lines) -> list[list]:
    return [HEADER, *[list(line) for line in lines]]


def upload(client, content: bytes, name: str = "пенсии.xlsx"):
    return client.post("/exchange/import/incomes/", {"file": SimpleUploadedFile(name, content)})


def load(client, content: bytes, name: str = "пенсии.xlsx") -> ImportBatch:
    """Upload, accept the columns found by their headers, and return the checked batch."""
    response = upload(client, content, name)
    assert response.status_code == 302, response.content.decode()
    batch = ImportBatch.objects.latest("pk")
    assert batch.kind == ImportKind.INCOMES
    mapping_page = client.get(f"/exchange/import/{batch.pk}/columns/")
    initial = {name: field.initial for name, field in mapping_page.context["form"].fields.items()}
    assert client.post(f"/exchange/import/{batch.pk}/columns/", initial).status_code == 302
    batch.refresh_from_db()
    return batch


def test_a_specialist_loads_pensions_new_changed_and_unchanged(personas):
    ivanova = personas.recipient_of_worker1
    sidorov = personas.recipient_of_worker2
    MonthlyIncome.objects.create(
        recipient=ivanova, month=D(2025, 12, 1), amount=Decimal("20000.00"), kind="пенсия"
    )
    MonthlyIncome.objects.create(
        recipient=sidorov, month=D(2025, 12, 1), amount=Decimal("18000.50"), kind="пенсия"
    )
    content = xlsx_bytes(
        rows(
            [ivanova.snils_display, "Иванова Мария Петровна", "12.2025", 21345.67, ""],
            [ivanova.snils_display, "Иванова М. П.", "01.2026", "21 345,67", "Пенсия"],
            [sidorov.snils, "", "12.2025", "18000,50", "пенсия"],
            [sidorov.snils, "", D(2026, 1, 15), "2500", "ЕДВ"],
        )
    )
    client = personas.client_for(personas.specialist)
    batch = load(client, content)
    assert batch.status == ImportStatus.CHECKED, batch.report
    assert batch.counts == {"create": 2, "update": 1, "unchanged": 1, "error": 0, "rows": 4}
    preview = client.get(f"/exchange/import/{batch.pk}/?show=all").content.decode()
    assert "Пенсия за 12.2025: 20 000,00 ₽ → <strong>21 345,67 ₽</strong>" in preview
    assert MonthlyIncome.objects.count() == 2

    response = client.post(f"/exchange/import/{batch.pk}/commit/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    own = MonthlyIncome.objects.filter(recipient=ivanova, family_member__isnull=True)
    assert sorted((i.month, i.amount, i.kind, i.source) for i in own) == [
        (D(2025, 12, 1), Decimal("21345.67"), "пенсия", "импорт"),
        (D(2026, 1, 1), Decimal("21345.67"), "пенсия", "импорт"),
    ]
    edv = MonthlyIncome.objects.get(recipient=sidorov, month=D(2026, 1, 1))
    assert (edv.kind, edv.amount) == ("ежемесячная денежная выплата", Decimal("2500.00"))
    unchanged = MonthlyIncome.objects.get(recipient=sidorov, month=D(2025, 12, 1))
    assert unchanged.source == "вручную"
    assert sorted(batch.report["affected"]) == sorted([ivanova.pk, sidorov.pk])
    event = SecurityEvent.objects.get(kind=EventKind.IMPORT, user=personas.specialist.user)
    assert "Загрузка доходов из файла «пенсии.xlsx»: новых сумм 2, изменено 1" in event.details
    # Consecutive months of the same amount are one entry of the recipient's journal.
    entries = SecurityEvent.objects.filter(kind=EventKind.UPDATE, recipient_id=ivanova.pk)
    assert [e.details for e in entries] == [
        "доход «пенсия» (получатель) за 12.2025–01.2026: 21 345,67 ₽"
    ]


def test_bad_rows_are_each_explained_and_nothing_is_imported(personas):
    ivanova = personas.recipient_of_worker1
    stranger = make_snils()
    content = csv_bytes(
        rows(
            [stranger, "", "01.2026", "1000", ""],
            [ivanova.snils, "", "01.2026", "-5", ""],
            [ivanova.snils, "", "12.2025", "пятьсот", ""],
            [ivanova.snils, "", "03.2026", "1000", ""],
            [ivanova.snils, "", "11.2025", "1000", ""],
            [ivanova.snils, "", "11.2025", "1000,00", "пенсия"],
            [ivanova.snils, "Петрова Мария", "10.2025", "1000", ""],
            [ivanova.snils, "", "13.2025", "10,005", ""],
            ["112-233-445 96", "", "10.2025", "", ""],
            [personas.outsider_recipient.snils, "", "10.2025", "1000", ""],
        ),
        encoding="cp1251",
    )
    client = personas.client_for(personas.director)
    batch = load(client, content, "доходы.csv")
    assert batch.status == ImportStatus.INVALID
    errors = {r["row"]: [m for _c, m in r["errors"]] for r in batch.report["rows"]}
    assert errors[2] == [f"Получателя с СНИЛС {snils_format(stranger)} нет в реестре учреждения."]
    assert errors[3] == ["Сумма не может быть отрицательной."]
    assert errors[4] == ["Сумма «пятьсот» — не число: пишите рубли и копейки, например 21345,67."]
    assert errors[5] == ["Месяц 03.2026 ещё не наступил: доход будущего месяца не загружается."]
    assert errors[6] == []
    assert errors[7] == ["Строка повторяет строку 6: тот же СНИЛС, месяц и вид дохода."]
    assert errors[8] == [
        "ФИО «Петрова Мария» не совпадает с карточкой: Иванова Мария Петровна. Проверьте СНИЛС."
    ]
    assert errors[9] == [
        "Нет такого месяца: «13.2025».",
        "В сумме больше двух знаков после запятой: укажите рубли и копейки.",
    ]
    assert errors[10] == [
        "Контрольное число СНИЛС не сходится: проверьте цифры.",
        "Не заполнена сумма.",
    ]
    assert errors[11] == [
        f"Получателя с СНИЛС {snils_format(personas.outsider_recipient.snils)} нет в реестре учреждения."
    ]
    page = client.get(f"/exchange/import/{batch.pk}/").content.decode()
    assert "В файле есть ошибки, поэтому ничего не загружено" in page
    client.post(f"/exchange/import/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == ImportStatus.INVALID
    assert not MonthlyIncome.objects.exists()


def test_months_and_sums_are_read_as_people_type_them(personas):
    ivanova = personas.recipient_of_worker1
    content = xlsx_bytes(
        rows(
            [ivanova.snils, "ИВАНОВА М.П.", "январь 2026", "21 345,67 руб.", ""],
            [ivanova.snils, "", "2025-12", 21000, ""],
            [ivanova.snils, "", D(2025, 11, 30), "20999.99", ""],
            [ivanova.snils, "", 10.2025, "1 000", ""],
        )
    )
    batch = load(personas.client_for(personas.director), content)
    assert batch.status == ImportStatus.CHECKED, batch.report
    changes = [r["changes"][0][0] for r in batch.report["rows"]]
    assert changes == [
        "Пенсия за 01.2026",
        "Пенсия за 12.2025",
        "Пенсия за 11.2025",
        "Пенсия за 10.2025",
    ]


def test_a_file_without_the_month_column_is_stopped_at_the_columns_step(personas):
    content = xlsx_bytes([["СНИЛС", "Сумма"], [personas.recipient_of_worker1.snils, "100"]])
    client = personas.client_for(personas.director)
    upload(client, content)
    batch = ImportBatch.objects.latest("pk")
    page = client.get(f"/exchange/import/{batch.pk}/columns/")
    assert "Не найден столбец «Месяц»." in page.content.decode()
    data = {f.key: "" for f in FIELDS} | {"snils": "0", "amount": "1"}
    page = client.post(f"/exchange/import/{batch.pk}/columns/", data)
    assert page.status_code == 200
    assert "Не найден столбец «Месяц»." in page.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED


def test_an_income_changed_between_the_check_and_the_commit_is_checked_again(personas):
    ivanova = personas.recipient_of_worker1
    client = personas.client_for(personas.director)
    batch = load(client, xlsx_bytes(rows([ivanova.snils, "", "01.2026", "1000", ""])))
    MonthlyIncome.objects.create(
        recipient=ivanova, month=D(2026, 1, 1), amount=Decimal("1000.00"), kind="пенсия"
    )
    response = client.post(f"/exchange/import/{batch.pk}/commit/", follow=True)
    assert "Файл проверен заново" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED
    assert batch.counts["unchanged"] == 1


def test_the_check_reads_a_fixed_number_of_queries_whatever_the_rows(
    personas, django_assert_max_num_queries
):

    people = [
        make_recipient(personas.institution, personas.department1, last_name=f"Орлова{n}")
        for n in range(30)
    ]
    lines = [[p.snils, "", f"{m:02d}.2025", "1000", ""] for p in people for m in range(1, 13)]
    batch = load(personas.client_for(personas.director), xlsx_bytes(rows(*lines)))
    assert batch.counts["create"] == 360
    with django_assert_max_num_queries(8):
        services.import_batch_check(actor=personas.director, batch=batch)


@pytest.mark.parametrize(
    ("text", "agrees"),
    [
        ("Алиев Рашид Ахмед оглы", True),
        ("АЛИЕВ Р. А. О.", True),
        ("Алиев Р.А.", True),
        ("Алиев", True),
        ("Алиев Рустам", False),
        ("Алиева Рашид", False),
        ("Алиев Рашид Ахмед оглы младший", False),
    ],
)
def test_the_name_check_accepts_initials_and_patronymics_of_several_words(text, agrees):
    recipient = Recipient(last_name="Алиев", first_name="Рашид", middle_name="Ахмед оглы")
    assert names_agree(text, recipient) is agrees


@pytest.fixture
def decided(personas):
    """Иванова: 20 000 ₽ a month in 2025, decided on an application of 01.02.2026 — free (the
    threshold is 1.5 × 15 000 = 22 500 ₽); a program of 1 640 ₽ a month in force."""
    ivanova = personas.recipient_of_worker1
    set_minimum(personas.institution)
    add_income(ivanova, "20000", D(2025, 1, 1), D(2025, 12, 1))
    in_force(personas.head1, ivanova, Catalog(personas))
    payment_decision_compute(
        actor=personas.director, recipient=ivanova, application_date=D(2026, 2, 1)
    )
    return ivanova


def pension_of_2025(recipient, amount="30000") -> bytes:
    return xlsx_bytes(
        rows(*[[recipient.snils, "", f"{m:02d}.2025", amount, ""] for m in range(1, 13)])
    )


def test_after_the_commit_one_click_recomputes_the_decisions_and_shows_who_changed(
    personas, decided
):
    sidorov = personas.recipient_of_worker2
    content = xlsx_bytes(
        rows(
            *[[decided.snils, "", f"{m:02d}.2025", "30000", ""] for m in range(1, 13)],
            [sidorov.snils, "", "01.2026", "15000", ""],
        )
    )
    client = personas.client_for(personas.specialist)
    batch = load(client, content)
    client.post(f"/exchange/import/{batch.pk}/commit/")
    page = client.get(f"/exchange/import/{batch.pk}/").content.decode()
    assert "Пересчитать условия оплаты" in page
    response = client.post(f"/exchange/import/{batch.pk}/recalculate/")
    assert response.status_code == 302
    assert response["Location"] == f"/exchange/import/{batch.pk}/recalculation/"
    current = PaymentDecision.objects.get(recipient=decided, is_current=True)
    assert current.application_date == D(2026, 2, 1)
    assert current.income_per_capita == Decimal("30000.00")
    assert PaymentDecision.objects.filter(recipient=decided).count() == 2
    result = client.get(response["Location"])
    [row] = result.context["page"].object_list
    assert row["name"] == "Иванова Мария Петровна"
    assert row["changed"] and row["computed"]
    assert row["condition_before"].startswith("бесплатно: доход не выше")
    assert row["condition_after"] == "полная оплата"
    assert (row["fee_before"], row["fee_after"]) == ("0.00", "1640.00")
    everyone = client.get(f"{response['Location']}?show=all").context["page"].object_list
    assert [r["name"] for r in everyone] == ["Иванова Мария Петровна", "Сидоров Пётр Ильич"]
    missing = client.get(f"{response['Location']}?show=missing").content.decode()
    assert f"/payments/{sidorov.pk}/decide/" in missing
    rows_xlsx = xlsx_rows(client.get(f"{response['Location']}?show=all&format=xlsx").content)
    assert any(r[0] == "Иванова Мария Петровна" and r[7] == "да" for r in rows_xlsx)
    assert "Результат пересчёта" in client.get(f"/exchange/import/{batch.pk}/").content.decode()
    again = client.post(f"/exchange/import/{batch.pk}/recalculate/", follow=True)
    assert "Условия оплаты по этой загрузке уже пересчитаны." in again.content.decode()
    assert PaymentDecision.objects.filter(recipient=decided).count() == 2


def test_without_the_regional_minimum_nothing_is_recomputed(personas, decided):
    from zabota.payments.models import SubsistenceMinimum

    client = personas.client_for(personas.director)
    batch = load(client, pension_of_2025(decided))
    client.post(f"/exchange/import/{batch.pk}/commit/")
    SubsistenceMinimum.objects.all().delete()
    response = client.post(f"/exchange/import/{batch.pk}/recalculate/", follow=True)
    assert "Ничего не пересчитано. Не задан прожиточный минимум" in response.content.decode()
    assert PaymentDecision.objects.filter(recipient=decided).count() == 1


def test_the_administrator_loads_incomes_but_leaves_the_recalculation_to_others(personas, decided):
    client = personas.client_for(personas.admin)
    batch = load(client, pension_of_2025(decided))
    client.post(f"/exchange/import/{batch.pk}/commit/")
    page = client.get(f"/exchange/import/{batch.pk}/").content.decode()
    assert "Пересчитать может директор или специалист" in page
    assert client.post(f"/exchange/import/{batch.pk}/recalculate/").status_code == 403
    assert PaymentDecision.objects.filter(recipient=decided).count() == 1


def test_a_batch_not_yet_loaded_cannot_be_recomputed(personas, decided):
    client = personas.client_for(personas.director)
    batch = load(client, pension_of_2025(decided))
    response = client.post(f"/exchange/import/{batch.pk}/recalculate/", follow=True)
    assert "Пересчитать можно только после загрузки файла доходов." in response.content.decode()


@pytest.mark.parametrize("persona", ["worker1", "caregiver1", "head1", "accountant"])
def test_only_the_exchange_roles_upload_incomes(personas, persona):
    client = personas.client_for(getattr(personas, persona))
    content = xlsx_bytes(rows([personas.recipient_of_worker1.snils, "", "01.2026", "1", ""]))
    assert client.get("/exchange/import/incomes/").status_code == 403
    assert upload(client, content).status_code == 403
    assert client.get("/exchange/import/incomes/template.xlsx").status_code == 403
    assert not ImportBatch.objects.exists()


def test_the_template_has_the_columns_the_import_finds(personas):
    client = personas.client_for(personas.specialist)
    content = client.get("/exchange/import/incomes/template.xlsx").content
    header, example = xlsx_rows(content)[:2]
    assert header == ("СНИЛС", "ФИО", "Месяц", "Сумма", "Вид дохода")
    assert example[2:] == ("01.2026", 21345.67, "пенсия")


def run(personas, path, *extra):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "import_incomes",
        str(path),
        f"--institution={personas.institution.pk}",
        *extra,
        stdout=stdout,
        stderr=stderr,
    )
    return stdout.getvalue(), stderr.getvalue()


def test_the_command_loads_a_file_and_points_to_the_recalculation(personas, tmp_path):
    path = tmp_path / "пенсии.csv"
    path.write_bytes(
        csv_bytes(rows([personas.recipient_of_worker1.snils, "", "01.2026", "21345,67", ""]))
    )
    stdout, _ = run(personas, path, "--dry-run")
    assert "Проверка без загрузки: ошибок нет; было бы новых сумм 1" in stdout
    assert not MonthlyIncome.objects.exists()
    stdout, _ = run(personas, path)
    assert "Загружено: новых сумм 1, изменено 0, без изменений 0." in stdout
    batch = ImportBatch.objects.get()
    assert "Доходы изменились у 1 получателя" in stdout
    assert f"/exchange/import/{batch.pk}/" in stdout
    assert MonthlyIncome.objects.get().source == "импорт"
    assert batch.kind == ImportKind.INCOMES and batch.created_by == personas.admin


def test_the_command_exits_non_zero_with_each_bad_row_and_imports_nothing(personas, tmp_path):
    ivanova = personas.recipient_of_worker1
    path = tmp_path / "пенсии.csv"
    path.write_bytes(
        csv_bytes(
            rows(
                [ivanova.snils, "", "01.2026", "100", ""],
                [ivanova.snils, "", "01.2026", "-1", ""],
                [make_snils(), "", "05.2026", "100", ""],
            )
        )
    )
    stderr = io.StringIO()
    with pytest.raises(
        CommandError, match="Ничего не загружено: ошибок 4 в 2 строках из 3"
    ) as error:
        call_command(
            "import_incomes", str(path), f"--institution={personas.institution.pk}", stderr=stderr
        )
    assert error.value.returncode == 1
    lines = stderr.getvalue().splitlines()
    assert "Строка 3, «Сумма»: Сумма не может быть отрицательной." in lines
    assert "Строка 3: Строка повторяет строку 2: тот же СНИЛС, месяц и вид дохода." in lines
    assert any(
        line.startswith("Строка 4, «Месяц»: Месяц 05.2026 ещё не наступил") for line in lines
    )
    assert not MonthlyIncome.objects.exists()
    assert not ImportBatch.objects.exists()
