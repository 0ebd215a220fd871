"""Documents of one template merged into one DOCX for LibreOffice to print: every body in
order, each from a new page, every signature its own picture, numbered lists starting again."""

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from zabota.documents.kinds import get_kind
from zabota.documents.merging import groups, merge_docx
from zabota.documents.rendering import ImageData, docx_text, render_docx
from zabota.documents.selectors import default_template
from zabota.documents.services import sample_context


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), colour).save(buffer, "PNG")
    return buffer.getvalue()


def act(name: str, signature: bytes | None = None) -> bytes:
    context = sample_context(get_kind("act"))
    context["recipient"] = dict(context["recipient"], full_name=name)
    context["signatures"] = dict(
        context["signatures"], customer_signature=ImageData(signature) if signature else ""
    )
    return render_docx(default_template("act").content, context)


def starts_a_page(paragraph) -> bool:
    properties = paragraph._p.pPr
    return properties is not None and properties.find(qn("w:pageBreakBefore")) is not None


def test_the_bodies_follow_in_order_each_from_a_new_page():
    acts = [act("Первая"), act("Вторая"), act("Третья")]
    merged = merge_docx(acts)

    assert docx_text(merged) == "\n".join(docx_text(a) for a in acts)
    paragraphs = Document(io.BytesIO(merged)).paragraphs
    starts = [p for p in paragraphs if starts_a_page(p)]
    assert len(starts) == 2
    assert docx_text(merged).count("АКТ №") == 3


def test_each_signature_stays_its_own_picture():
    red, blue = png("red"), png("blue")
    merged = merge_docx([act("Первая", red), act("Вторая"), act("Третья", blue)])

    document = Document(io.BytesIO(merged))
    blips = document.element.body.iter(qn("a:blip"))
    pictures = [document.part.related_parts[b.get(qn("r:embed"))].blob for b in blips]
    assert pictures == [red, blue]
    drawing_ids = [e.get("id") for e in document.element.body.iter(qn("wp:docPr"))]
    assert len(set(drawing_ids)) == len(drawing_ids) == 2
    assert zipfile.ZipFile(io.BytesIO(merged)).testzip() is None


def numbered_list(*items: str) -> bytes:
    document = Document()
    for item in items:
        document.add_paragraph(item, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_numbered_list_starts_again_in_each_document():
    merged = merge_docx([numbered_list("а", "б"), numbered_list("в", "г")])

    document = Document(io.BytesIO(merged))
    lists = [p._p.pPr.numPr for p in document.paragraphs]
    assert lists[:2] == [None, None]  # the first document numbers by its style, as it was
    second = {n.numId.val for n in lists[2:]}
    assert len(second) == 1
    (num,) = [n for n in document.part.numbering_part.element.num_lst if n.numId in second]
    overrides = num.findall(qn("w:lvlOverride"))
    assert [o.find(qn("w:startOverride")).get(qn("w:val")) for o in overrides] == ["1"] * 9


def test_only_documents_of_one_template_are_merged_25_at_most():
    acts = [act(f"Получатель {n}") for n in range(27)]
    other = numbered_list("а")
    chunks = groups([*acts[:26], other, acts[26]])
    assert [len(c) for c in chunks] == [25, 1, 1, 1]
    assert chunks[2] == [other]
