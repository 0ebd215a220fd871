"""Small XLSX files that unpack into something huge, written part by part with zipfile (the
parts are generated in chunks, never held whole): what an import must refuse or read cheaply."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from itertools import chain

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{OFFICE}.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.styles+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Target="xl/workbook.xml"
 Type="{RELS}/officeDocument"/></Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>
<sheet name="Список" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE}">
<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="{RELS}/styles" Target="styles.xml"/>
</Relationships>"""
STYLES_HEAD = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs>"""
STYLES_TAIL = "</cellXfs></styleSheet>"

# Shared strings 0 and 1 are the header; 2 is a name for the one data row.
HEADER_STRINGS = ["Фамилия", "Имя", "Орлова", "Нина"]
HEADER_ROWS = (
    b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
)
MB = 1024 * 1024


def strings_xml(strings: list[str]) -> bytes:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return f'<sst xmlns="{MAIN}">{items}</sst>'.encode()


def workbook(
    sheet_parts: Iterable[bytes],
    *,
    strings: Iterable[bytes] = (strings_xml(HEADER_STRINGS),),
    styles: Iterable[bytes] = (STYLES_HEAD.encode(), b"<xf/>", STYLES_TAIL.encode()),
    extra: dict[str, bytes] | None = None,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, parts in (
            ("xl/sharedStrings.xml", strings),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", _sheet(sheet_parts)),
        ):
            with archive.open(name, "w", force_zip64=True) as part:
                for chunk in parts:
                    part.write(chunk)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _sheet(parts: Iterable[bytes]) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    yield from parts
    yield b"</sheetData></worksheet>"


def _repeated(unit: bytes, times: int) -> Iterator[bytes]:
    """`unit` `times` times over, a megabyte at a time."""
    per_block = max(MB // len(unit), 1)
    for start in range(0, times, per_block):
        yield unit * min(per_block, times - start)


def shared_string_cell(megabytes: int) -> bytes:
    """The reported file: one shared string of `megabytes` letters (not even used by a cell)."""
    strings = chain(
        [strings_xml(HEADER_STRINGS)[: -len(b"</sst>")], b"<si><t>"],
        _repeated(b"a" * 1024, megabytes * 1024),
        [b"</t></si></sst>"],
    )
    return workbook([HEADER_ROWS], strings=strings)


def inline_cell(megabytes: int) -> bytes:
    """A data row whose second cell is an inline string of `megabytes` letters."""
    row = chain(
        [HEADER_ROWS, b'<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="inlineStr"><is><t>'],
        _repeated(b"a" * 1024, megabytes * 1024),
        [b"</t></is></c></row>"],
    )
    return workbook(row)


def blank_rows(count: int, *, numbered: bool) -> bytes:
    """The header, one data row and `count` blank rows: numbered rows pack about ten times,
    unnumbered ones (each the same bytes) a thousand."""

    def rows() -> Iterator[bytes]:
        yield HEADER_ROWS
        if not numbered:
            yield from _repeated(b'<row><c s="0"/></row>', count)
            return
        for start in range(3, count + 3, 100_000):
            stop = min(start + 100_000, count + 3)
            yield b"".join(b'<row r="%d"/>' % n for n in range(start, stop))

    return workbook(rows())


def styles_with(xfs: int) -> bytes:
    """A book whose styles declare `xfs` cell formats (openpyxl builds an object of each)."""
    styles = chain(
        [STYLES_HEAD.encode()], _repeated(b'<xf numFmtId="0"/>', xfs), [STYLES_TAIL.encode()]
    )
    return workbook([HEADER_ROWS], styles=styles)
