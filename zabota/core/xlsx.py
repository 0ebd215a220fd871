"""XLSX writer of `zabota.core.tables.Table`, and the HTTP response that carries it."""

import datetime
import io
import re
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from zabota.core.dates import local_naive
from zabota.core.tables import Table

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FORMATS = {"date": "DD.MM.YYYY", "money": "#,##0.00", "int": "0", "number": "0.##"}
# Excel refuses these characters in sheet names.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def add_table_sheet(workbook: Workbook, table: Table, *, first: bool = False) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = _BAD_SHEET_CHARS.sub(" ", table.sheet_name)[:31] or "Лист"
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    row_index = 2
    if table.subtitle:
        sheet.append([table.subtitle])
        row_index += 1
    sheet.append([])
    row_index += 1
    sheet.append([c.header for c in table.columns])
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
        sheet.append([note])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _append_row(sheet, table: Table, values, bold: bool = False) -> None:
    sheet.append([_excel_value(v) for v in values])
    row = sheet.max_row
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=row, column=index)
        cell.border = _BORDER
        if column.kind in _FORMATS:
            cell.number_format = _FORMATS[column.kind]
        if bold:
            cell.font = Font(bold=True)


def _excel_value(value):
    if isinstance(value, datetime.datetime):
        # A cell holds no zone: write the local wall clock the pages show, not UTC.
        return local_naive(value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    return value


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
