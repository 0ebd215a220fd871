"""Reading an uploaded spreadsheet (XLSX or CSV) under limits (docs/security.md, issue 15).

A 205 KB XLSX held one cell of 200 MB and took 1.9 GB to open; a 287 KB one held two million
blank rows and kept a request busy for a minute. The upload limit counts compressed bytes, so
everything here is checked while the file is read, before anything big is in memory:

- the archive: unpacked size and compression ratio from the ZIP directory; every part that
  openpyxl parses whole (styles, workbook, content types) small and with few elements;
- the sheet and its shared strings are parsed here, element by element, dropping each one once
  read: openpyxl's read-only sheet keeps every parsed row, and opening a book scans each sheet
  without a "dimension" whole. No text between two tags longer than a cell may be;
- the rows (`bounded_rows`, CSV as well): cell length, text in all; a long run of blank rows
  ends the table. Readers count rows under their header by row numbers (`too_many_rows`).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from xml.etree.ElementTree import iterparse

from django.conf import settings
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from zabota.core.xlsx import read_value

# Parts openpyxl itself parses whole into objects of a kilobyte or more each (a style is
# about 1.8 KB): a real book's styles have a few thousand elements.
MAX_PART_BYTES = 10 * 1024 * 1024
MAX_PART_ELEMENTS = 50_000
# Elements of the sheet held at once (one row with its cells); Excel has 16 384 columns.
MAX_HELD_ELEMENTS = 100_000
MAX_SHARED_STRINGS = 1_000_000
# Below this the ratio says nothing: a small file of short rows packs tight too.
RATIO_FROM_BYTES = 1024 * 1024
CHUNK = 1024 * 1024

_ROW = f"{{{SHEET_MAIN_NS}}}row"
_CELL = f"{{{SHEET_MAIN_NS}}}c"
_SHEET_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"
_STRING = f"{{{SHEET_MAIN_NS}}}si"


class SpreadsheetTooBig(Exception):
    """The file is over a limit; the message is Russian and names the limit."""


@dataclass(frozen=True)
class ReadLimits:
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_text_chars: int
    max_blank_rows: int
    max_unpacked_bytes: int
    max_ratio: int

    @classmethod
    def from_settings(cls, **overrides: int) -> ReadLimits:
        limits = cls(
            max_rows=settings.ZABOTA_IMPORT_MAX_ROWS,
            max_columns=settings.ZABOTA_IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.ZABOTA_IMPORT_MAX_CELL_CHARS,
            max_text_chars=settings.ZABOTA_IMPORT_MAX_TEXT_CHARS,
            max_blank_rows=settings.ZABOTA_IMPORT_MAX_BLANK_ROWS,
            max_unpacked_bytes=settings.ZABOTA_IMPORT_MAX_UNPACKED_BYTES,
            max_ratio=settings.ZABOTA_IMPORT_MAX_RATIO,
        )
        return replace(limits, **overrides)

    @property
    def max_run_bytes(self) -> int:
        # Bytes of XML between two tags that a cell of max_cell_chars may take: four bytes a
        # character in UTF-8 at most, more for "&amp;"-style escapes, and the tag's attributes.
        return self.max_cell_chars * 8 + 4096


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _megabytes(value: int) -> str:
    return _n(value // (1024 * 1024))


# --- rows ----------------------------------------------------------------------------------


def _is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def too_many_rows(limit: int) -> SpreadsheetTooBig:
    """For a reader that found more than `limit` rows under its header, the blank ones between
    data counted too (each is work to read)."""
    return SpreadsheetTooBig(
        f"В таблице больше {_n(limit)} строк под заголовком (пустые строки между данными "
        "тоже считаются): разделите её на части и загрузите их по очереди."
    )


def bounded_rows(
    rows: Iterable[tuple[int, list[Any]]], limits: ReadLimits
) -> Iterator[tuple[int, list[Any]]]:
    """The filled rows of a sheet, each as (number as Excel shows it, cells), checked: cells
    past max_columns dropped, cell and text length. The reader counts its rows by the numbers
    (see too_many_rows).

    max_blank_rows blank rows in a row end the table, so a sheet formatted down to row
    1 048 576 is read in a moment and its tail is never looked at."""
    blank = last = text = 0
    for number, cells in rows:
        blank += max(number - last - 1, 0)  # rows the file leaves out are blank
        last = number
        cells = cells[: limits.max_columns]
        empty = _is_blank(cells)
        if empty:
            blank += 1
        if blank >= limits.max_blank_rows:
            return
        if empty:
            continue
        blank = 0
        for index, cell in enumerate(cells):
            if not isinstance(cell, str):
                continue
            if len(cell) > limits.max_cell_chars:
                raise SpreadsheetTooBig(
                    f"Строка {number}, столбец {get_column_letter(index + 1)}: в ячейке больше "
                    f"{_n(limits.max_cell_chars)} знаков."
                )
            text += len(cell)
        if text > limits.max_text_chars:
            raise SpreadsheetTooBig(
                f"В таблице больше {_n(limits.max_text_chars)} знаков текста: "
                "разделите её на части."
            )
        yield number, cells


# --- the archive ---------------------------------------------------------------------------


def check_archive(archive: zipfile.ZipFile, packed_size: int, limits: ReadLimits) -> None:
    """Refuse a book by the sizes its ZIP directory declares, before any part is unpacked
    (a part that unpacks longer than declared is cut at the declared size by zipfile)."""
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limits.max_unpacked_bytes:
        raise SpreadsheetTooBig(
            f"Книга Excel после распаковки больше {_megabytes(limits.max_unpacked_bytes)} МБ: "
            "разделите список на части."
        )
    if unpacked > RATIO_FROM_BYTES and unpacked > packed_size * limits.max_ratio:
        raise SpreadsheetTooBig(
            f"Книга Excel сжата больше чем в {limits.max_ratio} раз: так бывает с испорченными "
            "или намеренно раздутыми файлами. Сохраните список в новую книгу или в CSV."
        )


def _scan(
    stream, *, max_run: int | None = None, max_elements: int | None = None, what: str = ""
) -> None:
    """Read a part through, in chunks: no DTD (entities can multiply text), no text longer
    than max_run between two tags, at most max_elements elements."""
    carry, elements, tail = 0, 0, b""
    while chunk := stream.read(CHUNK):
        window = tail + chunk
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            raise SpreadsheetTooBig("Книга Excel содержит объявления DTD: такие не читаются.")
        tail = chunk[-16:]
        if max_run is not None:
            pieces = chunk.split(b"<")
            if len(pieces) == 1:
                carry += len(chunk)
                longest = carry
            else:
                inner = max(map(len, pieces[1:-1]), default=0)
                longest = max(carry + len(pieces[0]), inner, len(pieces[-1]))
                carry = len(pieces[-1])
            if longest > max_run:
                raise SpreadsheetTooBig(what)
        if max_elements is not None:
            elements += chunk.count(b"<") - chunk.count(b"</")
            if elements > max_elements:
                raise SpreadsheetTooBig(
                    "Оформление книги Excel слишком сложное (стили, имена, части книги): "
                    "сохраните список в новую книгу или в CSV."
                )


class _GuardedArchive(zipfile.ZipFile):
    """The book's ZIP: a part openpyxl opens is checked first; the sheet and the shared
    strings are opened by `open_own`, for the bounded readers below."""

    def __init__(self, file, limits: ReadLimits):
        super().__init__(file)
        self.limits = limits
        self._checked: set[str] = set()

    def open(self, name, mode="r", pwd=None, **kwargs):
        if mode == "r":
            info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
            if info.filename not in self._checked:
                self._check_part(info)
                self._checked.add(info.filename)
        return super().open(name, mode, pwd, **kwargs)

    def _check_part(self, info: zipfile.ZipInfo) -> None:
        too_big = (
            f"Часть книги Excel «{info.filename}» слишком велика: сохраните список в новую книгу "
            "или в CSV."
        )
        if info.file_size > MAX_PART_BYTES:
            raise SpreadsheetTooBig(too_big)
        with super().open(info) as stream:
            _scan(stream, max_elements=MAX_PART_ELEMENTS)

    def open_own(self, name: str):
        """A part read by a bounded reader here: its text runs checked, then opened."""
        message = f"В книге Excel есть ячейка длиннее {_n(self.limits.max_cell_chars)} знаков."
        with super().open(name) as stream:
            _scan(stream, max_run=self.limits.max_run_bytes, what=message)
        self._checked.add(name)
        return super().open(name)


class _BookReader(ExcelReader):
    """openpyxl's reader for the book's small parts (which sheet is active, styles that make a
    number a date); shared strings and sheets are left to the bounded readers."""

    def __init__(self, archive: _GuardedArchive):
        # ExcelReader's own __init__ opens the file again as a plain ZipFile; these are its
        # attributes (openpyxl is pinned), with the guarded archive.
        self.archive = archive
        self.valid_files = archive.namelist()
        self.read_only = True
        self.keep_vba = False
        self.data_only = True
        self.keep_links = False
        self.rich_text = False
        self.shared_strings: list[str] = []
        self.sheets: list[tuple[str, str | None]] = []

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            self.shared_strings = _shared_strings(self.archive, part.PartName[1:])

    def read_worksheets(self) -> None:
        # In openpyxl's order (the active sheet is an index into it); a chart sheet has no
        # cells and no path here.
        for sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files:
                path = None if "chartsheet" in rel.Type else rel.target
                self.sheets.append((sheet.name, path))

    def chosen_sheet(self) -> tuple[str, str]:
        """The active sheet, or the first one with cells."""
        index = self.wb._active_sheet_index
        if 0 <= index < len(self.sheets) and self.sheets[index][1]:
            return self.sheets[index]  # type: ignore[return-value]
        for title, path in self.sheets:
            if path:
                return title, path
        raise KeyError("no worksheet")


def _shared_strings(archive: _GuardedArchive, path: str) -> list[str]:
    strings: list[str] = []
    for element in _elements(archive.open_own(path), keep_tag=_STRING):
        strings.append(Text.from_tree(element).content.replace("x005F_", ""))
        if len(strings) > MAX_SHARED_STRINGS:
            raise SpreadsheetTooBig(
                f"В книге Excel больше {_n(MAX_SHARED_STRINGS)} разных строк текста: "
                "сохраните её в CSV."
            )
    return strings


def _elements(source, *, keep_tag: str, level: int = 2, stop_tag: str | None = None):
    """The finished elements `keep_tag` at depth `level` (the root is 1), each dropped from
    the tree once the caller is done with it; what else is parsed is dropped too. A part that
    holds more than MAX_HELD_ELEMENTS elements at once is refused."""
    stack: list = []
    held = 0
    with source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                stack.append(element)
                held += 1
                if held > MAX_HELD_ELEMENTS:
                    raise SpreadsheetTooBig(
                        "В книге Excel слишком длинная строка: больше "
                        f"{_n(MAX_HELD_ELEMENTS)} элементов."
                    )
                continue
            depth = len(stack)
            stack.pop()
            if depth == level and element.tag == keep_tag:
                yield element
            if element.tag == stop_tag:
                return
            if depth <= level and stack:
                # Finished at the level of the kept elements or above: nothing in it is needed.
                stack[-1].clear()
                held = len(stack)


def _sheet_rows(
    archive: _GuardedArchive, path: str, reader: _BookReader, limits: ReadLimits
) -> Iterator[tuple[int, list[Any]]]:
    cells = WorkSheetParser(
        None,
        reader.shared_strings,
        data_only=True,
        epoch=reader.wb.epoch,
        date_formats=reader.wb._date_formats,
        timedelta_formats=reader.wb._timedelta_formats,
    )
    number = 0
    rows = _elements(archive.open_own(path), keep_tag=_ROW, level=3, stop_tag=_SHEET_DATA)
    for row in rows:
        given = row.get("r")
        number = int(given) if given and given.isdigit() else number + 1
        cells.row_counter, cells.col_counter = number, 0
        values: list[Any] = []
        for element in row:
            if element.tag != _CELL:
                continue
            cell = cells.parse_cell(element)
            column = cell["column"]
            if column <= limits.max_columns:
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                # Excel writes a control character as _x0007_: read back as the character,
                # so that the import refuses it instead of storing the code.
                values[column - 1] = read_value(cell["value"])
        yield number, values


def xlsx_rows(content: bytes, limits: ReadLimits) -> tuple[str, Iterator[tuple[int, list[Any]]]]:
    """The title of the active sheet and its rows (number, cells), read lazily.

    SpreadsheetTooBig for a book over a limit; zipfile.BadZipFile, KeyError, ValueError and
    the like for a file that is not a book (the caller words those)."""
    archive = _GuardedArchive(io.BytesIO(content), limits)
    check_archive(archive, len(content), limits)
    reader = _BookReader(archive)
    with warnings.catch_warnings():
        # openpyxl warns of what it drops (data validation, unknown extensions): not ours.
        warnings.simplefilter("ignore")
        reader.read()
    title, path = reader.chosen_sheet()
    return title, _sheet_rows(archive, path, reader, limits)
