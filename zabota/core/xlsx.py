"""XLSX writer of `zabota.core.tables.Table`, the HTTP response that carries it, and the one
converter of a value into a cell that every XLSX file of the project goes through."""

import datetime
import io
import re
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from zabota.core.dates import local_naive
from zabota.core.tables import Table
from zabota.core.text import looks_like_formula, printable

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FORMATS = {"date": "DD.MM.YYYY", "money": "#,##0.00", "int": "0", "number": "0.##"}
# Excel refuses these characters in sheet names.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# ECMA-376 writes a character XML cannot carry as _xHHHH_; openpyxl reads it back literally.
_ESCAPED_CONTROL = re.compile(r"_x00([01][0-9A-Fa-f])_")


def add_table_sheet(workbook: Workbook, table: Table, *, first: bool = False) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = sheet_title(table.sheet_name)
    append_row(sheet, [table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    row_index = 2
    if table.subtitle:
        append_row(sheet, [table.subtitle])
        row_index += 1
    sheet.append([])
    row_index += 1
    append_row(sheet, [c.header for c in table.columns])
    header_row = row_index
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for values in table.rows:
        _append_row(sheet, table, values)
    if table.totals is not None:
        _append_row(sheet, table, table.totals, bold=True)
    for note in table.notes:
        append_row(sheet, [note])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _append_row(sheet, table: Table, values, bold: bool = False) -> None:
    row = append_row(sheet, values)
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=row, column=index)
        cell.border = _BORDER
        if column.kind in _FORMATS:
            cell.number_format = _FORMATS[column.kind]
        if bold:
            cell.font = Font(bold=True)


def excel_value(value):
    """A value as a cell holds it: a date without its time zone, «да»/«нет», text with the
    characters XML cannot carry replaced by U+FFFD (stored data is written, never refused)."""
    if isinstance(value, datetime.datetime):
        # A cell holds no zone: write the local wall clock the pages show, not UTC.
        return local_naive(value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return printable(value)
    return value


def append_row(sheet, values) -> int:
    """Append a row through `excel_value`; a text that looks like a formula (=, +, -, @, a tab
    or a CR first) is written as text, marked so that Excel keeps it text even when the cell is
    edited (OWASP: CSV injection). Numbers stay numbers. Returns the row's number."""
    values = list(values)
    sheet.append([excel_value(v) for v in values])
    row = sheet.max_row
    for index, value in enumerate(values, start=1):
        if isinstance(value, str | Promise) and looks_like_formula(str(value)):
            cell = sheet.cell(row=row, column=index)
            cell.data_type = "s"
            cell.quotePrefix = True
    return row


def sheet_title(name: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, no control characters, at most 31 characters."""
    return _BAD_SHEET_CHARS.sub(" ", printable(name, multiline=False))[:31] or "Лист"


def table_to_xlsx(*tables: Table) -> bytes:
    workbook = Workbook()
    for index, table in enumerate(tables):
        add_table_sheet(workbook, table, first=index == 0)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # RFC 6266: a Cyrillic file name goes in filename*, an ASCII fallback in filename.
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", filename) or "file"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def xlsx_response(filename: str, *tables: Table) -> HttpResponse:
    return download_response(table_to_xlsx(*tables), filename, XLSX_CONTENT_TYPE)


def read_value(value):
    """A cell as read from an uploaded XLSX: a control character Excel escaped (Мария_x0007_)
    comes back as the character, so that the import refuses it instead of storing the code."""
    if isinstance(value, str) and "_x00" in value:
        return _ESCAPED_CONTROL.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value
