"""Reading a spreadsheet (XLSX or CSV) into a header and rows numbered as Excel shows them.

Nothing here knows what the columns mean: `zabota.exchange.importing.recipients` maps them.
A file that cannot be read raises `FileProblem` with a Russian message for the person.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from zabota.core.xlsx import read_value

# Enough for any list of recipients; a wider sheet is read only up to here.
MAX_COLUMNS = 100
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
    max_rows: int = 20_000,
) -> Sheet:
    """The first (active) sheet of an XLSX file, or a CSV file in UTF-8 or Windows-1251."""
    if not content:
        raise FileProblem("Файл пуст.")
    if content.startswith(_OLE2_MAGIC):
        raise FileProblem(
            "Файл в старом формате Excel 97–2003 (XLS) не поддерживается: откройте его в "
            "Excel или LibreOffice и сохраните как «Книга Excel (XLSX)» или CSV."
        )
    known = {normalise_header(h) for h in known_headers}
    if content.startswith(b"PK\x03\x04"):
        sheet_name, rows = _xlsx_rows(content)
    else:
        sheet_name, rows = "", _csv_rows(content)
    return _sheet_from_rows(rows, known, max_rows, sheet_name)


def _xlsx_rows(content: bytes) -> tuple[str, Iterable[list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        worksheet = workbook.active or workbook.worksheets[0]
        # A chart sheet has no cells.
        rows = worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as error:
        raise FileProblem(
            "Файл не удалось прочитать как книгу Excel (XLSX): он повреждён или это другой "
            "формат. Сохраните список в Excel или LibreOffice как XLSX или CSV."
        ) from error
    return worksheet.title, _guarded(rows)


def _guarded(rows) -> Iterable[list[Any]]:
    """Rows of a read-only sheet; a broken sheet fails only while it is read, said in Russian."""
    try:
        for row in rows:
            yield [read_value(cell) for cell in row]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as error:
        # SyntaxError covers the XML parser's ParseError.
        raise FileProblem(
            "Лист книги Excel повреждён и не читается: сохраните файл в Excel заново."
        ) from error


def _csv_rows(content: bytes) -> Iterable[list[Any]]:
    head = content[:8192]
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if b"\x00" in head or control > len(head) // 100:
        raise FileProblem(
            "Файл не является таблицей: загрузите книгу Excel (XLSX) или текстовый файл CSV. "
            "В Excel: Файл → Сохранить как → «Книга Excel» или «CSV (разделители — точка "
            "с запятой)»."
        )
    text = _decode(content)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [[cell.strip() or None for cell in record] for record in reader]
    except csv.Error as error:
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
    rows: Iterable[list[Any]], known: set[str], max_rows: int, sheet_name: str
) -> Sheet:
    collected: list[SheetRow] = []
    header: SheetRow | None = None
    candidates: list[SheetRow] = []
    for number, cells in enumerate(rows, start=1):
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
            collected.append(SheetRow(number, cells))
            if len(collected) > max_rows:
                limit = f"{max_rows:,}".replace(",", " ")
                raise FileProblem(
                    f"В файле больше {limit} строк с данными: разделите его на части "
                    "и загрузите их по очереди."
                )
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
