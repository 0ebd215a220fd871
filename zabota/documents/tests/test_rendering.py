"""Filling DOCX templates: escaping, filters, what a bare field prints, errors in Russian."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document

from zabota.documents.rendering import (
    EMPTY_MARK,
    TemplateRenderError,
    check_docx_container,
    docx_text,
    empty_fields,
    render_docx,
)


def make_template(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rendered(template_text: str, **context) -> str:
    return docx_text(render_docx(make_template(template_text), context)).strip()


def test_a_name_with_ampersand_and_angle_brackets_survives():
    text = rendered("Поставщик: {{ name }}.", name="ООО «Ромашка» & <Ко>")
    assert text == "Поставщик: ООО «Ромашка» & <Ко>."


def test_the_filled_file_is_a_valid_docx_that_python_docx_opens():
    content = render_docx(make_template("{{ a }} & {{ b }}"), {"a": "<x>", "b": "&amp;"})
    assert Document(io.BytesIO(content)).paragraphs[0].text == "<x> & &amp;"


@pytest.mark.parametrize(
    ("template", "value", "expected"),
    [
        ("{{ v|rubles }}", Decimal("1234.5"), "1 234,50 ₽"),
        ("{{ v|money }}", Decimal("30000"), "30 000,00"),
        ("{{ v|rubles_words }}", Decimal("1201.05"), "одна тысяча двести один рубль 05 копеек"),
        ("{{ v|rubles_words|capfirst }}", 2, "Два рубля 00 копеек"),
        ("{{ v|date_words }}", datetime.date(2026, 10, 1), "«01» октября 2026 г."),
        ("{{ v|date }}", datetime.date(2026, 3, 8), "08.03.2026"),
        ("{{ v|month_title }}", "2026-10", "октябрь 2026 г."),
        ("{{ v|month_title }}", datetime.date(2026, 5, 31), "май 2026 г."),
        ('{{ v|month_name("gent") }}', datetime.date(2026, 5, 31), "мая"),
        ("{{ v|initials }}", {"full_name": "Иванова Мария Петровна"}, "Иванова М. П."),
        ("{{ v|initials_first }}", "Осипова Галина Николаевна", "Г. Н. Осипова"),
        ("{{ v|snils }}", "11223344595", "112-233-445 95"),
        ("{{ v|number }}", Decimal("37.50"), "37,5"),
        ('{{ v }} {{ v|plural("услуга", "услуги", "услуг") }}', 22, "22 услуги"),
        (
            '{{ v|number }} {{ v|plural("услуга", "услуги", "услуг") }}',
            Decimal("1.5"),
            "1,5 услуги",
        ),
    ],
)
def test_the_filters_write_russian_forms(template, value, expected):
    assert rendered(template, v=value) == expected


def test_a_bare_field_prints_dates_sums_and_flags_the_russian_way():
    text = rendered(
        "{{ d }} | {{ m }} | {{ yes }} | {{ nothing }}",
        d=datetime.date(2026, 1, 9),
        m=Decimal("1412.5"),
        yes=True,
        nothing=None,
    )
    assert text == "09.01.2026 | 1 412,50 | да |"


def test_a_bare_moment_prints_in_local_time():
    moment = datetime.datetime(2026, 3, 10, 9, 5, tzinfo=datetime.UTC)
    assert rendered("{{ m }}", m=moment) == "10.03.2026 12:05"


def test_a_table_row_loop_repeats_the_row():
    document = Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for s in rows %}"
    table.cell(1, 0).text = "{{ s.n }}"
    table.cell(1, 1).text = "{{ s.name }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    buffer = io.BytesIO()
    document.save(buffer)
    content = render_docx(
        buffer.getvalue(), {"rows": [{"n": 1, "name": "А"}, {"n": 2, "name": "Б"}]}
    )
    filled = Document(io.BytesIO(content)).tables[0]
    assert [[c.text for c in row.cells] for row in filled.rows] == [["1", "А"], ["2", "Б"]]


def test_a_syntax_error_is_explained_in_russian_with_the_line_and_its_text():
    template = make_template("Первый абзац", "Договор № {{ contract.number }", "Третий")
    with pytest.raises(TemplateRenderError) as caught:
        render_docx(template, {"contract": {"number": 1}})
    message = caught.value.describe()
    assert message.startswith("Строка 2: лишний знак «}»")
    assert caught.value.line == 2
    assert "Договор №" in caught.value.paragraph


def test_a_misspelt_field_is_refused_rather_than_printed_empty():
    template = make_template("Получатель: {{ recipient.fullname }}")
    with pytest.raises(TemplateRenderError) as caught:
        render_docx(template, {"recipient": {"full_name": "Иванова"}})
    assert "нет части «fullname»" in caught.value.describe()
    assert "Получатель:" in caught.value.paragraph


def test_an_unknown_filter_is_named():
    with pytest.raises(TemplateRenderError) as caught:
        render_docx(make_template("{{ x|propisyu }}"), {"x": 1})
    assert "нет фильтра «propisyu»" in caught.value.describe()


def test_empty_fields_are_found_with_their_paragraph():
    template = make_template("ФИО: {{ a }}", "Телефон: {{ b }}", "Адрес: {{ c }}")
    assert empty_fields(template, {"a": "Иванова", "b": "", "c": None}) == [
        f"Телефон: {EMPTY_MARK}",
        f"Адрес: {EMPTY_MARK}",
    ]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"%PDF-1.4 not a docx", "не является документом DOCX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "старом формате DOC"),
        (b"", "не является документом DOCX"),
    ],
)
def test_a_file_that_is_not_a_docx_is_recognised(content, fragment):
    with pytest.raises(TemplateRenderError) as caught:
        check_docx_container(content)
    assert fragment in caught.value.describe()


def test_a_zip_without_a_word_document_is_not_a_docx():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(TemplateRenderError):
        check_docx_container(buffer.getvalue())


def test_a_template_cannot_reach_python_internals():
    template = make_template("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateRenderError) as caught:
        render_docx(template, {})
    assert "запрещено" in caught.value.describe()
