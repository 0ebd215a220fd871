"""How a WordprocessingML property is found and what it means: the style chain, Word's
automatic numbering, units and borders (for zabota.documents.docx_html)."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

W_P, W_TBL, W_R, W_T = qn("w:p"), qn("w:tbl"), qn("w:r"), qn("w:t")
W_VAL = qn("w:val")
# Containers whose runs are part of the paragraph's text.
RUN_CONTAINERS = {qn("w:hyperlink"), qn("w:ins"), qn("w:smartTag"), qn("w:fldSimple")}
W_SDT, W_SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
SANS_FONTS = {
    "arial",
    "calibri",
    "liberation sans",
    "pt sans",
    "helvetica",
    "verdana",
    "tahoma",
    "segoe ui",
}
MONO_FONTS = {"courier new", "courier", "liberation mono", "pt mono", "consolas"}
SERIF_STACK = '"PT Serif", "Liberation Serif", "DejaVu Serif", serif'
SANS_STACK = '"PT Sans", "Liberation Sans", "DejaVu Sans", sans-serif'
MONO_STACK = '"PT Mono", "Liberation Mono", "DejaVu Sans Mono", monospace'
ALIGN = {
    "center": "center",
    "right": "right",
    "end": "right",
    "both": "justify",
    "distribute": "justify",
}
BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "o": "◦", "\uf0fc": "✓", "-": "–"}
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"
# A cell's own borders by CSS side; Word writes start/end for left/right in newer files.
CELL_SIDES = (
    ("top", ("top",)),
    ("bottom", ("bottom",)),
    ("left", ("left", "start")),
    ("right", ("right", "end")),
)
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


def is_on(element) -> bool | None:
    """A toggle property (w:b, w:i…): None when absent."""
    if element is None:
        return None
    return element.get(W_VAL, "true") not in ("0", "false", "off", "none")


def twips_to_pt(value: str | None) -> float | None:
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


class Styles:
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
class Numbering:
    formats: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> Numbering:
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
            return BULLETS.get(text, text or "•")
        for level in range(ilvl + 1):
            value = counters.get(level, self.formats.get((num_id, level), ("", "", 1))[2])
            level_fmt = self.formats.get((num_id, level), ("decimal", "", 1))[0]
            text = text.replace(f"%{level + 1}", _number_text(value, level_fmt))
        return text


def border_css(edge) -> str:
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
