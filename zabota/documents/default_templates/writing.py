"""The helpers the default DOCX templates are written with (texts_*.py; build.py writes the
files).

The helpers below write plain, Word-friendly formatting: Times New Roman 12 pt, direct paragraph
formatting, tables with the "Table Grid" style (borders) or none (signature blocks).

Pagination: no table row splits across pages (cantSplit), and a signature block never stands
alone on a page: its rows keep together, and the lines leading into it (the totals, the closing
clause, the last row of the table above) are "keep with next" (`keep=True`, `keep_rows`). Word,
LibreOffice and our HTML converter (CSS break-after/break-inside) all honour these.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
ALIGN = {
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
    "j": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_BOLD = re.compile(r"(\*\*.+?\*\*)")


def new_document(*, title: str):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    fonts = normal.element.rPr.rFonts
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    document.core_properties.title = title
    document.core_properties.author = "Забота"
    document.core_properties.comments = (
        "Шаблон по умолчанию. Поля: см. справку «Шаблоны документов»."
    )
    return document


def _runs(paragraph, text: str, *, bold=False, italic=False, size=None, underline=False):
    for piece in _BOLD.split(text):
        if not piece:
            continue
        strong = piece.startswith("**") and piece.endswith("**")
        run = paragraph.add_run(piece[2:-2] if strong else piece)
        run.bold = bold or strong or None
        if italic:
            run.italic = True
        if underline:
            run.underline = True
        if size:
            run.font.size = Pt(size)


def para(
    container,
    text: str = "",
    *,
    align: str = "j",
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    indent: bool = False,
    left: float | None = None,
    before: float = 0,
    after: float = 0,
    keep: bool = False,
    paragraph=None,
):
    """A paragraph; **text** inside is bold. `indent` is the 1.25 cm first line of Russian
    business letters; `left` a left indent in cm."""
    paragraph = paragraph if paragraph is not None else container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    fmt = paragraph.paragraph_format
    if indent:
        fmt.first_line_indent = Cm(1.25)
    if left:
        fmt.left_indent = Cm(left)
    if before:
        fmt.space_before = Pt(before)
    if after:
        fmt.space_after = Pt(after)
    if keep:
        fmt.keep_with_next = True
    _runs(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def heading(container, text: str, *, size: float = 12, before: float = 6, after: float = 3):
    return para(
        container, text, align="c", bold=True, size=size, before=before, after=after, keep=True
    )


def clause(container, text: str, *, after: float = 0, keep: bool = False):
    """A numbered clause of a contract: justified, first line indented."""
    return para(container, text, indent=True, after=after, keep=keep)


def tag(container, text: str):
    """A paragraph holding only a {%p … %} tag: docxtpl removes it when rendering."""
    return para(container, text, align="l")


def note(container, text: str, *, align: str = "c"):
    """The small explanatory line under a blank, as in official forms."""
    return para(container, text, align=align, italic=True, size=8)


def page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cell_width(cell, width_cm: float):
    cell.width = Cm(width_cm)


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cant_split(row):
    properties = row._tr.get_or_add_trPr()
    # CT_TrPr children come in schema order; cantSplit precedes tblHeader.
    properties.insert(0, OxmlElement("w:cantSplit"))


def keep_row_with_next(row):
    """Every paragraph of the row "keep with next": Word keeps the row with what follows."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def table(
    container,
    widths: list[float],
    rows: list[list[str | None]],
    *,
    borders: bool = True,
    size: float = 10,
    header_rows: int = 1,
    aligns: str | None = None,
    bold_rows: tuple[int, ...] | None = None,
    center: bool = False,
    keep_rows: tuple[int, ...] = (),
):
    """A table; a cell given as None is merged into the cell on its left, "^" into the cell
    above. `aligns` has one letter per column (l, c, r, j); header rows are bold, centred and
    repeat on each page. No row splits across pages; the rows in `keep_rows` (negative indices
    count from the end) keep with what follows them."""
    result = container.add_table(rows=len(rows), cols=len(widths))
    if borders:
        result.style = "Table Grid"
    result.autofit = False
    if center:
        result.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = result._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    bold_rows = tuple(range(header_rows)) if bold_rows is None else bold_rows
    for r_index, values in enumerate(rows):
        row = result.rows[r_index]
        _cant_split(row)
        if r_index < header_rows and borders:
            _repeat_header(row)
        for c_index, value in enumerate(values):
            if value is None:
                continue
            if value == "^":
                _cell_width(row.cells[c_index], widths[c_index])
                above = result.rows[r_index - 1].cells[c_index]
                above.merge(row.cells[c_index])
                continue
            end = c_index
            while end + 1 < len(values) and values[end + 1] is None:
                end += 1
            cell = row.cells[c_index]
            if end > c_index:
                cell = cell.merge(row.cells[end])
            for k in range(c_index, end + 1):
                _cell_width(row.cells[k], widths[k])
            align = (
                "c" if r_index < header_rows and borders else (aligns[c_index] if aligns else "l")
            )
            para(
                cell,
                value,
                align=align,
                size=size,
                bold=r_index in bold_rows,
                paragraph=cell.paragraphs[0],
            )
    for index in keep_rows:
        keep_row_with_next(result.rows[index])
    return result


def loop_row(first: str, width: int) -> list[str | None]:
    """A row holding a {%tr … %} tag across the whole row."""
    return [first] + [None] * (width - 1)


def signatures(
    container,
    left: list[str],
    right: list[str],
    *,
    size: float = 12,
    widths=(8.5, 8.5),
    keep_last: bool = False,
):
    """Two signature columns without borders, kept together on one page: every row but the
    last keeps with the next (the last one too with `keep_last`, when «М. П.» or a note
    follows). The paragraph before the block should be `keep=True`."""
    rows = []
    for index in range(max(len(left), len(right))):
        rows.append(
            [left[index] if index < len(left) else "", right[index] if index < len(right) else ""]
        )
    return table(
        container,
        list(widths),
        rows,
        borders=False,
        size=size,
        header_rows=0,
        bold_rows=(),
        keep_rows=tuple(range(len(rows) if keep_last else len(rows) - 1)),
    )


def place_and_date(container, date_field: str):
    """«г. Кемерово               «01» октября 2026 г.» as a borderless two-cell row."""
    grid = container.add_table(rows=1, cols=2)
    grid.autofit = False
    for col, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), (8.5, 8.5), strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    _cant_split(grid.rows[0])
    left, right = grid.rows[0].cells
    para(left, "{{ institution.city }}", align="l", paragraph=left.paragraphs[0])
    para(right, date_field, align="r", paragraph=right.paragraphs[0])
    return grid
