"""Filling a DOCX template: docxtpl with our Jinja environment, always autoescaped.

The environment is sandboxed (an uploaded template must not reach Python internals) and bounded
in the work one document may take (zabota.documents.sandbox, docs/security.md). Why
autoescape is not optional: docxtpl writes values into XML, and without escaping a value
with "&" or "<" (ООО «Ромашка» & <Ко>) silently loses its tail or breaks the file
(shared/reference/libraries.md). Why StrictUndefined: a misspelt field in an uploaded template
must be refused at upload, not print as an empty gap in a contract.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections import OrderedDict
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from zabota.core.dates import when_text
from zabota.core.text import printable
from zabota.documents.sandbox import (
    BoundedSandbox,
    TemplateLimits,
    TemplateTooHeavy,
    document_budget,
)
from zabota.documents.template_errors import russian
from zabota.rules.identifiers import snils_format
from zabota.rules.names import initials as name_initials
from zabota.rules.payment import format_rubles
from zabota.rules.words import (
    capitalize_first,
    date_in_words,
    month_name,
    month_year_title,
    plural,
    rubles_in_words,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ImageData:
    """A picture for a template field (a signature drawn on the tablet): plain bytes in the
    context, so a prepared document can travel to a rendering process; `render_docx` turns it
    into docxtpl's InlineImage of the document being filled."""

    def __init__(self, content: bytes, width_mm: float = 40):
        self.content = bytes(content)
        self.width_mm = width_mm

    def __bool__(self) -> bool:
        return bool(self.content)


def _with_images(value, document):
    if isinstance(value, ImageData):
        from docx.shared import Mm
        from docxtpl import InlineImage

        return InlineImage(document, io.BytesIO(value.content), width=Mm(value.width_mm))
    if isinstance(value, Mapping):
        return {key: _with_images(item, document) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_with_images(item, document) for item in value]
    return value


# Marks a field that came out empty when a template is checked (tests, the preview page).
EMPTY_MARK = "⟦пусто⟧"


class TemplateRenderError(Exception):
    """A template that cannot be filled, with a Russian explanation for the administrator.

    `line` is the number of the paragraph (table cells count too) the person finds the error
    in, `paragraph` its text; `understood` is False when the message is Jinja's own, untranslated.
    """

    def __init__(
        self,
        message: str,
        *,
        paragraph: str = "",
        line: int | None = None,
        understood: bool = True,
    ):
        self.message = message
        self.paragraph = paragraph
        self.line = line
        self.understood = understood
        super().__init__(self.describe())

    def describe(self) -> str:
        if not self.understood:
            where = f" (строка {self.line})" if self.line is not None else ""
            text = f"Ошибка в шаблоне{where}: {self.message}"
        elif self.line is not None:
            text = f"Строка {self.line}: {self.message}"
        else:
            text = self.message
        if self.paragraph:
            text += f" — в тексте «{self.paragraph[:120]}»"
        return text


# --- filters -------------------------------------------------------------------------------


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a sum cannot be a yes/no value")
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"не сумма: {value!r}") from None


def f_rubles(value) -> str:
    """1234.5 → «1 234,50 ₽»"""
    amount = _money(value)
    return "" if amount is None else format_rubles(amount)


def f_money(value) -> str:
    """1234.5 → «1 234,50» (for a column headed «руб.»)"""
    amount = _money(value)
    return "" if amount is None else format_rubles(amount).replace(" ₽", "")


def f_rubles_words(value) -> str:
    """1234.5 → «одна тысяча двести тридцать четыре рубля 50 копеек»"""
    amount = _money(value)
    return "" if amount is None else rubles_in_words(amount)


def f_date(value, pattern: str = "%d.%m.%Y") -> str:
    """date → «01.10.2026»"""
    if not value:
        return ""
    return value.strftime(pattern)


def f_date_words(value) -> str:
    """date → «01» октября 2026 г."""
    return date_in_words(value) if value else ""


def f_month_title(value) -> str:
    """date or "2026-10" → «октябрь 2026 г.»"""
    if not value:
        return ""
    if isinstance(value, str):
        year, month = (int(p) for p in value.split("-")[:2])
        return month_year_title(year, month)
    return month_year_title(value.year, value.month)


def f_month_name(value, case: str = "nomn") -> str:
    """10 or a date → «октябрь»; with a case: {{ 10|month_name("gent") }} → «октября»"""
    if not value:
        return ""
    month = value if isinstance(value, int) else value.month
    return month_name(month, case)


def _full_name(person) -> str:
    if isinstance(person, Mapping):
        return str(person.get("full_name") or "")
    return str(person or "")


def f_initials(person) -> str:
    """«Иванова Мария Петровна» (or a person with full_name) → «Иванова М. П.»"""
    name = _full_name(person)
    return name_initials(name) if name else ""


def f_initials_first(person) -> str:
    """→ «М. П. Иванова», as under a signature"""
    name = _full_name(person)
    return name_initials(name, surname_first=False) if name else ""


def f_capfirst(value) -> str:
    return capitalize_first(str(value or ""))


def f_snils(value) -> str:
    return snils_format(value) if value else ""


def f_plural(number, one: str, few: str, many: str) -> str:
    """{{ n }} {{ n|plural("услуга", "услуги", "услуг") }}; 1,5 → «услуги»"""
    return plural(number or 0, one, few, many)


def f_number(value) -> str:
    """1234.5 → «1 234,5»; 12 → «12»"""
    if value in (None, ""):
        return ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    amount = Decimal(value).normalize()
    text = f"{amount:,f}".replace(",", " ").replace(".", ",")
    return text


FILTERS = {
    "rubles": f_rubles,
    "money": f_money,
    "rubles_words": f_rubles_words,
    "date": f_date,
    "date_words": f_date_words,
    "month_title": f_month_title,
    "month_name": f_month_name,
    "initials": f_initials,
    "initials_first": f_initials_first,
    "capfirst": f_capfirst,
    "snils": f_snils,
    "plural": f_plural,
    "number": f_number,
}

# (filter, example, result) for the help page.
FILTER_HELP = [
    ("rubles", "{{ fee.amount|rubles }}", "1 234,50 ₽"),
    ("money", "{{ s.price|money }}", "1 234,50"),
    ("rubles_words", "{{ fee.amount|rubles_words }}", "одна тысяча двести тридцать четыре рубля 50 копеек"),  # noqa: E501
    ("capfirst", "{{ fee.amount|rubles_words|capfirst }}", "Одна тысяча двести тридцать четыре рубля 50 копеек"),  # noqa: E501
    ("date", "{{ today|date }}", "01.10.2026"),
    ("date_words", "{{ today|date_words }}", "«01» октября 2026 г."),
    ("month_title", "{{ act.period|month_title }}", "октябрь 2026 г."),
    ("month_name", '{{ today|month_name("gent") }}', "октября"),
    ("initials", "{{ recipient|initials }}", "Иванова М. П."),
    ("initials_first", "{{ institution.director_name|initials_first }}", "Г. Н. Осипова"),
    ("snils", "{{ recipient.snils|snils }}", "112-233-445 95"),
    ("number", "{{ care_plan.month_hours|number }}", "37,17"),
    ("plural", '{{ n }} {{ n|plural("услуга", "услуги", "услуг") }}', "5 услуг"),
]  # fmt: skip


def _finalize(value):
    # What a bare {{ field }} prints: no "None", dates and sums the Russian way.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime):
        return when_text(value)  # local time, as the pages show it
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return f_money(value)
    if isinstance(value, str) and not isinstance(value, Markup):
        # A control character stored before the forms refused them would break the document's
        # XML: written as U+FFFD, the document is still issued (zabota.core.text).
        return printable(value)
    return value


def _finalize_marking_empty(value):
    value = _finalize(value)
    if isinstance(value, str) and not value.strip():
        return Markup(EMPTY_MARK)
    return value


class _CompilingOnce(BoundedSandbox):
    """Compiles each distinct source once. A bulk run fills one template a thousand times, and
    compiling its XML (lexing, parsing, Python code) was a third of each act's DOCX."""

    CACHE_SIZE = 64
    # A real template's XML is tens of kilobytes; a bigger one is compiled each time rather
    # than kept, so the cache stays small whatever is uploaded.
    CACHE_MAX_SOURCE = 1_000_000

    def __init__(self, **options):
        super().__init__(**options)
        self._compiled: OrderedDict[str, object] = OrderedDict()

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            if len(source) > self.CACHE_MAX_SOURCE:
                return template
            self._compiled[source] = template
            if len(self._compiled) > self.CACHE_SIZE:
                self._compiled.popitem(last=False)
        return template


def make_environment(*, mark_empty: bool = False) -> BoundedSandbox:
    # Sandboxed: a template is uploaded by a user, and Jinja without a sandbox lets a template
    # reach Python internals ({{ ''.__class__.__mro__ }}) and run code on the server; bounded:
    # a loop inside a loop took a server's memory whole.
    env = _CompilingOnce(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize_marking_empty if mark_empty else _finalize,
    )
    env.filters.update(FILTERS)
    return env


_ENV = make_environment()
_CHECK_ENV = make_environment(mark_empty=True)


# --- rendering -----------------------------------------------------------------------------


def check_docx_container(content: bytes) -> None:
    """Refuse what is not a DOCX: a ZIP holding word/document.xml, of a sane unpacked size."""
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TemplateRenderError(
            "Это файл в старом формате DOC (Word 97–2003). Сохраните его как «Документ Word "
            "(*.docx)» и загрузите снова."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            info = archive.getinfo("word/document.xml")
            total = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise TemplateRenderError(
            "Файл не является документом DOCX. Сохраните шаблон в Word или LibreOffice как "
            "«Документ Word (*.docx)»."
        ) from None
    # A few megabytes of XML is a long contract; hundreds is a "zip bomb".
    if info.file_size > 50 * 1024 * 1024 or total > 200 * 1024 * 1024:
        raise TemplateRenderError("Файл DOCX слишком велик после распаковки.")


@lru_cache(maxsize=32)
def _patched(xml: str) -> str:
    # docxtpl's clean-up of the template XML depends on the XML alone (not on the instance).
    return DocxTemplate.patch_xml(None, xml)


# What resolve_listing rewrites (tabs, new lines, paragraph and page breaks in values).
_LISTING = re.compile("[\t\n\a\f]")


class _Template(DocxTemplate):
    """docxtpl with the template's own work done once per template, not once per document."""

    def patch_xml(self, src_xml):
        return _patched(src_xml)

    def resolve_listing(self, xml):
        # Rewrites only those characters; without any, its three nested passes of regular
        # expressions over every paragraph return the XML unchanged.
        if not _LISTING.search(xml):
            return xml
        return super().resolve_listing(xml)


def render_docx(template: bytes, context: Mapping, *, mark_empty: bool = False) -> bytes:
    """The filled DOCX; TemplateRenderError (in Russian, with the line) for a broken template."""
    env = _CHECK_ENV if mark_empty else _ENV
    try:
        document = _Template(io.BytesIO(template))
        with document_budget(TemplateLimits.from_settings()):
            document.render(_with_images(dict(context), document), jinja_env=env, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except TemplateError as error:
        raise _explain(error, template) from error
    except (zipfile.BadZipFile, KeyError) as error:
        raise TemplateRenderError("Файл шаблона повреждён или не является DOCX.") from error
    except Exception as error:
        # 1/0, a filter given a word for a number, a macro calling itself: the template's
        # fault, said to the person instead of a server error.
        raise _explain(error, template) from error
    return buffer.getvalue()


def _explain(error: Exception, template: bytes) -> TemplateRenderError:
    if isinstance(error, TemplateTooHeavy):
        line = _template_line(error)
        number, paragraph = _paragraph_at(template, line) if line else (None, "")
        return TemplateRenderError(
            f"Шаблон слишком тяжёл: {error.message}", paragraph=paragraph, line=number
        )
    if isinstance(error, TemplateSyntaxError):
        line = error.lineno
    else:
        line = _template_line(error)
    # A Jinja error has its message; anything else (1/0, a filter given a word for a number)
    # is named by its kind, so that the person sees what went wrong rather than a server error.
    original = (
        str(error.message or error)
        if isinstance(error, TemplateError)
        else f"{type(error).__name__}: {error}"
    )
    said = russian(original)
    if said is None and isinstance(error, SecurityError):
        said = "обращение к служебным частям программы запрещено"
    number, paragraph = _paragraph_at(template, line) if line else (None, "")
    return TemplateRenderError(
        said or original, paragraph=paragraph, line=number, understood=said is not None
    )


def _template_line(error: BaseException) -> int | None:
    # Jinja rewrites the traceback so that template lines appear as frames of "<template>".
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _paragraph_at(template: bytes, line: int) -> tuple[int | None, str]:
    """The number and text of the paragraph at `line` of the XML docxtpl gave to Jinja (it puts
    each paragraph on a line of its own, after a line of document header)."""
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.init_docx()
        xml = document.patch_xml(document.get_xml())
    except Exception:  # the message matters more than the quote
        return None, ""
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()
    if not 0 < line <= len(lines):
        return None, ""
    number = sum(1 for text in lines[:line] if re.match(r"<w:p[ >]", text))
    return (number or None), re.sub(r"<[^>]+>", "", lines[line - 1]).strip()


def docx_text(content: bytes) -> str:
    """All text of a DOCX, paragraphs and table cells in order, one paragraph a line."""
    from docx import Document

    document = Document(io.BytesIO(content))
    lines: list[str] = []

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                lines.append(block.text)

    walk(document)
    return "\n".join(lines)


def empty_fields(template: bytes, context: Mapping) -> list[str]:
    """The paragraphs in which a field came out empty (each shown with the mark)."""
    text = docx_text(render_docx(template, context, mark_empty=True))
    return [line.strip() for line in text.splitlines() if EMPTY_MARK in line]
