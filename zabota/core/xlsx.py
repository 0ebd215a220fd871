"""XLSX of `zabota.core.tables.Table` (written by the streaming writer of
`zabota.core.xlsx_stream`), the HTTP response that carries it, and the one converter of a value
into a cell that every XLSX file of the project goes through."""

import datetime
import io
import re
import tempfile
from typing import IO
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils.functional import Promise

from zabota.core import xlsx_stream as stream
from zabota.core.dates import local_naive
from zabota.core.tables import Column, Table
from zabota.core.text import looks_like_formula, printable

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses these characters in sheet names.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# ECMA-376 writes a character XML cannot carry as _xHHHH_; openpyxl reads it back literally.
_ESCAPED_CONTROL = re.compile(r"_x00([01][0-9A-Fa-f])_")


def excel_value(value):
    """A value as a cell holds it: a date without its time zone, «да»/«нет», text with the
    characters XML cannot carry replaced by U+FFFD (stored data is written, never refused)."""
    if type(value) is str:  # most cells: one test instead of four
        return printable(value)
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
        if is_formula(value):
            cell = sheet.cell(row=row, column=index)
            cell.data_type = "s"
            cell.quotePrefix = True
    return row


def is_formula(value) -> bool:
    """A value written as text even though a spreadsheet would read it as a formula."""
    if type(value) is str:  # most cells
        return looks_like_formula(value)
    return isinstance(value, str | Promise) and looks_like_formula(str(value))


def sheet_title(name: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, no control characters, at most 31 characters."""
    return _BAD_SHEET_CHARS.sub(" ", printable(name, multiline=False))[:31] or "Лист"


def write_tables(target: IO[bytes], *tables: Table) -> int:
    """Write the tables into `target` (a seekable binary file), one sheet each, in constant
    memory: the rows are read once, as they come. Returns the number of data rows.

    A table longer than a sheet (Excel's 1 048 576 rows, header included) continues on the
    next sheet, «Журнал (2)», with the same header; totals and notes end the last one."""
    book = stream.Workbook(target, prepare=excel_value, is_formula=is_formula)
    written = sum(_write_table(book, table) for table in tables)
    book.close()
    return written


def _write_table(book: stream.Workbook, table: Table) -> int:
    styles = book.styles
    title = stream.CellStyle(styles, font=stream.FONT_TITLE)
    header = [
        stream.CellStyle(
            styles,
            font=stream.FONT_BOLD,
            fill=stream.FILL_HEADER,
            border=stream.BORDER_THIN,
            wrap=True,
        )
    ] * len(table.columns)
    data = [_column_style(styles, column) for column in table.columns]
    totals = [_column_style(styles, column, font=stream.FONT_BOLD) for column in table.columns]
    top = [[table.title], [table.subtitle]] if table.subtitle else [[table.title]]
    widths = [column.width for column in table.columns]

    def new_sheet() -> stream.Sheet:
        sheet = book.add_sheet(
            sheet_title(table.sheet_name), widths=widths, frozen_rows=len(top) + 2
        )
        for values, look in zip(top, ([title], []), strict=False):
            sheet.append(values, look)
        sheet.append([], [])
        sheet.append([column.header for column in table.columns], header)
        return sheet

    sheet = new_sheet()
    written = 0
    for values in table.rows:
        if not sheet.room:
            sheet = new_sheet()
        sheet.append(values, data)
        written += 1
    if sheet.room < (table.totals is not None) + len(table.notes):
        sheet = new_sheet()
    if table.totals is not None:
        sheet.append(table.totals, totals)
    for note in table.notes:
        sheet.append([note], [])
    return written


def _column_style(styles: stream.Styles, column: Column, **look) -> stream.CellStyle:
    return stream.CellStyle(
        styles,
        number_format=stream.FORMATS.get(column.kind, ""),
        border=stream.BORDER_THIN,
        **look,
    )


def table_to_xlsx(*tables: Table) -> bytes:
    """The whole file in memory: for small tables (the report command, tests)."""
    buffer = io.BytesIO()
    write_tables(buffer, *tables)
    return buffer.getvalue()


def _disposition(filename: str) -> str:
    # RFC 6266: a Cyrillic file name goes in filename*, an ASCII fallback in filename.
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", filename) or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def download_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = _disposition(filename)
    return response


class FileDownload(FileResponse):
    """A file sent in blocks from disk. `content` reads it whole, as an HttpResponse's would,
    for the tests and callers that want the bytes of a small file."""

    def __init__(self, file: IO[bytes], filename: str, content_type: str) -> None:
        super().__init__(file, content_type=content_type)
        self._file = file
        self["Content-Disposition"] = _disposition(filename)

    @property
    def content(self) -> bytes:
        if self._file.closed:
            raise AttributeError("the file has been sent and closed")
        self._file.seek(0)
        return self._file.read()


def xlsx_response(filename: str, *tables: Table) -> FileDownload:
    """The tables written to a temporary file (deleted when the response is closed) and sent
    from it: the size of an export is bounded by the disk, not by a worker's memory."""
    file = tempfile.TemporaryFile(prefix="zabota-xlsx-")
    try:
        write_tables(file, *tables)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileDownload(file, filename, XLSX_CONTENT_TYPE)


def read_value(value):
    """A cell as read from an uploaded XLSX: a control character Excel escaped (Мария_x0007_)
    comes back as the character, so that the import refuses it instead of storing the code."""
    if isinstance(value, str) and "_x00" in value:
        return _ESCAPED_CONTROL.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value
