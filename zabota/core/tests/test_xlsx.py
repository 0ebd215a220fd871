"""The streaming XLSX writer (zabota.core.xlsx_stream) behind `Table` exports: what a person
sees in Excel, the sheets a long list continues on, the response that sends the file."""

import datetime
import io
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.utils.functional import lazy
from openpyxl import load_workbook

from zabota.core import xlsx_stream
from zabota.core.tables import Column, Table
from zabota.core.text import FORMULA_SIGNS
from zabota.core.xlsx import excel_value, is_formula, table_to_xlsx, write_tables, xlsx_response

COLUMNS = [
    Column("Дата", 12, "date"),
    Column("Получатель", 34),
    Column("Сумма, ₽", 12, "money"),
    Column("Кол-во", 8, "int"),
]


def journal(rows, **options) -> Table:
    return Table(
        title="Журнал оказанных услуг",
        subtitle="с 01.10.2026 по 31.10.2026",
        columns=COLUMNS,
        rows=rows,
        sheet_name="Журнал",
        **options,
    )


def book(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_the_sheet_has_a_bold_title_a_styled_frozen_header_widths_and_number_formats():
    content = table_to_xlsx(
        journal([[datetime.date(2026, 10, 5), "Иванова Мария", Decimal("1234.50"), 3]])
    )
    sheet = book(content).active

    assert sheet.title == "Журнал"
    assert [tuple(r) for r in sheet.iter_rows(values_only=True)] == [
        ("Журнал оказанных услуг", None, None, None),
        ("с 01.10.2026 по 31.10.2026", None, None, None),
        (None, None, None, None),
        ("Дата", "Получатель", "Сумма, ₽", "Кол-во"),
        (datetime.datetime(2026, 10, 5), "Иванова Мария", 1234.5, 3),
    ]
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 13
    header = sheet["A4"]
    assert header.font.b and header.fill.fgColor.rgb == "FFE8EEF4" and header.alignment.wrap_text
    assert header.border.left.style == "thin"
    assert sheet.freeze_panes == "A5"
    assert [sheet.column_dimensions[c].width for c in "ABCD"] == [12, 34, 12, 8]
    assert [c.number_format for c in sheet[5]] == ["DD.MM.YYYY", "General", "#,##0.00", "0"]
    assert all(c.border.bottom.style == "thin" for c in sheet[5])


def test_totals_are_bold_and_notes_follow_them():
    sheet = book(
        table_to_xlsx(
            journal(
                [[None, "Иванова", Decimal("1.00"), 1]],
                totals=["Итого", "", Decimal("1.00"), 1],
                notes=["Примечание"],
            )
        )
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-2][:3] == ("Итого", None, 1) and rows[-1][0] == "Примечание"
    assert sheet.cell(row=6, column=1).font.b and not sheet.cell(row=5, column=2).font.b


def test_a_formula_is_a_string_cell_that_excel_keeps_as_text():
    formula = '=HYPERLINK("http://evil.example/?","Клик")'
    sheet = book(
        table_to_xlsx(
            journal([[None, formula, None, None], [None, lazy(str, str)("=1+1"), None, None]])
        )
    ).active
    for row, text in ((5, formula), (6, "=1+1")):
        cell = sheet.cell(row=row, column=2)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert not sheet["A1"].quotePrefix


def test_every_kind_of_value_is_written_as_the_pages_show_it():
    moment = datetime.datetime(2026, 3, 10, 9, 5, 7, tzinfo=datetime.UTC)
    values = [
        moment,
        True,
        "строка\r\nвторая <b>&</b>\x07",
        "  отступ ",
        -5,
        2.5,
        Decimal("0.10"),
        datetime.time(9, 30),
        "",
        float("nan"),
    ]
    sheet = book(table_to_xlsx(Table(title="Т", columns=[], rows=[values]))).active
    assert list(sheet.iter_rows(min_row=4, values_only=True))[0] == (
        datetime.datetime(2026, 3, 10, 12, 5, 7),  # Moscow time, as the pages show
        "да",
        "строка\nвторая <b>&</b>\ufffd",
        "  отступ ",
        -5,
        2.5,
        0.1,
        datetime.time(9, 30),
        None,
        "nan",
    )
    assert sheet["A4"].number_format == "DD.MM.YYYY HH:MM"


def test_the_writer_asks_excel_value_of_every_type_it_does_not_skip():
    """The writer passes these types by `excel_value` (for speed): it must leave them alone."""
    for value in (5, 2.5, Decimal("1.50"), datetime.date(2026, 1, 2), None):
        assert type(value) in xlsx_stream.UNCHANGED
        assert excel_value(value) is value


@pytest.mark.parametrize(
    "text",
    [
        "Иванова",
        "",
        "=1+1",
        "+7 900",
        "-5",
        "@a",
        "\tтаб",
        "\rcr",
        "a\x07b",
        "a\nb",
        "\ufffe",
        "&<>",
    ],
)
def test_the_writer_skips_excel_value_only_for_text_it_would_leave_alone(text):
    """The writer takes a printable text as it is and judges a formula by its first character
    (for speed): `excel_value` and `is_formula` must agree with that on every text."""
    if text.isprintable():
        assert excel_value(text) is text
    assert is_formula(text) == text.startswith(FORMULA_SIGNS)


def test_a_table_longer_than_a_sheet_continues_on_the_next_with_its_header(monkeypatch):
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 10)  # 4 header rows + 6 data rows a sheet
    rows = [[None, f"Получатель {n}", None, n] for n in range(1, 15)]
    workbook = book(table_to_xlsx(journal(rows, totals=["Итого", "", None, 105])))

    assert workbook.sheetnames == ["Журнал", "Журнал (2)", "Журнал (3)"]
    read = []
    for sheet in workbook.worksheets:
        values = list(sheet.iter_rows(values_only=True))
        assert values[0][0] == "Журнал оказанных услуг" and values[3][1] == "Получатель"
        assert len(values) <= 10 and sheet.freeze_panes == "A5"
        read += [r[3] for r in values[4:]]
    assert read == [*range(1, 15), 105]


def test_two_tables_with_one_name_get_two_sheets():
    content = table_to_xlsx(journal([]), journal([]))
    assert book(content).sheetnames == ["Журнал", "Журнал (2)"]


def test_the_rows_are_written_as_they_come_in_constant_memory():
    def rows(n):
        for i in range(n):
            yield [datetime.date(2026, 1, 1), f"Иванова Мария Петровна {i}", Decimal("12.50"), i]

    def peak(n) -> int:
        tracemalloc.start()
        write_tables(io.BytesIO(), journal(rows(n)))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    peak(10)  # imports and caches first
    # Ten times the rows, about the same memory (the compressed output aside: BytesIO here).
    small, large = peak(2_000), peak(20_000)
    assert large < small * 2


def test_the_response_sends_the_file_from_disk_under_its_russian_name():
    response = xlsx_response("Журнал услуг.xlsx", journal([[None, "Иванова", None, 1]]))

    assert response.streaming
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"_.xlsx\"; filename*=UTF-8''%D0%96%D1%83%D1%80%D0%BD%D0%B0%D0%BB"
        "%20%D1%83%D1%81%D0%BB%D1%83%D0%B3.xlsx"
    )
    streamed = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(streamed)
    assert zipfile.ZipFile(io.BytesIO(streamed)).testzip() is None
    assert response.content == streamed  # read whole again, as tests of the pages do


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), float("inf")])
def test_a_number_excel_cannot_hold_is_written_as_its_text(bad):
    sheet = book(
        table_to_xlsx(Table(title="Т", columns=[Column("Ч", kind="number")], rows=[[bad]]))
    ).active
    assert sheet["A4"].value == str(bad)
