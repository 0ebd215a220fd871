"""Every shipped template fills completely: with each kind's sample data, and for every recipient
of a small demo for the documents issued from the card; the HTML engine prints them to PDF."""

import io

import pytest
from docx import Document

from zabota.documents.contexts.common import COMMON_FIELDS
from zabota.documents.docx_html import docx_to_html
from zabota.documents.help import leaf_paths
from zabota.documents.kinds import all_kinds, get_kind
from zabota.documents.pdf import docx_to_pdf, merge_pdfs
from zabota.documents.rendering import EMPTY_MARK, empty_fields, render_docx
from zabota.documents.selectors import default_template, has_default_template
from zabota.documents.services import document_context, sample_context
from zabota.documents.tests.conftest import pdf_text, text_of

KINDS = [
    "contract",
    "contract_agreement",
    "program",
    "act",
    "care_plan",
    "consent",
    "application",
    "discharge_notice",
    # Registered by zabota.billing, its template shipped beside the others.
    "receipt",
    "complaint_answer",
    # Registered by zabota.field (issue 22).
    "route_sheet",
]


def test_the_kinds_are_registered_each_with_a_default_template():
    assert {k.code for k in all_kinds()} == set(KINDS)
    assert all(has_default_template(code) for code in KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_default_template_fills_with_its_sample_with_no_empty_field(kind):
    template = default_template(kind).content
    context = sample_context(get_kind(kind))
    content = render_docx(template, context)
    text = text_of(content)
    assert "{{" not in text and "{%" not in text and "}}" not in text
    assert empty_fields(template, context) == []
    assert Document(io.BytesIO(content)).paragraphs  # python-docx opens it


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_a_sample_is_described_for_the_help_page(kind):
    document_kind = get_kind(kind)
    described = {name for name, _ in [*COMMON_FIELDS, *document_kind.fields]}
    # A list or dict described as a whole covers the name itself, not its items.
    sample_paths = leaf_paths(document_kind.sample_context())
    assert sample_paths <= described
    own_names = {name for name, _ in document_kind.fields}
    declared_leaves = {
        n
        for n in own_names
        if not any(o.startswith(n + ".") or o.startswith(n + "[]") for o in own_names)
    }
    assert declared_leaves <= sample_paths


def test_every_common_field_is_in_the_common_sample():
    common = sample_context(get_kind("consent"))
    paths = leaf_paths(
        {
            k: common[k]
            for k in (
                "today",
                "document",
                "institution",
                "recipient",
                "representative",
                "customer",
                "issuer",
            )
        }
    )
    described = {name for name, _ in COMMON_FIELDS}
    assert paths <= described
    leaves = {n for n in described if not any(o.startswith(n + ".") for o in described)}
    assert leaves <= paths


@pytest.mark.parametrize("kind", ["consent", "application", "discharge_notice"])
def test_recipient_documents_fill_for_every_demo_recipient(small_demo, kind):
    from zabota.documents.kinds import IssueRequest
    from zabota.recipients.models import DischargeReason, Recipient

    actor = small_demo.staff["specialist1"]
    document_kind = get_kind(kind)
    template = default_template(kind).content
    reason = DischargeReason.objects.filter(institution=small_demo.institution).first()
    recipients = Recipient.objects.filter(institution=small_demo.institution).prefetch_related(
        "benefit_categories", "representatives"
    )
    assert recipients.count() == 12
    for recipient in recipients:
        params = {}
        if kind == "discharge_notice" and recipient.is_active:
            params = {"date": "2026-10-15", "reason": str(reason.pk)}
        own = document_kind.build_context(
            IssueRequest(actor=actor, recipient=recipient, params=params)
        )
        context = document_context(
            actor=actor,
            kind=document_kind,
            recipient=recipient,
            own=own,
            number="1",
            issued_on=small_demo.today,
            template_version=0,
        )
        text = text_of(render_docx(template, context, mark_empty=True))
        assert EMPTY_MARK not in text, (recipient.full_name, text)
        assert (
            recipient.name_gent in text
            or recipient.full_name in text
            or recipient.name_datv in text
        )


def test_the_pdf_of_a_contract_reads_back_with_the_name_the_rouble_sign_and_cyrillic(html_engine):
    content = render_docx(
        default_template("contract").content, sample_context(get_kind("contract"))
    )
    text = pdf_text(docx_to_pdf(content))
    assert "Иванова Мария Петровна" in text
    assert "1 412,56 ₽" in text
    assert "одна тысяча четыреста двенадцать рублей 56 копеек" in text
    assert "Перечень социальных услуг, предоставляемых Заказчику" in text


def test_the_pdf_of_an_act_carries_the_table_and_the_sum_in_words(html_engine):
    content = render_docx(default_template("act").content, sample_context(get_kind("act")))
    text = pdf_text(docx_to_pdf(content))
    assert "за октябрь 2026 г." in text
    assert "Мытьё пола в жилых помещениях" in text
    assert "1 728,96 ₽" in text


def test_merged_header_cells_span_in_the_html_of_the_care_plan():
    content = render_docx(
        default_template("care_plan").content, sample_context(get_kind("care_plan"))
    )
    html = docx_to_html(content)
    assert 'colspan="5"' in html  # «Количество по расчётным неделям» over weeks 1–5
    assert 'rowspan="2"' in html  # «Услуга по уходу» over both header rows
    assert "ОБРАЗЕЦ: уровень нуждаемости установлен по примерной методике" in html


def test_merging_pdfs_keeps_every_page_in_order(html_engine):
    first = docx_to_pdf(
        render_docx(default_template("consent").content, sample_context(get_kind("consent")))
    )
    second = docx_to_pdf(
        render_docx(
            default_template("discharge_notice").content,
            sample_context(get_kind("discharge_notice")),
        )
    )
    from pypdf import PdfReader

    merged = merge_pdfs([first, second])
    pages = len(PdfReader(io.BytesIO(first)).pages) + len(PdfReader(io.BytesIO(second)).pages)
    assert len(PdfReader(io.BytesIO(merged)).pages) == pages
    text = pdf_text(merged)
    assert text.index("СОГЛАСИЕ") < text.index("УВЕДОМЛЕНИЕ")


def test_the_developer_guide_lists_every_field_of_every_kind():
    from django.conf import settings

    guide = (settings.BASE_DIR / "docs" / "documents.md").read_text(encoding="utf-8")
    missing = [
        name for kind in KINDS for name, _ in get_kind(kind).fields if f"`{name}`" not in guide
    ]
    missing += [name for name, _ in COMMON_FIELDS if f"`{name}`" not in guide]
    assert missing == []


def test_the_builders_check_names_missing_fields_and_empty_ones():
    from zabota.documents.checks import context_problems

    assert context_problems("act", get_kind("act").sample_context()) == []
    own = get_kind("act").sample_context()
    del own["act"]["to_pay_words"]
    own["signatures"]["provider_name"] = ""
    problems = context_problems("act", own)
    assert "нет поля act.to_pay_words" in problems
    assert any(p.startswith("шаблон не заполняется") for p in problems)
    own = get_kind("care_plan").sample_context()
    own["care_plan"]["by_relatives"] = []
    own["care_plan"]["methodology_title"] = ""
    problems = context_problems("care_plan", own)
    assert problems == [
        "пустое поле: ОБРАЗЕЦ: уровень нуждаемости установлен по примерной методике «⟦пусто⟧», а не по утверждённому акту региона."
    ]
