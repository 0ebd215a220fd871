"""A small DOCX → HTML converter for printing a filled template through WeasyPrint.

Why our own: the PDF must come from the same DOCX the template produced (an edit of the
template reaches the PDF), without the 263 MB of LibreOffice. It covers what documents of a
КЦСОН use: paragraphs with alignment, indents and spacing; bold, italic, underline, size and
font per run; Word's automatic numbering; tables with column widths, borders, shading, merged
cells (horizontal and vertical); pictures; page breaks; the page size and margins; Word's
"keep with next", "keep lines together" and "row cannot split" as CSS break rules. Headers,
footers, footnotes, text boxes and floating layout are not rendered (see docs/documents.md).

It reads the WordprocessingML directly with lxml (python-docx opens the package and gives the
parts), resolving properties through the style chain as Word does: direct formatting, then the
character style, then the paragraph style and its bases, then the document defaults.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field

from docx import Document
from docx.oxml.ns import qn

from zabota.documents.docx_html.properties import (
    ALIGN,
    BULLETS,
    CELL_SIDES,
    MONO_FONTS,
    MONO_STACK,
    RUN_CONTAINERS,
    SANS_FONTS,
    SANS_STACK,
    SERIF_STACK,
    W_P,
    W_R,
    W_SDT,
    W_SDT_CONTENT,
    W_T,
    W_TBL,
    W_VAL,
    Numbering,
    Styles,
    border_css,
    is_on,
    twips_to_pt,
)


@dataclass
class StyleSheet:
    """Formatting as classes: one rule per distinct style, shared by the documents of a run.

    WeasyPrint parses a style attribute per element; a document repeats the same few styles
    hundreds of times, so classes make its cascade several times cheaper."""

    classes: dict[str, str] = field(default_factory=dict)

    def attr(self, css: str, *extra: str) -> str:
        names = [name for name in extra if name]
        if css:
            name = self.classes.get(css)
            if name is None:
                name = self.classes[css] = f"s{len(self.classes)}"
            names.append(name)
        return f' class="{" ".join(names)}"' if names else ""

    def rules(self) -> str:
        return "\n".join(f".{name} {{ {css} }}" for css, name in self.classes.items())


class _Converter:
    def __init__(self, document, sheet: StyleSheet):
        self.document = document
        self.sheet = sheet
        self.styles = Styles(document)
        self.numbering = Numbering.of(document)
        self.out: list[str] = []

    # --- paragraphs -------------------------------------------------------------------

    def paragraph(self, p) -> None:
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style_el.get(W_VAL) if style_el is not None else self.styles.default_paragraph
        chain = self.styles.chain(style_id)
        css = self._paragraph_css(ppr, chain)
        before = is_on(self.styles.prop(ppr, [chain], "w:pPr", "w:pageBreakBefore"))
        page_break = "pb" if before else ""
        parts = [self._numbering_label(ppr, chain)]
        for run in self._runs(p):
            if run is None:  # a page break inside the paragraph
                attrs = self.sheet.attr(css, page_break)
                self.out.append(f"<p{attrs}>{''.join(parts) or '&nbsp;'}</p>")
                page_break, parts = "pb", []
                continue
            parts.append(self._run(run, chain))
        content = "".join(parts)
        attrs = self.sheet.attr(css, page_break)
        self.out.append(f"<p{attrs}>{content if content.strip() else '&nbsp;'}</p>")
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            self.out.append('<div class="pb"></div>')

    def _numbering_label(self, ppr, chain) -> str:
        num_pr = self.styles.prop(ppr, [chain], "w:pPr", "w:numPr")
        if num_pr is None:
            return ""
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is None:
            return ""
        label = self.numbering.label(
            num_id.get(W_VAL), int(ilvl.get(W_VAL)) if ilvl is not None else 0
        )
        return f'<span class="num">{html.escape(label)}</span>' if label else ""

    def _paragraph_css(self, ppr, chain) -> str:
        styles = self.styles
        css = []
        jc = styles.prop(ppr, [chain], "w:pPr", "w:jc", styles.default_ppr)
        if jc is not None and jc.get(W_VAL) in ALIGN:
            css.append(f"text-align:{ALIGN[jc.get(W_VAL)]}")
        ind = styles.prop(ppr, [chain], "w:pPr", "w:ind", styles.default_ppr)
        if ind is not None:
            left = twips_to_pt(ind.get(qn("w:left")) or ind.get(qn("w:start")))
            right = twips_to_pt(ind.get(qn("w:right")) or ind.get(qn("w:end")))
            first = twips_to_pt(ind.get(qn("w:firstLine")))
            hanging = twips_to_pt(ind.get(qn("w:hanging")))
            if left:
                css.append(f"margin-left:{left}pt")
            if right:
                css.append(f"margin-right:{right}pt")
            if hanging:
                css.append(f"text-indent:-{hanging}pt")
            elif first:
                css.append(f"text-indent:{first}pt")
        spacing = styles.prop(ppr, [chain], "w:pPr", "w:spacing", styles.default_ppr)
        if spacing is not None:
            before = twips_to_pt(spacing.get(qn("w:before")))
            after = twips_to_pt(spacing.get(qn("w:after")))
            line = spacing.get(qn("w:line"))
            if before:
                css.append(f"margin-top:{before}pt")
            if after:
                css.append(f"margin-bottom:{after}pt")
            if line and spacing.get(qn("w:lineRule"), "auto") == "auto":
                css.append(f"line-height:{int(line) / 240 * 1.15:.2f}")
            elif line:
                css.append(f"line-height:{int(line) / 20}pt")
        # Word's pagination rules: a heading or the lines leading into a signature block stay on
        # the page of what follows them (keepNext), a paragraph is not cut (keepLines).
        if is_on(styles.prop(ppr, [chain], "w:pPr", "w:keepNext")):
            css.append("break-after:avoid")
        if is_on(styles.prop(ppr, [chain], "w:pPr", "w:keepLines")):
            css.append("break-inside:avoid")
        run_css = self._run_css(None, chain, [])
        if run_css:
            css.append(run_css)
        return ";".join(css)

    def _runs(self, container):
        """The runs of a paragraph in order, None for a page break; through links, insertions,
        content controls; deleted text is skipped."""
        for child in container:
            tag = child.tag
            if tag == W_R:
                page_break = False
                for br in child.findall(qn("w:br")):
                    if br.get(qn("w:type")) == "page":
                        page_break = True
                yield child
                if page_break:
                    yield None
            elif tag in RUN_CONTAINERS:
                yield from self._runs(child)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    yield from self._runs(content)

    def _run(self, r, paragraph_chain) -> str:
        rpr = r.find(qn("w:rPr"))
        rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
        run_chain = self.styles.chain(rstyle.get(W_VAL)) if rstyle is not None else []
        pieces = []
        for child in r:
            tag = child.tag
            if tag == W_T:
                pieces.append(html.escape(child.text or ""))
            elif tag == qn("w:tab"):
                pieces.append('<span class="tab"></span>')
            elif tag == qn("w:br") and child.get(qn("w:type")) != "page":
                pieces.append("<br>")
            elif tag in (qn("w:noBreakHyphen"),):
                pieces.append("&#8209;")
            elif tag == qn("w:sym"):
                pieces.append(BULLETS.get(chr(int(child.get(qn("w:char"), "20"), 16)), ""))
            elif tag == qn("w:drawing"):
                pieces.append(self._picture(child))
        text = "".join(pieces)
        if not text:
            return ""
        if is_on(self.styles.prop(rpr, [run_chain], "w:rPr", "w:vanish")):
            return ""
        css = self._run_css(rpr, paragraph_chain, run_chain)
        caps = is_on(self.styles.prop(rpr, [run_chain, paragraph_chain], "w:rPr", "w:caps"))
        if caps:
            css += ";text-transform:uppercase"
        va = self.styles.prop(rpr, [run_chain, paragraph_chain], "w:rPr", "w:vertAlign")
        if va is not None and va.get(W_VAL) in ("superscript", "subscript"):
            css += ";vertical-align:" + ("super" if va.get(W_VAL) == "superscript" else "sub")
            css += ";font-size:smaller"
        return f"<span{self.sheet.attr(css)}>{text}</span>" if css else text

    def _run_css(self, rpr, paragraph_chain, run_chain) -> str:
        styles = self.styles
        chains = [run_chain, paragraph_chain]
        css = []
        bold = is_on(styles.prop(rpr, chains, "w:rPr", "w:b", styles.default_rpr))
        italic = is_on(styles.prop(rpr, chains, "w:rPr", "w:i", styles.default_rpr))
        underline = styles.prop(rpr, chains, "w:rPr", "w:u", styles.default_rpr)
        strike = is_on(styles.prop(rpr, chains, "w:rPr", "w:strike", styles.default_rpr))
        size = styles.prop(rpr, chains, "w:rPr", "w:sz", styles.default_rpr)
        fonts = styles.prop(rpr, chains, "w:rPr", "w:rFonts", styles.default_rpr)
        color = styles.prop(rpr, chains, "w:rPr", "w:color", styles.default_rpr)
        shading = styles.prop(rpr, chains, "w:rPr", "w:highlight", None)
        if bold is not None:
            css.append("font-weight:" + ("bold" if bold else "normal"))
        if italic is not None:
            css.append("font-style:" + ("italic" if italic else "normal"))
        decorations = []
        if underline is not None and underline.get(W_VAL, "single") not in ("none", "0"):
            decorations.append("underline")
        if strike:
            decorations.append("line-through")
        if rpr is not None or decorations:
            css.append("text-decoration:" + (" ".join(decorations) or "none"))
        if size is not None and size.get(W_VAL, "").isdigit():
            css.append(f"font-size:{int(size.get(W_VAL)) / 2}pt")
        if fonts is not None:
            name = (
                fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:cs")) or ""
            ).lower()
            if name in SANS_FONTS:
                css.append(f"font-family:{SANS_STACK}")
            elif name in MONO_FONTS:
                css.append(f"font-family:{MONO_STACK}")
            elif name:
                css.append(f"font-family:{SERIF_STACK}")
        if color is not None and len(color.get(W_VAL, "")) == 6 and color.get(W_VAL) != "000000":
            css.append(f"color:#{color.get(W_VAL)}")
        if shading is not None and shading.get(W_VAL) not in (None, "none"):
            css.append(f"background:{shading.get(W_VAL)}")
        return ";".join(css)

    def _picture(self, drawing) -> str:
        blip = drawing.find(".//" + qn("a:blip"))
        extent = drawing.find(".//" + qn("wp:extent"))
        if blip is None:
            return ""
        try:
            part = self.document.part.related_parts[blip.get(qn("r:embed"))]
        except KeyError:
            return ""
        data = base64.b64encode(part.blob).decode("ascii")
        size = ""
        if extent is not None:
            # EMU: 12 700 to a point.
            width = int(extent.get("cx", "0")) / 12700
            height = int(extent.get("cy", "0")) / 12700
            size = f' style="width:{width:.1f}pt;height:{height:.1f}pt"'
        return f'<img src="data:{part.content_type};base64,{data}"{size} alt="">'

    # --- tables -----------------------------------------------------------------------

    def table(self, tbl) -> None:
        tblpr = tbl.find(qn("w:tblPr"))
        style_el = tblpr.find(qn("w:tblStyle")) if tblpr is not None else None
        style_id = style_el.get(W_VAL) if style_el is not None else self.styles.default_table
        chain = self.styles.chain(style_id)
        borders = self.styles.prop(tblpr, [chain], "w:tblPr", "w:tblBorders")
        edges = {}
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = borders.find(qn(f"w:{side}")) if borders is not None else None
            edges[side] = border_css(edge)
        widths = [
            twips_to_pt(col.get(qn("w:w"))) or 0
            for col in tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
        ]
        rows = self._table_rows(tbl)
        jc = tblpr.find(qn("w:jc")) if tblpr is not None else None
        table_css = []
        if jc is not None and jc.get(W_VAL) == "center":
            table_css.append("margin-left:auto;margin-right:auto")
        total = sum(widths)
        if total:
            table_css.append(f"width:{total:.1f}pt")
        row_count = len(rows)
        row_css = [self._row_css(tr) for tr in tbl.findall(qn("w:tr"))]
        if row_css and "break-after:avoid" in row_css[-1]:
            # The last row keeps with the paragraph after the table (a total leading into the
            # signatures): the table as a whole must not break from what follows.
            table_css.append("break-after:avoid")
        self.out.append(f"<table{self.sheet.attr(';'.join(table_css))}>")
        if widths:
            self.out.append(
                "<colgroup>"
                + "".join(f"<col{self.sheet.attr(f'width:{w:.1f}pt')}>" for w in widths)
                + "</colgroup>"
            )
        # Word repeats the leading "header" rows on each page of a long table; in HTML that is
        # a <thead>, which WeasyPrint repeats too (a header row with no data below stays a row).
        headers = self._header_rows(tbl)
        if headers >= row_count:
            headers = 0
        for r_index, cells in enumerate(rows):
            if headers and r_index == 0:
                self.out.append("<thead>")
            self.out.append(f"<tr{self.sheet.attr(row_css[r_index])}>")
            for cell in cells:
                if cell["skip"]:
                    continue
                self._cell(cell, r_index, row_count, len(widths), edges, chain)
            self.out.append("</tr>")
            if headers and r_index == headers - 1:
                self.out.append("</thead>")
        self.out.append("</table>")

    @staticmethod
    def _header_rows(tbl) -> int:
        count = 0
        for tr in tbl.findall(qn("w:tr")):
            trpr = tr.find(qn("w:trPr"))
            if trpr is None or not is_on(trpr.find(qn("w:tblHeader"))):
                break
            count += 1
        return count

    def _row_css(self, tr) -> str:
        """A row that cannot split across pages (trPr/cantSplit), and one that keeps with the
        next row as Word does when the paragraphs of its cells are "keep with next"."""
        css = []
        trpr = tr.find(qn("w:trPr"))
        if trpr is not None and is_on(trpr.find(qn("w:cantSplit"))):
            css.append("break-inside:avoid")
        paragraphs = tr.findall(f"{qn('w:tc')}/{W_P}")
        if paragraphs and all(self._keeps_with_next(p) for p in paragraphs):
            css.append("break-after:avoid")
        return ";".join(css)

    def _keeps_with_next(self, p) -> bool:
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style_el.get(W_VAL) if style_el is not None else self.styles.default_paragraph
        found = self.styles.prop(ppr, [self.styles.chain(style_id)], "w:pPr", "w:keepNext")
        return bool(is_on(found))

    def _table_rows(self, tbl) -> list[list[dict]]:
        rows = []
        for tr in tbl.findall(qn("w:tr")):
            cells, column = [], 0
            for tc in tr.findall(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
                colspan = int(span.get(W_VAL)) if span is not None else 1
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                merge = None if vmerge is None else vmerge.get(W_VAL, "continue")
                cells.append(
                    {
                        "tc": tc,
                        "tcpr": tcpr,
                        "col": column,
                        "colspan": colspan,
                        "merge": merge,
                        "rowspan": 1,
                        "skip": merge == "continue",
                    }  # fmt: skip
                )
                column += colspan
            rows.append(cells)
        # A vertical merge starts at "restart" and goes on through the "continue" cells below.
        for r_index, cells in enumerate(rows):
            for cell in cells:
                if cell["merge"] != "restart":
                    continue
                below = r_index + 1
                while below < len(rows):
                    match = next((c for c in rows[below] if c["col"] == cell["col"]), None)
                    if match is None or match["merge"] != "continue":
                        break
                    cell["rowspan"] += 1
                    below += 1
        return rows

    def _cell(self, cell, r_index, row_count, col_count, edges, table_chain) -> None:
        tcpr = cell["tcpr"]
        last_row = r_index + cell["rowspan"] >= row_count
        last_col = cell["col"] + cell["colspan"] >= col_count
        sides = {
            "top": edges["top"] if r_index == 0 else edges["insideH"],
            "bottom": edges["bottom"] if last_row else edges["insideH"],
            "left": edges["left"] if cell["col"] == 0 else edges["insideV"],
            "right": edges["right"] if last_col else edges["insideV"],
        }
        own = tcpr.find(qn("w:tcBorders")) if tcpr is not None else None
        if own is not None:
            for side, names in CELL_SIDES:
                for name in names:
                    edge = own.find(qn(f"w:{name}"))
                    if edge is not None:
                        sides[side] = border_css(edge)
        css = [f"border-{side}:{value}" for side, value in sides.items()]
        if tcpr is not None:
            shading = tcpr.find(qn("w:shd"))
            fill = shading.get(qn("w:fill")) if shading is not None else None
            if fill and fill not in ("auto", "FFFFFF"):
                css.append(f"background:#{fill}")
            valign = tcpr.find(qn("w:vAlign"))
            if valign is not None and valign.get(W_VAL) in ("center", "bottom"):
                css.append(
                    f"vertical-align:{'middle' if valign.get(W_VAL) == 'center' else 'bottom'}"
                )
        attrs = ""
        if cell["colspan"] > 1:
            attrs += f' colspan="{cell["colspan"]}"'
        if cell["rowspan"] > 1:
            attrs += f' rowspan="{cell["rowspan"]}"'
        self.out.append(f"<td{attrs}{self.sheet.attr(';'.join(css))}>")
        self.blocks(cell["tc"])
        self.out.append("</td>")

    # --- document ---------------------------------------------------------------------

    def blocks(self, container) -> None:
        for child in container:
            if child.tag == W_P:
                self.paragraph(child)
            elif child.tag == W_TBL:
                self.table(child)
            elif child.tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self.blocks(content)

    def page_css(self) -> str:
        section = self.document.sections[-1]

        def pt(value, default):
            return f"{value.pt:.1f}pt" if value is not None else default

        return (
            f"size:{pt(section.page_width, '595.3pt')} {pt(section.page_height, '841.9pt')};"
            f"margin:{pt(section.top_margin, '56.7pt')} {pt(section.right_margin, '42.5pt')} "
            f"{pt(section.bottom_margin, '56.7pt')} {pt(section.left_margin, '85pt')}"
        )

    def base_font(self) -> str:
        size = self.styles.prop(
            None,
            [self.styles.chain(self.styles.default_paragraph)],
            "w:rPr",
            "w:sz",
            self.styles.default_rpr,
        )
        points = (
            int(size.get(W_VAL)) / 2 if size is not None and size.get(W_VAL, "").isdigit() else 12
        )
        fonts = self.styles.prop(
            None,
            [self.styles.chain(self.styles.default_paragraph)],
            "w:rPr",
            "w:rFonts",
            self.styles.default_rpr,
        )
        name = (fonts.get(qn("w:ascii")) or "").lower() if fonts is not None else ""
        family = SANS_STACK if name in SANS_FONTS else SERIF_STACK
        return f"font-family:{family};font-size:{points}pt"


STYLE = """
@page {{ {page} }}
html {{ {font}; line-height:1.15; color:#000; }}
body {{ margin:0; }}
p {{ margin:0; orphans:2; widows:2; }}
.pb {{ break-before:page; }}
table {{ border-collapse:collapse; table-layout:fixed; margin:0; }}
td {{ padding:1pt 4pt; vertical-align:top; overflow-wrap:break-word; hyphens:auto; }}
.tab {{ display:inline-block; width:1.25cm; }}
.num {{ display:inline-block; min-width:1.25em; margin-right:0.3em; }}
"""


@dataclass(frozen=True)
class HtmlPart:
    """One converted document: its page settings, base font and body."""

    page: str
    font: str
    body: str


def convert(content: bytes, sheet: StyleSheet) -> HtmlPart:
    document = Document(io.BytesIO(content))
    converter = _Converter(document, sheet)
    converter.blocks(document.element.body)
    return HtmlPart(converter.page_css(), converter.base_font(), "\n".join(converter.out))


def page_html(parts: list[HtmlPart], sheet: StyleSheet) -> str:
    """One HTML page of documents that share the first one's page settings, each starting on a
    new page."""
    style = STYLE.format(page=parts[0].page, font=parts[0].font) + sheet.rules()
    body = '\n<div class="pb"></div>\n'.join(part.body for part in parts)
    head = f'<meta charset="utf-8"><style>{style}</style>'
    return f'<!doctype html><html lang="ru"><head>{head}</head><body>{body}</body></html>'


def docx_to_html(content: bytes) -> str:
    """A complete HTML page of the DOCX, ready for WeasyPrint."""
    sheet = StyleSheet()
    return page_html([convert(content, sheet)], sheet)
