"""`python manage.py report`: the same numbers in a file, and plain Russian for every mistake."""

import datetime
import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from openpyxl import load_workbook

from zabota.audit.models import EventKind, SecurityEvent
from zabota.reports.tests.conftest import direct

pytestmark = pytest.mark.django_db
OCTOBER = ("2026-10-01", "2026-10-31")


def sheets(path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_institution_report_file_holds_the_totals_of_the_log(personas, log, frozen, tmp_path):
    path = tmp_path / "учреждение.xlsx"
    output, _ = run(
        "--kind",
        "institution",
        "--from",
        OCTOBER[0],
        "--to",
        OCTOBER[1],
        "--out",
        str(path),
        "--institution",
        str(personas.institution.pk),
    )
    assert "Сохранено" in output
    rows = sheets(path)["По отделениям"]
    total = next(r for r in rows if r[0] == "Итого по учреждению")
    expected = direct(None, datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))[None]
    assert total[1:5] == (
        expected["recipients"],
        expected["services"],
        float(expected["hours"]),
        float(expected["rubles"]),
    )
    assert not SecurityEvent.objects.filter(kind=EventKind.EXPORT).exists()


def test_the_worker_report_file_equals_the_log_and_its_export_is_journalled(
    personas, log, frozen, tmp_path
):
    path = tmp_path / "сотрудник.xlsx"
    run(
        "--kind",
        "worker",
        "--worker",
        str(personas.caregiver1.pk),
        "--from",
        "2026-09-15",
        "--to",
        "2026-11-20",
        "--out",
        str(path),
    )
    book = sheets(path)
    expected = direct(
        None, datetime.date(2026, 9, 15), datetime.date(2026, 11, 20), worker=personas.caregiver1
    )[None]
    assert book["Итоги"][4][:2] == (expected["recipients"], expected["services"])
    by_type = next(r for r in book["По видам услуг"] if r[0] == "Итого")
    assert by_type[1] == expected["services"]
    assert "Иванова Мария Петровна" in {r[1] for r in book["Плата получателей"]}
    event = SecurityEvent.objects.get(kind=EventKind.EXPORT)
    assert event.username == "manage.py report" and event.object_repr == "сотрудник.xlsx"


def test_the_form_6_sobes_file_has_row_2_as_the_sum_of_rows_3_to_10(
    personas, log, frozen, tmp_path
):
    path = tmp_path / "6-собес.xlsx"
    run(
        "--kind",
        "6-sobes",
        "--from",
        "2026-09-01",
        "--to",
        "2026-11-30",
        "--out",
        str(path),
        "--institution",
        str(personas.institution.pk),
        "--column",
        "6",
    )
    rows = {r[1]: r for r in sheets(path)["6-собес раздел 1"] if r[1]}
    assert rows["2"][2] == sum(rows[str(n)][2] for n in range(3, 11)) > 0
    assert rows["2"][5] == rows["2"][2]


def test_the_department_report_warns_of_an_empty_department_but_writes_the_file(
    personas, frozen, tmp_path
):
    path = tmp_path / "пусто.xlsx"
    _, errors = run(
        "--kind",
        "department",
        "--department",
        str(personas.department2.pk),
        "--from",
        OCTOBER[0],
        "--to",
        OCTOBER[1],
        "--out",
        str(path),
    )
    assert "не записано ни одной оказанной услуги" in errors
    assert path.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "monthly"], "Неизвестный вид отчёта «monthly»"),
    (["--kind", "institution", "--from", "2026-10-01"], "Укажите --to"),
    (["--kind", "institution", "--from", "01.10.2026", "--to", "2026-10-31"], "--from «01.10.2026»: такой даты нет"),
    (["--kind", "institution", "--from", "2026-10-31", "--to", "2026-10-01", "--out", "x.xlsx"],
     "Начало периода (31.10.2026) позже его конца"),
    (["--kind", "institution", "--from", "2026-12-01", "--to", "2026-12-31", "--out", "x.xlsx"], "ещё не наступил"),
    (["--kind", "institution", "--from", "2026-10-01", "--to", "2026-10-31"], "Укажите --out"),
    (["--kind", "institution", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "x.csv"], "расширение .xlsx"),
    (["--kind", "institution", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "/нет/такой/x.xlsx"],
     "Папки «/нет/такой» нет"),
    (["--kind", "worker", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "x.xlsx"], "укажите --worker"),
    (["--kind", "worker", "--worker", "abc", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "x.xlsx"],
     "нужен номер (id)"),
    (["--kind", "department", "--department", "999999", "--from", "2026-10-01", "--to", "2026-10-31",
      "--out", "x.xlsx"], "Отделение с номером 999999 не найден"),
    (["--kind", "institution", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "x.xlsx"],
     "несколько учреждений"),
    (["--kind", "6-sobes", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "x.xlsx", "--institution", "{i}",
      "--column", "5"], "4, 6 или 7"),
])  # fmt: skip
def test_bad_arguments_get_a_russian_message(
    personas, frozen, tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    args = [a.replace("{i}", str(personas.institution.pk)) for a in args]
    with pytest.raises(
        CommandError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")
    ):
        run(*args)
    assert not (tmp_path / "x.xlsx").exists()


def test_a_bad_argument_ends_the_command_with_a_non_zero_code(personas, frozen, capsys):
    with pytest.raises(SystemExit) as stop:
        ManagementUtility(["manage.py", "report", "--kind", "weekly"]).execute()
    assert stop.value.code == 1
    assert "Неизвестный вид отчёта «weekly»" in capsys.readouterr().err
