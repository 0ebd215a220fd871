"""Text hygiene (zabota.core.text) and the one XLSX value converter (zabota.core.xlsx)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from zabota.core.text import (
    cell_refusal,
    cleaned,
    first_refused,
    looks_like_dangerous_formula,
    looks_like_formula,
    normalise_line_ends,
    printable,
    refusal_message,
)
from zabota.core.xlsx import append_row, excel_value, read_value, sheet_title
from zabota.exchange.exporting import csv_text


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x0b", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\ud800", "\uffff"]
)
def test_it_refuses_c0_c1_and_what_xml_cannot_carry_in_any_field(char):
    assert first_refused(f"Мари{char}я") == (4, char)
    assert first_refused(f"Мари{char}я", multiline=True) == (4, char)


def test_tab_and_line_feed_are_allowed_only_in_a_multi_line_field():
    assert first_refused("а\tб\nв", multiline=True) is None
    assert first_refused("а\tб") == (1, "\t")
    assert first_refused("а\nб") == (1, "\n")
    # A CR is the browser's; the boundary normalises it before the check.
    assert first_refused("а\r\nб", multiline=True) == (1, "\r")
    assert normalise_line_ends("а\r\nб\rв") == "а\nб\nв"


def test_ordinary_text_is_never_refused():
    text = "Иванова-Петрова Мария «Ромашка» № 5, ул. Ленина 1/2; ё Ё — € \xa0 \u200b 😀"
    assert first_refused(text) is None


def test_the_message_names_the_field_the_character_and_its_place():
    assert refusal_message("Имя", "Мария\x07") == (
        "В поле «Имя» недопустимый управляющий символ U+0007, знак № 6: удалите его и введите "
        "текст заново — такие символы попадают при копировании из других программ."
    )
    assert "U+0009 (табуляция), знак № 2" in refusal_message("Фамилия", "а\tб")
    assert refusal_message("Имя", "Мария") is None


def test_a_cell_may_hold_a_line_break_but_not_a_bell():
    assert cell_refusal("ул. Ленина,\r\nд. 1\tкв. 2") is None
    assert cell_refusal("Мария\x07") == (
        "в ячейке недопустимый управляющий символ U+0007, знак № 6: удалите его в файле и "
        "загрузите файл снова."
    )


def test_printable_replaces_what_it_refuses_and_keeps_the_rest():
    assert printable("Мария\x07 \x00\ud800") == "Мария\ufffd \ufffd\ufffd"
    assert printable("строка\r\nвторая\tтретья") == "строка\nвторая\tтретья"
    assert printable("а\tб", multiline=False) == "а\ufffdб"


def test_the_repair_turns_single_line_controls_into_spaces_and_removes_the_others():
    assert cleaned("Мария\x07") == "Мария"
    assert cleaned("Иванова\tМария\nПетровна") == "Иванова Мария Петровна"
    assert cleaned("строка\r\nвторая\x07", multiline=True) == "строка\nвторая"


@pytest.mark.parametrize(
    ("text", "formula", "dangerous"),
    [
        ('=HYPERLINK("http://evil.example/?","Клик")', True, True),
        ("=cmd|' /C calc'!A0", True, True),
        ("@SUM(1+1)*cmd|' /C calc'!A0", True, True),
        ("+cmd|' /C calc'!A0", True, True),
        ("-2+3+cmd|' /C calc'!A0", True, True),
        ("\t=1+1", True, True),
        ("\r=1+1", True, True),
        ("+7 (900) 123-45-67", True, False),
        ("-5", True, False),
        ("Иванова", False, False),
        ("ул. Ленина, д. 1 = корп. 2", False, False),
    ],
)
def test_it_knows_a_formula_from_a_phone(text, formula, dangerous):
    assert looks_like_formula(text) is formula
    assert looks_like_dangerous_formula(text) is dangerous


def written_and_read(values: list) -> list:
    workbook = Workbook()
    append_row(workbook.active, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]


def test_a_formula_is_written_as_text_and_reads_back_as_the_original_text():
    formula = '=HYPERLINK("http://evil.example/?","Клик")'
    cells = written_and_read([formula, "=cmd|' /C calc'!A0", "@x", "\t=1", "обычный"])

    assert [c.data_type for c in cells] == ["s"] * 5
    assert [c.value for c in cells] == [formula, "=cmd|' /C calc'!A0", "@x", "\t=1", "обычный"]
    assert [c.quotePrefix for c in cells] == [True, True, True, True, False]


def test_numbers_stay_numbers_and_a_control_character_becomes_a_visible_mark():
    cells = written_and_read([-5, 2.5, "Мария\x07", True])

    assert [(c.value, c.data_type) for c in cells] == [
        (-5, "n"),
        (2.5, "n"),
        ("Мария\ufffd", "s"),
        ("да", "s"),
    ]
    assert excel_value("\x00") == "\ufffd"


def test_a_sheet_name_loses_what_excel_refuses():
    assert sheet_title("Отчёт [01/2026]\x07") == "Отчёт  01 2026 \ufffd"
    assert sheet_title("") == "Лист"


def test_an_escaped_control_character_of_excel_is_read_as_the_character():
    assert read_value("Мария_x0007_") == "Мария\x07"
    assert read_value("строка_x000D_") == "строка\r"
    assert read_value("_x0041_ остаётся") == "_x0041_ остаётся"
    assert read_value(5) == 5


def test_a_csv_cell_gets_an_apostrophe_before_a_formula_but_not_before_a_phone():
    assert csv_text("=1+2") == "'=1+2"
    assert csv_text("@SUM(A1)") == "'@SUM(A1)"
    assert csv_text("\r=1+2\x07") == "'\n=1+2\ufffd"
    assert csv_text("+7 900 123-45-67") == "+7 900 123-45-67"
    assert csv_text("Иванова") == "Иванова"
