"""DOCX writer of `zabota.core.tables.Table`: a sibling of the XLSX writer, for reports a centre
prints or attaches to a letter (landscape A4, one Word table per Table)."""

import datetime
import io
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from zabota.core.tables import Table
from zabota.core.text import printable

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMERIC = {"int", "money", "number"}


def cell_text(value, kind: str) -> str:
    """As on the page: 1 234,50 for sums, 12,5 for hours, 1 234 for counts, «—» for a number
    that could not be computed, dates as 01.10.2026."""
    if value is None:
        return "—" if kind in NUMERIC else ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, int | Decimal) and kind in NUMERIC:
        text = f"{value:,.2f}" if kind == "money" else f"{value:,}"
        return text.replace(",", "\u00a0").replace(".", ",")
    return printable(str(value))


def _cell(cell, text: str, *, bold: bool = False, right: bool = False, size: float = 8) -> None:
    paragraph = cell.paragraphs[0]
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(size)


def tables_to_docx(title: str, subtitle: str, *tables: Table) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)
    document.core_properties.title = title
    document.core_properties.author = "Забота"
    heading = document.add_paragraph()
    heading.add_run(printable(title)).bold = True
    if subtitle:
        document.add_paragraph(printable(subtitle))
    for table in tables:
        document.add_paragraph().add_run(printable(table.title)).bold = True
        rows = list(table.rows)
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
            _cell(cell, printable(column.header), bold=True)
        for values, bold in [(r, False) for r in rows] + (
            [(table.totals, True)] if table.totals is not None else []
        ):
            cells = grid.add_row().cells
            for cell, value, column in zip(cells, values, table.columns, strict=True):
                _cell(
                    cell,
                    cell_text(value, column.kind),
                    bold=bold,
                    right=column.kind in NUMERIC,
                )
        for note in table.notes:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(printable(note))
            run.italic = True
            run.font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
