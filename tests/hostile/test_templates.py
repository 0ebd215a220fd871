"""Document templates that take a server down (issue 15, item 5): a loop inside a loop grew the
process to 24 GB. Templates are refused on upload, by rendering the kind's sample data under
the limits, and a stored one that trips them fails to issue with the same message."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zabota.documents.models import DocumentTemplate, IssuedDocument
from zabota.documents.rendering import TemplateRenderError, render_docx
from zabota.documents.tests.test_rendering import make_template

NESTED_LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(personas, *paragraphs: str):
    client = personas.client_for(personas.admin)
    file = SimpleUploadedFile("согласие.docx", make_template(*paragraphs), content_type=DOCX)
    return client.post(reverse("documents:template_kind", args=["consent"]), {"file": file})


def upload_errors(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["form"].errors["file"])


def refusal(template_text: str) -> str:
    started = time.monotonic()
    with pytest.raises(TemplateRenderError) as caught:
        render_docx(make_template(template_text), {})
    assert time.monotonic() - started < 10
    return caught.value.describe()


@pytest.mark.django_db
def test_the_nested_loop_is_refused_on_upload_naming_the_limit_and_the_line(personas):
    started = time.monotonic()
    errors = upload_errors(upload(personas, "Согласие", NESTED_LOOP))
    assert time.monotonic() - started < 10
    assert "Строка 2: Шаблон слишком тяжёл: цикл длиннее 10 000 повторений — в тексте" in errors
    assert not DocumentTemplate.objects.exists()


@pytest.mark.django_db
def test_loops_short_enough_each_but_too_long_together_are_refused(personas, settings):
    settings.ZABOTA_TEMPLATE_MAX_STEPS = 20_000
    loops = "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"
    errors = upload_errors(upload(personas, loops))
    assert "Шаблон слишком тяжёл: больше 20 000 повторений циклов и вызовов" in errors


@pytest.mark.django_db
def test_a_stored_template_over_the_limits_fails_to_issue_with_the_message(personas):
    DocumentTemplate.objects.create(
        institution=personas.institution,
        kind="consent",
        version=1,
        content=make_template("Согласие {{ recipient.full_name }}", NESTED_LOOP),
        filename="согласие.docx",
        uploaded_by=personas.admin,
        is_active=True,
    )
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.specialist)
    response = client.post(
        reverse("documents:issue", args=["consent"]) + f"?recipient={recipient.pk}"
    )
    assert response.status_code == 200
    assert "Шаблон слишком тяжёл: цикл длиннее 10 000 повторений" in response.content.decode()
    assert not IssuedDocument.objects.exists()

    preview = personas.client_for(personas.admin).get(
        reverse("documents:template_preview", args=["consent"])
    )
    assert preview.status_code == 200
    assert "Шаблон слишком тяжёл" in preview.content.decode()


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ 'x' * 1000000000 }}", "значение длиннее 5 000 000 знаков"),
        ("{{ 'x'|center(1000000000) }}", "значение длиннее 5 000 000 знаков"),
        ("{{ 'x'.ljust(1000000000) }}", "значение длиннее 5 000 000 знаков"),
        ("{{ ('x' * 1000000)|replace('x', 'y' * 100) }}", "значение длиннее 5 000 000 знаков"),
        ("{{ range(10000)|join('x' * 1000000) }}", "значение длиннее 5 000 000 знаков"),
        ("{{ '%999999999d'|format(1) }}", "ширина поля в формате больше 1 000 знаков"),
        ("{{ '%999999999d' % 1 }}", "ширина поля в формате больше 1 000 знаков"),
        ("{{ 9 ** (9 ** 9) }}", "слишком большое число"),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
            "{% endfor %}",
            "значение длиннее 5 000 000 знаков",
        ),
        (
            "{% set ns = namespace(l=[1]) %}{% for i in range(64) %}{% set ns.l = [ns.l, ns.l] %}"
            "{% endfor %}{{ ns.l }}",
            "значение длиннее 5 000 000 знаков",
        ),
        ("{% for x in [1]|slice(1000000000) %}{% endfor %}", "цикл длиннее 10 000 повторений"),
        ("{% for c in 'x' * 5000000 %}{% endfor %}", "цикл длиннее 10 000 повторений"),
        ("{{ 'x{{ y }}' * 3000 }}" + "{{ y }}" * 2001, "больше 2 000 полей и команд"),
    ],
    ids=[
        "multiply",
        "center",
        "ljust",
        "replace",
        "join",
        "format-filter",
        "percent-format",
        "power",
        "doubling-string",
        "doubling-list",
        "slice",
        "string-loop",
        "tags",
    ],
)
def test_a_template_that_multiplies_its_work_stops_with_a_russian_message(template, message):
    text = refusal(template)
    assert f"Шаблон слишком тяжёл: {message}" in text


def test_a_macro_calling_itself_twice_stops_at_the_step_limit(settings):
    settings.ZABOTA_TEMPLATE_MAX_STEPS = 10_000
    template = (
        "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}"
    )
    assert "больше 10 000 повторений циклов и вызовов" in refusal(template)


def test_a_macro_without_end_is_a_message_not_a_crash():
    text = refusal("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")
    assert text.startswith("Ошибка в шаблоне (строка 1): RecursionError")


def test_a_document_longer_than_the_output_limit_is_refused(settings):
    settings.ZABOTA_TEMPLATE_MAX_OUTPUT = 200_000
    text = refusal("{% for i in range(10000) %}Пункт договора номер {{ i }}. {% endfor %}")
    assert "Шаблон слишком тяжёл: документ длиннее 200 000 знаков разметки" in text


def test_the_time_limit_stops_a_slow_template(settings):
    settings.ZABOTA_TEMPLATE_MAX_SECONDS = 0
    text = refusal("{% for i in range(5000) %}{{ i }}{% endfor %}")
    assert "Шаблон слишком тяжёл: документ заполняется дольше 0 с" in text


def test_loops_filters_and_macros_of_an_ordinary_template_still_work():
    template = make_template(
        "{% macro row(n, s) %}{{ n }}. {{ s.name|capfirst }} — {{ s.price|rubles }}{% endmacro %}"
        "{% for s in services %}{{ row(loop.index, s) }}; {% endfor %}"
        "{{ services|map(attribute='name')|join(', ') }} {{ '%05.1f'|format(3.14159) }}"
    )
    services = [{"name": "уборка", "price": 120}, {"name": "покупка продуктов", "price": 95}]
    document = render_docx(template, {"services": services})
    from zabota.documents.rendering import docx_text

    assert docx_text(document).strip() == (
        "1. Уборка — 120,00 ₽; 2. Покупка продуктов — 95,00 ₽; уборка, покупка продуктов 003.1"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ recipient.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ range.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ '{0.__class__.__mro__}'.format('') }}",
        "{{ ''.format_map }}",
    ],
    ids=[
        "mro",
        "subclasses",
        "globals-of-a-value",
        "os-popen",
        "namespace-globals",
        "range-globals",
        "template-context",
        "str-format",
        "str-format-map",
    ],
)
def test_a_template_reaching_for_python_internals_is_refused_on_upload(personas, template):
    errors = upload_errors(upload(personas, template))
    assert "обращение к служебным частям программы запрещено" in errors
    assert not DocumentTemplate.objects.exists()
