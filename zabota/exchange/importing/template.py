"""The templates of the imports (recipients, incomes): a header row and one example row."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from zabota.core.xlsx import append_row
from zabota.exchange.importing import incomes
from zabota.exchange.importing.recipients import FIELDS_BY_KEY, TEMPLATE_KEYS

EXAMPLE = {
    "last_name": "Петрова",
    "first_name": "Мария",
    "middle_name": "Ивановна",
    "birth_date": datetime.date(1940, 5, 17),
    "gender": "ж",
    "snils": "112-233-445 95",
    "address": "г. Кемерово, ул. Весенняя, д. 5, кв. 12",
    "phone": "+7 900 123-45-67",
    "department": "1",
    "enrolled_on": None,
}
WIDTHS = {"address": 42, "snils": 16, "birth_date": 14, "enrolled_on": 16, "phone": 18}
REQUIRED = {"last_name", "first_name", "birth_date", "snils", "address"}


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Получатели"
    keys = [*TEMPLATE_KEYS, "enrolled_on"]
    append_row(sheet, [FIELDS_BY_KEY[k].label for k in keys])
    append_row(sheet, [EXAMPLE[k] for k in keys])
    for index, key in enumerate(keys, start=1):
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", fgColor="FFF2CC" if key in REQUIRED else "E8EEF4")
        note = FIELDS_BY_KEY[key].help
        if key in REQUIRED:
            note = "Обязательно. " + note
        if note.strip():
            header.comment = Comment(note.strip(), "Забота")
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(key, 14)
        # Text cells keep the leading zeros of a СНИЛС and a department's «01».
        if key in ("snils", "phone", "department"):
            for row in range(2, 1001):
                sheet.cell(row=row, column=index).number_format = "@"
        if key in ("birth_date", "enrolled_on"):
            for row in range(2, 1001):
                sheet.cell(row=row, column=index).number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


INCOME_EXAMPLE = {
    "snils": "112-233-445 95",
    "full_name": "Петрова Мария Ивановна",
    "month": "01.2026",
    "amount": 21345.67,
    "kind": "пенсия",
}
INCOME_WIDTHS = {"snils": 16, "full_name": 34, "month": 10, "amount": 14, "kind": 30}
INCOME_REQUIRED = {"snils", "month", "amount"}


def incomes_template_xlsx() -> bytes:
    """The template of the income import: СНИЛС, ФИО (for a check), month, sum, kind."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Доходы"
    append_row(sheet, [incomes.FIELDS_BY_KEY[k].label for k in incomes.TEMPLATE_KEYS])
    append_row(sheet, [INCOME_EXAMPLE[k] for k in incomes.TEMPLATE_KEYS])
    for index, key in enumerate(incomes.TEMPLATE_KEYS, start=1):
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", fgColor="FFF2CC" if key in INCOME_REQUIRED else "E8EEF4")
        note = incomes.FIELDS_BY_KEY[key].help
        if key in INCOME_REQUIRED:
            note = "Обязательно. " + note
        if note.strip():
            header.comment = Comment(note.strip(), "Забота")
        sheet.column_dimensions[get_column_letter(index)].width = INCOME_WIDTHS[key]
        # Text cells: a СНИЛС keeps its zeros, «01.2026» does not become a number or a date.
        number_format = {"snils": "@", "month": "@", "amount": "#,##0.00"}.get(key)
        if number_format:
            for row in range(2, 1001):
                sheet.cell(row=row, column=index).number_format = number_format
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
