"""Signatures keep with the table: no page of a printed document holds only the signature block.

The default templates mark the lines leading into a signature block «keep with next» and no
table row may split (Word, LibreOffice); our DOCX → HTML converter turns these into CSS break
rules for WeasyPrint, checked here on acts of 1 to 40 rows printed to PDF."""

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from zabota.documents.docx_html import StyleSheet, convert
from zabota.documents.kinds import all_kinds, get_kind
from zabota.documents.pdf import docxs_to_pdf
from zabota.documents.rendering import render_docx
from zabota.documents.selectors import default_template
from zabota.documents.services import sample_context

SIGNATURE_LINE = "_______________"


def _keeps_with_next(paragraph_element) -> bool:
    ppr = paragraph_element.find(qn("w:pPr"))
    keep = ppr.find(qn("w:keepNext")) if ppr is not None else None
    return keep is not None and keep.get(qn("w:val"), "true") not in ("0", "false")


def _row_keeps_with_next(row_element) -> bool:
    paragraphs = row_element.findall(f"{qn('w:tc')}/{qn('w:p')}")
    return bool(paragraphs) and all(_keeps_with_next(p) for p in paragraphs)


def _css_of(html: str, tag: str, sheet: StyleSheet) -> list[str]:
    """The CSS of each `tag` element in order, from the sheet's classes."""
    by_name = {name: css for css, name in sheet.classes.items()}
    found = re.findall(rf'<{tag}(?: class="([^"]*)")?>', html)
    return [";".join(by_name.get(name, "") for name in names.split()) for names in found]


def test_keep_with_next_and_rows_that_cannot_split_become_css_break_rules():
    document = Document()
    document.add_paragraph("Итого").paragraph_format.keep_with_next = True
    table = document.add_table(rows=2, cols=1)
    first = table.rows[0]
    first._tr.get_or_add_trPr().append(first._tr.makeelement(qn("w:cantSplit"), {}))
    first.cells[0].paragraphs[0].paragraph_format.keep_with_next = True
    first.cells[0].paragraphs[0].add_run("Исполнитель:")
    table.rows[1].cells[0].paragraphs[0].add_run("М. П.")
    buffer = io.BytesIO()
    document.save(buffer)
    sheet = StyleSheet()
    html = convert(buffer.getvalue(), sheet).body
    assert "break-after:avoid" in _css_of(html, "p", sheet)[0]
    first_row, last_row = _css_of(html, "tr", sheet)
    assert "break-inside:avoid" in first_row and "break-after:avoid" in first_row
    assert last_row == ""  # the last row keeps with nothing, so neither does the table
    assert "break-after:avoid" not in _css_of(html, "table", sheet)[0]


def test_header_rows_repeat_on_each_page_as_a_thead():
    content = render_docx(default_template("act").content, sample_context(get_kind("act")))
    html = convert(content, StyleSheet()).body
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert "Наименование услуги" in head and "Мытьё пола" not in head


@pytest.mark.parametrize("kind", [k.code for k in all_kinds()])
def test_in_every_default_template_a_signature_block_holds_together_with_what_leads_into_it(
    kind,
):
    content = render_docx(default_template(kind).content, sample_context(get_kind(kind)))
    body = Document(io.BytesIO(content)).element.body
    blocks = [child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    checked = 0
    for index, block in enumerate(blocks):
        if block.tag != qn("w:tbl"):
            continue
        rows = block.findall(qn("w:tr"))
        for row in rows:
            properties = row.find(qn("w:trPr"))
            assert properties is not None and properties.find(qn("w:cantSplit")) is not None
        text = "".join(t.text or "" for t in block.iter(qn("w:t")))
        if SIGNATURE_LINE not in text or index == 0:
            continue
        checked += 1
        assert all(_row_keeps_with_next(row) for row in rows[:-1]), kind
        before = blocks[index - 1]
        if before.tag == qn("w:p"):
            assert _keeps_with_next(before), (kind, "".join(before.itertext())[:80])
        else:
            assert _row_keeps_with_next(before.findall(qn("w:tr"))[-1]), kind
    assert checked >= 1


def _act(rows: int) -> bytes:
    context = sample_context(get_kind("act"))
    row = context["rows"][0]
    context["rows"] = [
        dict(row, n=n, name=f"Услуга {n}: покупка и доставка на дом продуктов питания")
        for n in range(1, rows + 1)
    ]
    # Every other act has the free care services of the social package after the paid ones.
    context["care_rows"] = (
        [
            dict(n=n, name=f"Уход {n}: помощь при одевании", unit="услуга", quantity=4)
            for n in (1, 2)
        ]
        if rows % 2 == 0
        else []
    )
    return render_docx(default_template("act").content, context)


@pytest.mark.parametrize("first", [1, 11, 21, 31], ids=lambda n: f"rows {n}-{n + 9}")
def test_no_page_of_an_act_holds_only_the_signatures(html_engine, first):
    counts = range(first, first + 10)
    pdf = docxs_to_pdf([_act(n) for n in counts])
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    signature_pages = [text for text in pages if SIGNATURE_LINE in text]
    assert len(signature_pages) == len(counts)  # one signature block per act
    for text in signature_pages:
        assert "Услуга " in text or "Уход " in text or "АКТ №" in text, text
        assert "Всего оказано услуг на сумму" in text and "Исполнитель:" in text
