"""A small DOCX → HTML converter for printing a filled template through WeasyPrint.

Why our own: the PDF must come from the same DOCX the template produced (an edit of the
template reaches the PDF), without the 263 MB of LibreOffice. It covers what documents of a
КЦСОН use: paragraphs with alignment, indents and spacing; bold, italic, underline, size and
font per run; Word's automatic numbering; tables with column widths, borders, shading, merged
cells (horizontal and vertical); pictures; page breaks; the page size and margins. Headers,
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

W_P, W_TBL, W_R, W_T = qn("w:p"), qn("w:tbl"), qn("w:r"), qn("w:t")
W_VAL = qn("w:val")
# Containers whose runs are part of the paragraph's text.
_RUN_CONTAINERS = {qn("w:hyperlink"), qn("w:ins"), qn("w:smartTag"), qn("w:fldSimple")}
_SDT, _SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
_SANS = {
    "arial",
    "calibri",
    "liberation sans",
    "pt sans",
    "helvetica",
    "verdana",
    "tahoma",
    "segoe ui",
}
_MONO = {"courier new", "courier", "liberation mono", "pt mono", "consolas"}
SERIF_STACK = '"PT Serif", "Liberation Serif", "DejaVu Serif", serif'
SANS_STACK = '"PT Sans", "Liberation Sans", "DejaVu Sans", sans-serif'
MONO_STACK = '"PT Mono", "Liberation Mono", "DejaVu Sans Mono", monospace'
_ALIGN = {
    "center": "center",
    "right": "right",
    "end": "right",
    "both": "justify",
    "distribute": "justify",
}
_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "o": "◦", "\uf0fc": "✓", "-": "–"}
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"
# A cell's own borders by CSS side; Word writes start/end for left/right in newer files.
_CELL_SIDES = (
    ("top", ("top",)),
    ("bottom", ("bottom",)),
    ("left", ("left", "start")),
    ("right", ("right", "end")),
)
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


def _on(element) -> bool | None:
    """A toggle property (w:b, w:i…): None when absent."""
    if element is None:
        return None
    return element.get(W_VAL, "true") not in ("0", "false", "off", "none")


def _twips_pt(value: str | None) -> float | None:
    if value in (None, ""):
        return None
    try:
        return int(float(value)) / 20
    except ValueError:
        return None


def _roman(n: int) -> str:
    result = ""
    for value, letters in _ROMAN:
        while n >= value:
            result += letters
            n -= value
    return result


def _number_text(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        text = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("russianLower", "russianUpper"):
        text = _RUSSIAN[(n - 1) % len(_RUSSIAN)] * ((n - 1) // len(_RUSSIAN) + 1)
        return text.upper() if fmt == "russianUpper" else text
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "none":
        return ""
    return str(n)


class _Styles:
    """Properties through the style chain: direct → style → based-on styles → defaults."""

    def __init__(self, document):
        self.by_id: dict[str, object] = {}
        self.default_paragraph: str | None = None
        self.default_table: str | None = None
        styles = document.styles.element
        for style in styles.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            self.by_id[style_id] = style
            if style.get(qn("w:default")) in ("1", "true"):
                if style.get(qn("w:type")) == "paragraph":
                    self.default_paragraph = style_id
                elif style.get(qn("w:type")) == "table":
                    self.default_table = style_id
        defaults = styles.find(qn("w:docDefaults"))
        self.default_rpr = (
            defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        )
        self.default_ppr = (
            defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        )

    def chain(self, style_id: str | None) -> list:
        result, seen = [], set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            result.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(W_VAL) if based is not None else None
        return result

    def prop(self, direct, chains: list[list], container: str, name: str, default_container=None):
        """The first element `name` found in direct formatting, the style chains, the defaults."""
        if direct is not None:
            found = direct.find(qn(name))
            if found is not None:
                return found
        for chain in chains:
            for style in chain:
                props = style.find(qn(container))
                if props is not None:
                    found = props.find(qn(name))
                    if found is not None:
                        return found
        if default_container is not None:
            return default_container.find(qn(name))
        return None


@dataclass
class _Numbering:
    formats: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return numbering
        abstract = {}
        for item in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in item.findall(qn("w:lvl")):
                ilvl = int(level.get(qn("w:ilvl"), "0"))
                fmt = level.find(qn("w:numFmt"))
                text = level.find(qn("w:lvlText"))
                start = level.find(qn("w:start"))
                levels[ilvl] = (
                    fmt.get(W_VAL) if fmt is not None else "decimal",
                    text.get(W_VAL) if text is not None else "%1.",
                    int(start.get(W_VAL)) if start is not None else 1,
                )
            abstract[item.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(W_VAL), {}).items():
                numbering.formats[(num.get(qn("w:numId")), ilvl)] = spec
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        spec = self.formats.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        fmt, text, start = spec
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return _BULLETS.get(text, text or "•")
        for level in range(ilvl + 1):
            value = counters.get(level, self.formats.get((num_id, level), ("", "", 1))[2])
            level_fmt = self.formats.get((num_id, level), ("decimal", "", 1))[0]
            text = text.replace(f"%{level + 1}", _number_text(value, level_fmt))
        return text


class _Converter:
    def __init__(self, document):
        self.document = document
        self.styles = _Styles(document)
        self.numbering = _Numbering.of(document)
        self.out: list[str] = []

    # --- paragraphs -------------------------------------------------------------------

    def paragraph(self, p) -> None:
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style_el.get(W_VAL) if style_el is not None else self.styles.default_paragraph
        chain = self.styles.chain(style_id)
        css = self._paragraph_css(ppr, chain)
        before = _on(self.styles.prop(ppr, [chain], "w:pPr", "w:pageBreakBefore"))
        classes = ' class="pb"' if before else ""
        parts = [self._numbering_label(ppr, chain)]
        for run in self._runs(p):
            if run is None:  # a page break inside the paragraph
                self.out.append(f'<p{classes} style="{css}">{"".join(parts) or "&nbsp;"}</p>')
                classes, parts = ' class="pb"', []
                continue
            parts.append(self._run(run, chain))
        content = "".join(parts)
        self.out.append(f'<p{classes} style="{css}">{content if content.strip() else "&nbsp;"}</p>')
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
        if jc is not None and jc.get(W_VAL) in _ALIGN:
            css.append(f"text-align:{_ALIGN[jc.get(W_VAL)]}")
        ind = styles.prop(ppr, [chain], "w:pPr", "w:ind", styles.default_ppr)
        if ind is not None:
            left = _twips_pt(ind.get(qn("w:left")) or ind.get(qn("w:start")))
            right = _twips_pt(ind.get(qn("w:right")) or ind.get(qn("w:end")))
            first = _twips_pt(ind.get(qn("w:firstLine")))
            hanging = _twips_pt(ind.get(qn("w:hanging")))
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
            before = _twips_pt(spacing.get(qn("w:before")))
            after = _twips_pt(spacing.get(qn("w:after")))
            line = spacing.get(qn("w:line"))
            if before:
                css.append(f"margin-top:{before}pt")
            if after:
                css.append(f"margin-bottom:{after}pt")
            if line and spacing.get(qn("w:lineRule"), "auto") == "auto":
                css.append(f"line-height:{int(line) / 240 * 1.15:.2f}")
            elif line:
                css.append(f"line-height:{int(line) / 20}pt")
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
            elif tag in _RUN_CONTAINERS:
                yield from self._runs(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
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
                pieces.append(_BULLETS.get(chr(int(child.get(qn("w:char"), "20"), 16)), ""))
            elif tag == qn("w:drawing"):
                pieces.append(self._picture(child))
        text = "".join(pieces)
        if not text:
            return ""
        if _on(self.styles.prop(rpr, [run_chain], "w:rPr", "w:vanish")):
            return ""
        css = self._run_css(rpr, paragraph_chain, run_chain)
        caps = _on(self.styles.prop(rpr, [run_chain, paragraph_chain], "w:rPr", "w:caps"))
        if caps:
            css += ";text-transform:uppercase"
        va = self.styles.prop(rpr, [run_chain, paragraph_chain], "w:rPr", "w:vertAlign")
        if va is not None and va.get(W_VAL) in ("superscript", "subscript"):
            css += ";vertical-align:" + ("super" if va.get(W_VAL) == "superscript" else "sub")
            css += ";font-size:smaller"
        return f'<span style="{css}">{text}</span>' if css else text

    def _run_css(self, rpr, paragraph_chain, run_chain) -> str:
        styles = self.styles
        chains = [run_chain, paragraph_chain]
        css = []
        bold = _on(styles.prop(rpr, chains, "w:rPr", "w:b", styles.default_rpr))
        italic = _on(styles.prop(rpr, chains, "w:rPr", "w:i", styles.default_rpr))
        underline = styles.prop(rpr, chains, "w:rPr", "w:u", styles.default_rpr)
        strike = _on(styles.prop(rpr, chains, "w:rPr", "w:strike", styles.default_rpr))
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
            if name in _SANS:
                css.append(f"font-family:{SANS_STACK}")
            elif name in _MONO:
                css.append(f"font-family:{MONO_STACK}")
            elif name:
                css.append(f"font-family:{SERIF_STACK}")
        if color is not None and len(color.get(W_VAL, "")) == 6 and color.get(W_VAL) != "000000":
            css.append(f"color:#{color.get(W_VAL)}")
        if shading is not None and shading.get(W_VAL) not in (None, "none"):
            css.append(f"background:{shading.get(W_VAL)}")
        return ";".join(css).replace('"', "&quot;")

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
            edges[side] = _border_css(edge)
        widths = [
            _twips_pt(col.get(qn("w:w"))) or 0
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
        self.out.append(f'<table style="{";".join(table_css)}">')
        if widths:
            self.out.append(
                "<colgroup>"
                + "".join(f'<col style="width:{w:.1f}pt">' for w in widths)
                + "</colgroup>"
            )
        row_count = len(rows)
        for r_index, cells in enumerate(rows):
            self.out.append("<tr>")
            for cell in cells:
                if cell["skip"]:
                    continue
                self._cell(cell, r_index, row_count, len(widths), edges, chain)
            self.out.append("</tr>")
        self.out.append("</table>")

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
            for side, names in _CELL_SIDES:
                for name in names:
                    edge = own.find(qn(f"w:{name}"))
                    if edge is not None:
                        sides[side] = _border_css(edge)
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
        self.out.append(f'<td{attrs} style="{";".join(css)}">')
        self.blocks(cell["tc"])
        self.out.append("</td>")

    # --- document ---------------------------------------------------------------------

    def blocks(self, container) -> None:
        for child in container:
            if child.tag == W_P:
                self.paragraph(child)
            elif child.tag == W_TBL:
                self.table(child)
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
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
        family = SANS_STACK if name in _SANS else SERIF_STACK
        return f"font-family:{family};font-size:{points}pt"


def _border_css(edge) -> str:
    if edge is None:
        return "none"
    value = edge.get(W_VAL, "none")
    if value in ("nil", "none"):
        return "none"
    size = edge.get(qn("w:sz"))
    width = max(int(size) / 8, 0.5) if size and size.isdigit() else 0.5
    color = edge.get(qn("w:color"))
    color = f"#{color}" if color and len(color) == 6 else "#000"
    style = (
        "double"
        if value == "double"
        else "dashed"
        if "dash" in value
        else "dotted"
        if value == "dotted"
        else "solid"
    )
    if style == "double":
        width = max(width, 2.5)
    return f"{width:g}pt {style} {color}"


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


def docx_to_html(content: bytes) -> str:
    """A complete HTML page of the DOCX, ready for WeasyPrint."""
    document = Document(io.BytesIO(content))
    converter = _Converter(document)
    converter.blocks(document.element.body)
    style = STYLE.format(page=converter.page_css(), font=converter.base_font())
    body = "\n".join(converter.out)
    head = f'<meta charset="utf-8"><style>{style}</style>'
    return f'<!doctype html><html lang="ru"><head>{head}</head><body>{body}</body></html>'
