"""Building a regional export file from a mapping: rows from a catalogue source, CSV or XLSX.

The file is meant for another program, not for reading: one header row, then data, no titles.
"""

import csv
import datetime
import decimal
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from zabota.core.text import looks_like_dangerous_formula, printable
from zabota.core.xlsx import append_row
from zabota.exchange.catalogue import ExportSource, get_source
from zabota.exchange.models import ExportFormat
from zabota.organisation.models import Staff

XLSX_DATE_FORMATS = {"%d.%m.%Y": "DD.MM.YYYY", "%Y-%m-%d": "YYYY-MM-DD"}


@dataclass(frozen=True)
class ExportSettings:
    """What a saved ExportMapping (or the default one) says about the file."""

    name: str
    source: str
    columns: Sequence[tuple[str, str]]
    file_format: str = ExportFormat.CSV
    encoding: str = "cp1251"
    delimiter: str = ";"
    date_style: str = "%d.%m.%Y"

    @classmethod
    def of(cls, mapping) -> "ExportSettings":
        return cls(
            name=mapping.name,
            source=mapping.source,
            columns=[tuple(c) for c in mapping.columns],
            file_format=mapping.file_format,
            encoding=mapping.encoding,
            delimiter=mapping.delimiter,
            date_style=mapping.date_style,
        )


def export_table(
    settings: ExportSettings, *, staff: Staff, date_from: datetime.date, date_to: datetime.date
) -> tuple[list[str], list[list[Any]]]:
    """The header and the values of every row, in the mapping's order."""
    source: ExportSource = get_source(settings.source)
    fields = [source.fields[path] for _header, path in settings.columns]
    rows = source.rows(staff, date_from, date_to)
    prepared = set()
    for item in fields:
        if item.prepare and item.prepare not in prepared:
            item.prepare(rows)
            prepared.add(item.prepare)
    return (
        [header for header, _path in settings.columns],
        [[item.get(row) for item in fields] for row in rows],
    )


def write_file(settings: ExportSettings, headers: list[str], rows: list[list[Any]]) -> bytes:
    if settings.file_format == ExportFormat.XLSX:
        return _xlsx(headers, rows, settings.date_style)
    return _csv(headers, rows, settings)


def _csv(headers: list[str], rows: list[list[Any]], settings: ExportSettings) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=settings.delimiter, lineterminator="\r\n")
    # A comma-separated file cannot use the Russian decimal comma.
    decimal_mark = "." if settings.delimiter == "," else ","
    writer.writerow([csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(v, settings.date_style, decimal_mark) for v in row])
    # Windows-1251 has no letters of some national alphabets: they become «?».
    return buffer.getvalue().encode(settings.encoding, errors="replace")


def _csv_value(value: Any, date_style: str, decimal_mark: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime(date_style)
    if isinstance(value, decimal.Decimal | float):
        return str(value).replace(".", decimal_mark)
    return csv_text(str(value))


def csv_text(value: str) -> str:
    """A text for a CSV cell: refused characters as U+FFFD, and a text a spreadsheet would run
    as a formula prefixed with an apostrophe (OWASP: CSV injection). A phone «+7 900 …» or «-5»
    is left alone: the file is read by other programs, and it calls nothing."""
    guarded = looks_like_dangerous_formula(value)
    value = printable(value)
    return f"'{value}" if guarded else value


def _xlsx(headers: list[str], rows: list[list[Any]], date_style: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Выгрузка"
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    date_format = XLSX_DATE_FORMATS.get(date_style, "DD.MM.YYYY")
    widths = [max(10, min(len(h) + 2, 40)) for h in headers]
    for values in rows:
        append_row(sheet, values)
        for index, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = date_format
                widths[index] = max(widths[index], 12)
            elif isinstance(value, str):
                widths[index] = max(widths[index], min(len(value) + 2, 50))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_name(settings: ExportSettings, date_from: datetime.date, date_to: datetime.date) -> str:
    extension = "xlsx" if settings.file_format == ExportFormat.XLSX else "csv"
    return f"{settings.name} {date_from:%d.%m.%Y}-{date_to:%d.%m.%Y}.{extension}"
