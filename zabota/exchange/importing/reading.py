"""Reading a spreadsheet (XLSX or CSV) into a header and rows numbered as Excel shows them.

Nothing here knows what the columns mean: `zabota.exchange.importing.recipients` maps them.
A file that cannot be read raises `FileProblem` with a Russian message for the person. Both
formats are read under the limits of `zabota.core.spreadsheets` (docs/security.md): a wider
sheet than ZABOTA_IMPORT_MAX_COLUMNS is read only up to there.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from zabota.core.spreadsheets import (
    ReadLimits,
    SpreadsheetTooBig,
    bounded_rows,
    too_many_rows,
    xlsx_rows,
)

# The header is looked for among the first rows: lists often start with a title line.
HEADER_SEARCH_ROWS = 10
_DELIMITERS = (";", ",", "\t")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NON_WORD = re.compile(r"[^0-9a-zа-я]+")


class FileProblem(Exception):
    """The file as a whole cannot be used (not a table, empty, too big); the message is Russian."""


@dataclass
class SheetRow:
    # The row number as Excel shows it (CSV: the number of the record).
    number: int
    cells: list[Any]

    def cell(self, index: int) -> Any:
        return self.cells[index] if 0 <= index < len(self.cells) else None


@dataclass
class Sheet:
    headers: list[str]
    header_row: int
    rows: list[SheetRow] = field(default_factory=list)
    sheet_name: str = ""

    def column_label(self, index: int) -> str:
        """«B: Дата рождения» for a select of the mapping screen."""
        return f"{get_column_letter(index + 1)}: {self.headers[index]}"


def normalise_header(text: Any) -> str:
    """Headers compared the way a person reads them: case, ё/е, spaces and punctuation ignored."""
    value = str(text or "").lower().replace("ё", "е")
    return _NON_WORD.sub(" ", value).strip()


def read_sheet(
    content: bytes,
    file_name: str,
    *,
    known_headers: Iterable[str] = (),
    max_rows: int | None = None,
) -> Sheet:
    """The first (active) sheet of an XLSX file, or a CSV file in UTF-8 or Windows-1251.

    `max_rows` replaces ZABOTA_IMPORT_MAX_ROWS (the other limits come from the settings)."""
    limits = ReadLimits.from_settings(**({} if max_rows is None else {"max_rows": max_rows}))
    try:
        return _read(content, known_headers, limits)
    except SpreadsheetTooBig as error:
        raise FileProblem(str(error)) from None


def xlsx_cells(content: bytes, *, max_rows: int) -> Iterator[list[Any]]:
    """The cells of the first sheet of an XLSX book row by row, under the import limits with
    `max_rows` rows at most: a protocol or a list that is not an import of people."""
    limits = ReadLimits.from_settings(max_rows=max_rows)
    try:
        _sheet, rows = _xlsx_rows(content, limits)
        for number, cells in bounded_rows(rows, limits):
            if number > max_rows:
                raise too_many_rows(max_rows)
            yield cells
    except SpreadsheetTooBig as error:
        raise FileProblem(str(error)) from None


def _read(content: bytes, known_headers: Iterable[str], limits: ReadLimits) -> Sheet:
    if not content:
        raise FileProblem("Файл пуст.")
    if content.startswith(_OLE2_MAGIC):
        raise FileProblem(
            "Файл в старом формате Excel 97–2003 (XLS) не поддерживается: откройте его в "
            "Excel или LibreOffice и сохраните как «Книга Excel (XLSX)» или CSV."
        )
    known = {normalise_header(h) for h in known_headers}
    if content.startswith(b"PK\x03\x04"):
        sheet_name, rows = _xlsx_rows(content, limits)
    else:
        sheet_name, rows = "", _csv_rows(content, limits)
    return _sheet_from_rows(bounded_rows(rows, limits), known, sheet_name, limits.max_rows)


# What openpyxl and the XML parser raise on a file that is not a book; SyntaxError covers the
# parser's ParseError.
_BROKEN = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    ValueError,
    IndexError,
    TypeError,
    AttributeError,
    SyntaxError,
)


def _xlsx_rows(content: bytes, limits: ReadLimits) -> tuple[str, Iterable[tuple[int, list]]]:
    try:
        sheet_name, rows = xlsx_rows(content, limits)
    except _BROKEN as error:
        raise FileProblem(
            "Файл не удалось прочитать как книгу Excel (XLSX): он повреждён или это другой "
            "формат. Сохраните список в Excel или LibreOffice как XLSX или CSV."
        ) from error
    return sheet_name, _guarded(rows)


def _guarded(rows: Iterable[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """Rows of a sheet; a broken sheet fails only while it is read, said in Russian."""
    try:
        yield from rows
    except _BROKEN as error:
        raise FileProblem(
            "Лист книги Excel повреждён и не читается: сохраните файл в Excel заново."
        ) from error


def _csv_rows(content: bytes, limits: ReadLimits) -> Iterator[tuple[int, list]]:
    head = content[:8192]
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if b"\x00" in head or control > len(head) // 100:
        raise FileProblem(
            "Файл не является таблицей: загрузите книгу Excel (XLSX) или текстовый файл CSV. "
            "В Excel: Файл → Сохранить как → «Книга Excel» или «CSV (разделители — точка "
            "с запятой)»."
        )
    text = _decode(content)
    delimiter = _sniff_delimiter(text[:65536])
    # A record longer than this has more columns than are read, or a cell over the limit.
    longest = limits.max_columns * (limits.max_cell_chars + 3)
    lines = _bounded_lines(io.StringIO(text, newline=""), longest)
    return _csv_records(csv.reader(lines, delimiter=delimiter), limits)


def _bounded_lines(lines: Iterable[str], longest: int) -> Iterator[str]:
    for number, line in enumerate(lines, start=1):
        if len(line) > longest:
            limit = f"{longest:,}".replace(",", " ")
            raise SpreadsheetTooBig(
                f"Строка {number} файла длиннее {limit} знаков: это не похоже на список."
            )
        yield line


def _csv_records(reader, limits: ReadLimits) -> Iterator[tuple[int, list]]:
    """Records one at a time: the file is never held as a list of rows."""
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, [cell.strip() or None for cell in record]
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            limit = f"{limits.max_cell_chars:,}".replace(",", " ")
            raise SpreadsheetTooBig(
                f"Запись {number + 1}: в ячейке больше {limit} знаков."
            ) from None
        raise FileProblem(f"Файл CSV испорчен: {error}. Сохраните его из Excel заново.") from error


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1251")
    except UnicodeDecodeError as error:
        raise FileProblem(
            "Не удалось определить кодировку файла: сохраните его в UTF-8 или Windows-1251."
        ) from error


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number of fields, most of them."""
    sample = [line for line in text.splitlines()[:30] if line.strip()][:20]
    best, best_score = ";", (0.0, 1)
    for delimiter in _DELIMITERS:
        try:
            records = list(csv.reader(sample, delimiter=delimiter))
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        if width < 2:
            continue
        consistency = sum(1 for r in records if len(r) == width) / len(records)
        score = (consistency, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _sheet_from_rows(
    rows: Iterable[tuple[int, list[Any]]], known: set[str], sheet_name: str, max_rows: int
) -> Sheet:
    collected: list[SheetRow] = []
    header: SheetRow | None = None
    candidates: list[SheetRow] = []
    for number, cells in rows:
        cells = _trimmed(cells)
        if header is None:
            if not cells:
                continue
            row = SheetRow(number, cells)
            candidates.append(row)
            matches = sum(1 for c in cells if c is not None and normalise_header(c) in known)
            if matches >= 2 or len(candidates) >= HEADER_SEARCH_ROWS:
                header = row if matches >= 2 else candidates[0]
                collected = [r for r in candidates if r.number > header.number]
            continue
        if cells:
            if number - header.number > max_rows:
                raise too_many_rows(max_rows)
            collected.append(SheetRow(number, cells))
    if header is None:
        if not candidates:
            raise FileProblem("В таблице нет ни одной заполненной строки.")
        header = candidates[0]
        collected = candidates[1:]
    if not collected:
        raise FileProblem(
            "В файле только строка заголовков и нет ни одной строки с данными получателей."
        )
    width = max(len(header.cells), *(len(r.cells) for r in collected))
    headers = [
        str(header.cell(i)).strip() if header.cell(i) is not None else "" for i in range(width)
    ]
    headers = [h or f"Столбец {get_column_letter(i + 1)}" for i, h in enumerate(headers)]
    return Sheet(headers=headers, header_row=header.number, rows=collected, sheet_name=sheet_name)


def _trimmed(cells: list[Any]) -> list[Any]:
    """The row without trailing empty cells; blank strings count as empty."""
    cleaned = [None if isinstance(c, str) and not c.strip() else c for c in cells]
    while cleaned and cleaned[-1] is None:
        cleaned.pop()
    return cleaned
