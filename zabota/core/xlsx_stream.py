"""The streaming XLSX writer behind every list export: rows go straight into the compressed
sheet as they come from the database, so an export takes constant memory and time linear in
its rows, however long the list.

It writes the little of SpreadsheetML (ECMA-376 part 1, §18) that a table needs: text as inline
strings (a shared-string table would have to be held in memory), numbers, dates as serial days
with a date format, a few cell styles, column widths and a frozen header. openpyxl's write-only
mode and XlsxWriter's constant-memory mode both keep the memory flat too, but write 6 000–10 000
rows a second where this writes over 50 000 (docs/performance.md).

A value reaches a cell only through `zabota.core.xlsx.excel_value` (the one converter), and a
text that looks like a formula is always a string cell with quotePrefix: Excel shows it and
never runs it, even when the cell is edited.
"""

from __future__ import annotations

import datetime
import math
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import zip_longest
from typing import IO, Any

from zabota.core.text import FORMULA_SIGNS

# Excel's limit of rows in a sheet (2**20); a longer table continues on the next sheet.
MAX_ROWS = 1_048_576
# Rows joined into one write: fewer calls into the compressor, little memory.
_FLUSH_ROWS = 500
# zlib's fastest level: the sheet's XML compresses to about a tenth either way, and level 6
# took as long as all the rest of the writing.
_COMPRESSION = 1
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Serial day 0 of Excel's calendar (which counts a 29 February 1900 that never was).
_EPOCH = datetime.date(1899, 12, 30)
_EPOCH_TIME = datetime.datetime(1899, 12, 30)
_FAKE_LEAP_DAY = 60

FORMATS = {"date": "DD.MM.YYYY", "money": "#,##0.00", "int": "0", "number": "0.##"}
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
TIME_FORMAT = "HH:MM"

# Fonts, fills and borders of the styles part: a small fixed set, referred to by index.
FONT_REGULAR, FONT_BOLD, FONT_TITLE = 0, 1, 2
FILL_NONE, FILL_HEADER = 0, 2
BORDER_NONE, BORDER_THIN = 0, 1
_FONTS = (
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font>',
)
_FILLS = (
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/>'
    '<bgColor indexed="64"/></patternFill></fill>',
)
_THIN = "".join(
    f'<{side} style="thin"><color rgb="FF999999"/></{side}>'
    for side in ("left", "right", "top", "bottom")
)
_BORDERS = (
    "<border><left/><right/><top/><bottom/><diagonal/></border>",
    f"<border>{_THIN}<diagonal/></border>",
)


def escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attribute(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def serial_day(value: datetime.date) -> int:
    days = (value - _EPOCH).days
    # Before 1 March 1900 Excel's serial is one less (it counts the fictitious leap day).
    return days - 1 if 0 < days <= _FAKE_LEAP_DAY else days


def serial_moment(value: datetime.datetime) -> float:
    midnight = value.replace(hour=0, minute=0, second=0, microsecond=0)
    return serial_day(midnight.date()) + _seconds(value) / 86400


def _seconds(value: datetime.datetime | datetime.time) -> float:
    return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6


class Styles:
    """The cell formats (cellXfs) a workbook uses, each written once in xl/styles.xml."""

    def __init__(self) -> None:
        self._formats: dict[str, int] = {}
        self._xfs: dict[tuple, int] = {}
        self.index()  # 0: the default every cell without a style has

    def index(
        self,
        *,
        font: int = FONT_REGULAR,
        fill: int = FILL_NONE,
        border: int = BORDER_NONE,
        number_format: str = "",
        wrap: bool = False,
        quote: bool = False,
    ) -> int:
        format_id = 0
        if number_format:
            # Custom number formats are numbered from 164 (ECMA-376 §18.8.30).
            format_id = self._formats.setdefault(number_format, 164 + len(self._formats))
        key = (font, fill, border, format_id, wrap, quote)
        return self._xfs.setdefault(key, len(self._xfs))

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{_attribute(code)}"/>'
            for code, i in self._formats.items()
        )
        xfs = []
        for font, fill, border, format_id, wrap, quote in self._xfs:
            attributes = (
                f'numFmtId="{format_id}" fontId="{font}" fillId="{fill}" borderId="{border}" '
                'xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1"'
            )
            if quote:
                attributes += ' quotePrefix="1"'
            if wrap:
                xfs.append(
                    f'<xf {attributes} applyAlignment="1">'
                    '<alignment wrapText="1" vertical="top"/></xf>'
                )
            else:
                xfs.append(f"<xf {attributes}/>")
        return (
            f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
            f'<numFmts count="{len(self._formats)}">{formats}</numFmts>'
            f'<fonts count="{len(_FONTS)}">{"".join(_FONTS)}</fonts>'
            f'<fills count="{len(_FILLS)}">{"".join(_FILLS)}</fills>'
            f'<borders count="{len(_BORDERS)}">{"".join(_BORDERS)}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )


class CellStyle:
    """The style indexes of one column in one kind of row (data, totals, header), by the
    value's type: a date in a text column still needs a date format to read as a date."""

    __slots__ = ("plain", "text", "formula", "date", "moment", "time")

    def __init__(self, styles: Styles, *, number_format: str = "", **look: Any) -> None:
        self.plain = styles.index(number_format=number_format, **look)
        self.text = styles.index(**look)
        self.formula = styles.index(quote=True, **look)
        is_date_column = number_format == FORMATS["date"]
        self.date = styles.index(number_format=FORMATS["date"], **look)
        self.moment = styles.index(
            number_format=FORMATS["date"] if is_date_column else DATETIME_FORMAT, **look
        )
        self.time = styles.index(number_format=TIME_FORMAT, **look)


# The types `excel_value` returns as they are (zabota/core/tests/test_xlsx.py holds it to
# that): their cells are written without asking it, which was a third of an export's time.
UNCHANGED = (int, float, Decimal, datetime.date, type(None))


class Converter:
    """Turns a value into the XML of its cell. `prepare` is the one value converter
    (`excel_value`), whose result is typed here; `is_formula` tells a text a spreadsheet would
    run (asked of the value as given, before `prepare`)."""

    def __init__(self, prepare: Callable[[Any], Any], is_formula: Callable[[Any], bool]) -> None:
        self.prepare = prepare
        self.is_formula = is_formula
        # By exact type, the common ones first; subclasses and the rest take the long way.
        self._by_type: dict[type, Callable[[Any, CellStyle], str]] = {
            str: self._text,
            int: _integer,
            Decimal: _decimal,
            datetime.date: _date,
            type(None): _empty,
            float: _float,
            bool: self._flag,
        }

    def cell(self, value: Any, style: CellStyle) -> str:
        return self._by_type.get(type(value), self._other)(value, style)

    def cells(self, pairs: Iterable[tuple[Any, CellStyle]]) -> str:
        """A row's cells from (value, style) pairs: the dispatch of `cell` written inline, one
        call per cell fewer (a row of an export is a dozen cells, millions of times)."""
        by_type, other = self._by_type, self._other
        return "".join([by_type.get(type(v), other)(v, s) for v, s in pairs])

    def _text(self, value: str, style: CellStyle) -> str:
        # A printable text is one `prepare` returns as it is and `is_formula` judges by its
        # first character (zabota/core/tests/test_xlsx.py holds both to that): most cells are
        # such, and skipping the two calls was a fifth of an export's writing.
        text = value if value.isprintable() else self.prepare(value)
        if not text:
            return f'<c s="{style.text}"/>'
        if "&" in text or "<" in text or ">" in text:
            text = escape(text)
        look = style.formula if value.startswith(FORMULA_SIGNS) else style.text
        return f'<c s="{look}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'

    def _flag(self, value: bool, style: CellStyle) -> str:
        return _string(self.prepare(value), style.text)  # «да» or «нет»

    def _other(self, original: Any, style: CellStyle) -> str:
        value = self.prepare(original)
        if isinstance(value, str):
            if self.is_formula(original):
                return _string(value, style.formula)
            return _string(value, style.text) if value else f'<c s="{style.text}"/>'
        if value is None:
            return _empty(value, style)
        if isinstance(value, int | float | Decimal):
            number = _number(value)
            if number is not None:
                return f'<c s="{style.plain}"><v>{number}</v></c>'
            return _string(str(value), style.text)
        if isinstance(value, datetime.datetime):
            return f'<c s="{style.moment}"><v>{serial_moment(value)!r}</v></c>'
        if isinstance(value, datetime.date):
            return _date(value, style)
        if isinstance(value, datetime.time):
            return f'<c s="{style.time}"><v>{_seconds(value) / 86400!r}</v></c>'
        if isinstance(value, datetime.timedelta):
            return f'<c s="{style.plain}"><v>{value.total_seconds() / 86400!r}</v></c>'
        # Anything else is written as the text it prints, through the same converter.
        return self._other(str(original), style)


def _string(value: str, style: int) -> str:
    return f'<c s="{style}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def _integer(value: int, style: CellStyle) -> str:
    return f'<c s="{style.plain}"><v>{value}</v></c>'


def _decimal(value: Decimal, style: CellStyle) -> str:
    if value.is_finite():
        # !s: formatting a Decimal through its __format__ took four times as long as str().
        return f'<c s="{style.plain}"><v>{value!s}</v></c>'
    return _string(str(value), style.text)


def _float(value: float, style: CellStyle) -> str:
    if math.isfinite(value):
        return f'<c s="{style.plain}"><v>{value!r}</v></c>'
    return _string(str(value), style.text)


def _date(value: datetime.date, style: CellStyle) -> str:
    return f'<c s="{style.date}"><v>{serial_day(value)}</v></c>'


def _empty(value: None, style: CellStyle) -> str:
    return f'<c s="{style.plain}"/>'


def _number(value: int | float | Decimal) -> str | None:
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    return str(value) if value.is_finite() else None


class Sheet:
    """One worksheet being written: the frozen rows and widths first, then the rows."""

    def __init__(
        self,
        book: Workbook,
        name: str,
        *,
        widths: Sequence[float] = (),
        frozen_rows: int = 0,
    ) -> None:
        self.book = book
        self.name = name
        self.rows = 0
        self._buffer: list[str] = []
        self._stream = book.archive.open(f"xl/worksheets/sheet{len(book.sheets) + 1}.xml", "w")
        book.sheets.append(name)
        view = ""
        if frozen_rows:
            view = (
                f'<pane ySplit="{frozen_rows}" topLeftCell="A{frozen_rows + 1}" '
                'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>'
            )
        columns = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        )
        self._write(
            f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetViews>'
            f'<sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{columns}</cols>" if columns else "")
            + "<sheetData>"
        )

    @property
    def room(self) -> int:
        return MAX_ROWS - self.rows

    def append(self, values: Iterable[Any], styles: Sequence[CellStyle]) -> None:
        """A row; values past the styles given get the default style."""
        if self.rows >= MAX_ROWS:
            raise ValueError("the sheet is full")
        self.rows += 1
        converter = self.book.converter
        if not isinstance(values, list | tuple):
            values = list(values)
        if len(values) == len(styles):
            cells = converter.cells(zip(values, styles, strict=True))
        else:
            plain = self.book.plain
            cells = converter.cells(
                (value, style or plain) for value, style in zip_longest(values, styles)
            )
        self._buffer.append(f'<row r="{self.rows}">{cells}</row>')
        if len(self._buffer) >= _FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._write("".join(self._buffer))
            self._buffer.clear()

    def _write(self, text: str) -> None:
        self._stream.write(text.encode("utf-8"))

    def close(self) -> None:
        self._flush()
        self._write("</sheetData></worksheet>")
        self._stream.close()


class Workbook:
    """An XLSX package written into `target` (a seekable binary file) as sheets are added;
    `close` writes the workbook, its styles and relationships."""

    def __init__(
        self,
        target: IO[bytes],
        *,
        prepare: Callable[[Any], Any],
        is_formula: Callable[[Any], bool],
    ) -> None:
        self.archive = zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_COMPRESSION
        )
        self.styles = Styles()
        self.converter = Converter(prepare, is_formula)
        self.plain = CellStyle(self.styles)
        self.sheets: list[str] = []
        self._current: Sheet | None = None

    def add_sheet(self, name: str, **options: Any) -> Sheet:
        if self._current is not None:
            self._current.close()
        self._current = Sheet(self, self._unique(name), **options)
        return self._current

    def _unique(self, name: str) -> str:
        # Excel refuses two sheets whose names differ only in case.
        taken = {n.casefold() for n in self.sheets}
        candidate, n = name, 1
        while candidate.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            candidate = name[: 31 - len(suffix)] + suffix
        return candidate

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        count = len(self.sheets)
        sheet_types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, count + 1)
        )
        self._part(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheet_types}</Types>",
        )
        self._part(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheets = "".join(
            f'<sheet name="{_attribute(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(self.sheets, start=1)
        )
        self._part(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><bookViews><workbookView/>'
            f"</bookViews><sheets>{sheets}</sheets></workbook>",
        )
        links = "".join(
            f'<Relationship Id="rId{i}" Type="{_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, count + 1)
        )
        self._part(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}">{links}<Relationship Id="rId{count + 1}" '
            f'Type="{_RELS}/styles" Target="styles.xml"/></Relationships>',
        )
        self.archive.writestr("xl/styles.xml", self.styles.xml())
        self.archive.close()

    def _part(self, name: str, xml: str) -> None:
        self.archive.writestr(name, _HEAD + xml)
