"""One DOCX of many documents filled from the same template, each from a new page: what a bulk
run sends to LibreOffice to print. LibreOffice's cost is per document far more than per page
(a one-page act took 0.4 s alone and 0.07 s in a document of 25, docs/performance.md), so the
acts of a month go to it in documents of `CHUNK`. Only for printing: the archive keeps each
document as it was issued.

What a document of a template carries besides its body is the template's, the same in every
one (styles, numbering, settings, headers, the page): the first document's are kept. From the
others come their bodies, their pictures (a signature differs from act to act) and links;
numbered lists start again in each document; drawing and bookmark ids are made unique.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile

from lxml import etree

CHUNK = 25
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
IMAGE = f"{R}/image"
DOCUMENT = "word/document.xml"
RELS = "word/_rels/document.xml.rels"
NUMBERING = "word/numbering.xml"
# The parts that make two documents "of the same template" for merging.
TEMPLATE_PARTS = ("word/styles.xml", NUMBERING, "word/settings.xml")
_PPR_BEFORE_BREAK = {f"{{{W}}}pStyle", f"{{{W}}}keepNext", f"{{{W}}}keepLines"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def template_key(content: bytes) -> str:
    """Equal for documents filled from the same template (their styles, numbering, settings)."""
    digest = hashlib.sha1(usedforsecurity=False)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        for name in TEMPLATE_PARTS:
            digest.update(archive.read(name) if name in names else b"-")
    return digest.hexdigest()


def groups(contents: list[bytes], size: int = CHUNK) -> list[list[bytes]]:
    """Consecutive documents of one template, at most `size` together, in their order."""
    result: list[list[bytes]] = []
    last = None
    for content in contents:
        key = template_key(content)
        if result and key == last and len(result[-1]) < size:
            result[-1].append(content)
        else:
            result.append([content])
        last = key
    return result


class _Package:
    """The first document's package, growing by the bodies of the others."""

    def __init__(self, content: bytes):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            self.parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
        self.document = etree.fromstring(self.parts[DOCUMENT])
        self.body = self.document.find(w("body"))
        self.section = self.body[-1] if self.body[-1].tag == w("sectPr") else None
        self.rels = etree.fromstring(self.parts[RELS])
        self.types = etree.fromstring(self.parts["[Content_Types].xml"])
        numbering = self.parts.get(NUMBERING)
        self.numbering = etree.fromstring(numbering) if numbering is not None else None
        self.numbered_styles = _numbered_styles(self.parts.get("word/styles.xml"))
        self._count = 0

    def new_rel(self, kind: str, target: str, external: bool = False) -> str:
        self._count += 1
        rid = f"rIdMerged{self._count}"
        rel = etree.SubElement(self.rels, f"{{{PACKAGE_RELS}}}Relationship")
        rel.set("Id", rid)
        rel.set("Type", kind)
        rel.set("Target", target)
        if external:
            rel.set("TargetMode", "External")
        return rid

    def add_media(self, name: str, data: bytes) -> str:
        self._count += 1
        target = f"media/merged{self._count}{posixpath.splitext(name)[1].lower()}"
        self.parts[f"word/{target}"] = data
        extension = posixpath.splitext(name)[1].lower().lstrip(".")
        defaults = {d.get("Extension", "").lower() for d in self.types}
        if extension and extension not in defaults:
            default = etree.Element(f"{{{TYPES}}}Default")
            default.set("Extension", extension)
            default.set("ContentType", _IMAGE_TYPES.get(extension, f"image/{extension}"))
            self.types.insert(0, default)
        return target

    def append(self, content: bytes, index: int) -> None:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        document = etree.fromstring(parts[DOCUMENT])
        rels = {rel.get("Id"): rel for rel in etree.fromstring(parts[RELS])}
        blocks = [child for child in document.find(w("body")) if child.tag != w("sectPr")]
        if not blocks:
            return
        mapped: dict[str, str] = {}
        for element in _elements(blocks):
            for attribute, value in element.attrib.items():
                if attribute.startswith(f"{{{R}}}") and value in rels:
                    if value not in mapped:
                        mapped[value] = self._relate(rels[value], parts)
                    element.set(attribute, mapped[value])
            if element.tag in (w("bookmarkStart"), w("bookmarkEnd")) and element.get(w("id")):
                element.set(w("id"), str(index * 100_000 + int(element.get(w("id")))))
        self._restart_numbering(blocks)
        _break_before(blocks)
        for block in blocks:
            if self.section is not None:
                self.section.addprevious(block)
            else:
                self.body.append(block)

    def _relate(self, rel, parts: dict[str, bytes]) -> str:
        kind, target = rel.get("Type"), rel.get("Target")
        if rel.get("TargetMode") == "External":
            return self.new_rel(kind, target, external=True)
        if kind == IMAGE:
            name = target[1:] if target.startswith("/") else posixpath.join("word", target)
            data = parts[posixpath.normpath(name)]
            return self.new_rel(kind, self.add_media(target, data))
        # A part of the template (a header, a footer): the first document has the same one.
        same = next((r for r in self.rels if r.get("Target") == target), None)
        return same.get("Id") if same is not None else self.new_rel(kind, target)

    def _restart_numbering(self, blocks) -> None:
        """A list numbered 1, 2, 3 in each document, not on from the document before."""
        if self.numbering is None:
            return
        nums = {n.get(w("numId")): n for n in self.numbering.findall(w("num"))}
        renamed: dict[str, str] = {}
        # A paragraph numbered by its style gets the style's numbering written on it, so that
        # it can start again too.
        for paragraph in _elements(blocks):
            if paragraph.tag != w("p"):
                continue
            properties = paragraph.find(w("pPr"))
            style = properties.find(w("pStyle")) if properties is not None else None
            numbered = self.numbered_styles.get(style.get(w("val"))) if style is not None else None
            if numbered and properties.find(w("numPr")) is None:
                level, num_id = numbered
                numbering = etree.Element(w("numPr"))
                etree.SubElement(numbering, w("ilvl")).set(w("val"), level)
                etree.SubElement(numbering, w("numId")).set(w("val"), num_id)
                properties.insert(properties.index(style) + 1, numbering)
        for element in _elements(blocks):
            if element.tag != w("numId") or element.get(w("val")) in (None, "0"):
                continue
            old = element.get(w("val"))
            if old not in renamed and old in nums:
                renamed[old] = self._restarted(nums[old])
            if old in renamed:
                element.set(w("val"), renamed[old])

    def _restarted(self, num) -> str:
        existing = [int(n.get(w("numId"))) for n in self.numbering.findall(w("num"))]
        new_id = str(max(existing, default=0) + 1)
        copy = etree.fromstring(etree.tostring(num))
        copy.set(w("numId"), new_id)
        for override in copy.findall(w("lvlOverride")):
            copy.remove(override)
        for level in range(9):
            override = etree.SubElement(copy, w("lvlOverride"))
            override.set(w("ilvl"), str(level))
            etree.SubElement(override, w("startOverride")).set(w("val"), "1")
        self.numbering.append(copy)
        return new_id

    def bytes(self) -> bytes:
        for number, drawing in enumerate(self.document.iter(f"{{{WP}}}docPr"), start=1):
            drawing.set("id", str(number))
        self.parts[DOCUMENT] = _xml(self.document)
        self.parts[RELS] = _xml(self.rels)
        self.parts["[Content_Types].xml"] = _xml(self.types)
        if self.numbering is not None:
            self.parts[NUMBERING] = _xml(self.numbering)
        buffer = io.BytesIO()
        # The fastest compression: the file lives only until LibreOffice has read it.
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, data in self.parts.items():
                archive.writestr(name, data)
        return buffer.getvalue()


_IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}


def _numbered_styles(styles: bytes | None) -> dict[str, tuple[str, str]]:
    """{paragraph style id: (level, numId)} of the styles that number their paragraphs, their
    own numbering or the one of the style they are based on."""
    if styles is None:
        return {}
    own: dict[str, tuple[str, str] | None] = {}
    based: dict[str, str] = {}
    for style in etree.fromstring(styles).iter(w("style")):
        style_id = style.get(w("styleId"))
        numbering = style.find(f"{w('pPr')}/{w('numPr')}")
        num_id = numbering.find(w("numId")) if numbering is not None else None
        if num_id is not None:
            level = numbering.find(w("ilvl"))
            own[style_id] = (
                level.get(w("val")) if level is not None else "0",
                num_id.get(w("val")),
            )
        parent = style.find(w("basedOn"))
        if parent is not None:
            based[style_id] = parent.get(w("val"))
    result = {}
    for style_id in set(own) | set(based):
        seen, current = set(), style_id
        while current is not None and current not in own and current not in seen:
            seen.add(current)
            current = based.get(current)
        found = own.get(current) if current is not None else None
        if found and found[1] != "0":
            result[style_id] = found
    return result


def _elements(blocks):
    for block in blocks:
        yield from block.iter()


def _xml(element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _break_before(blocks: list) -> None:
    """The document begins on a new page: its first paragraph breaks the page before it (an
    empty one is put before a table that comes first)."""
    first = blocks[0]
    if first.tag != w("p"):
        first = etree.Element(w("p"))
        blocks.insert(0, first)
    properties = first.find(w("pPr"))
    if properties is None:
        properties = etree.Element(w("pPr"))
        first.insert(0, properties)
    position = sum(1 for child in properties if child.tag in _PPR_BEFORE_BREAK)
    properties.insert(position, etree.Element(w("pageBreakBefore")))


def merge_docx(contents: list[bytes]) -> bytes:
    """One DOCX of `contents` (filled from one template, see `groups`), each from a new page."""
    if not contents:
        raise ValueError("no documents to merge")
    package = _Package(contents[0])
    for index, content in enumerate(contents[1:], start=1):
        package.append(content, index)
    return package.bytes()
