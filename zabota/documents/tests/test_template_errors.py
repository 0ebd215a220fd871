"""Jinja's messages in Russian: each case is a real broken template and what the person reads.

The second paragraph of each template holds the error, so every message starts «Строка 2».
"""

import pytest

from zabota.documents.rendering import TemplateRenderError, render_docx
from zabota.documents.template_errors import russian
from zabota.documents.tests.test_rendering import make_template

CONTEXT = {"contract": {"number": "1/2026"}, "items": [1, 2], "flag": True}

CASES = [
    (
        "Договор {{ contract.number о }}",
        "ожидалось окончание выражения «}}», а встретилось «о»",
    ),
    (
        "Договор № {{ contract.number }",
        "лишний знак «}»: выражение закрывается двумя скобками «}}», команда — «%}»",
    ),
    ("{% if flag }", "лишний знак «}»: выражение закрывается двумя скобками «}}», команда — «%}»"),
    ("{% if flag %}без конца", "шаблон закончился, а блок «if» не закрыт: нет {% endif %}"),
    (
        "{% for x in items %}без конца",
        "шаблон закончился, а блок «for» не закрыт: нет {% endfor %}",
    ),
    (
        "{% for x in items %}{{ x }}{% endif %}",
        "команда «endif» не подходит к открытому блоку «for»: ожидалось {% endfor %}",
    ),
    ("{% endif %}", "команда «endif» без открывающей команды «if»"),
    ("{% else %}", "команда «else» вне блока if или for"),
    ("{% iff flag %}", "неизвестная команда «iff»"),
    ("{{ }}", "ожидалось поле или значение, а встретилось окончание выражения «}}»"),
    ("{% if %}{% endif %}", "ожидалось поле или значение, а встретилось окончание команды «%}»"),
    ("{% for x items %}{% endfor %}", "ожидалось «in», а встретилось «items»"),
    ("{{ contract.number + }}", "выражение не закончено: не хватает значения перед «}}»"),
    ("{{ (contract.number }}", "не закрыта скобка: ожидалось «)», а встретилось «}»"),
    (
        "{{ «contract» }}",
        "недопустимый знак ««» внутри выражения или команды (кавычки — только прямые)",
    ),
    ("{{ contract. }}", "после точки ожидалось имя части поля"),
    ("{# заметка", "комментарий «{#» не закрыт: нет «#}»"),
    ("{{ contract.number|propisyu }}", "нет фильтра «propisyu»"),
    ("{{ nonsense }}", "поле «nonsense» не существует"),
    ("{{ contract.fio }}", "у поля нет части «fio»"),
    ("{{ contract.__class__ }}", "обращение к служебным частям программы запрещено"),
]


@pytest.mark.parametrize(("paragraph", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_broken_template_is_explained_in_russian_with_its_line(paragraph, expected):
    with pytest.raises(TemplateRenderError) as caught:
        render_docx(make_template("Первый абзац", paragraph, "Третий"), CONTEXT)
    message = caught.value.describe()
    # docxtpl joins an unclosed field with the text after it: the quote may run on.
    assert message.startswith(f"Строка 2: {expected} — в тексте «{paragraph}")
    assert not any(word in message for word in ("expected", "unexpected", "token", "got"))


def test_an_unknown_message_falls_back_to_the_original_with_the_line():
    error = TemplateRenderError("something new", line=7, understood=False)
    assert error.describe() == "Ошибка в шаблоне (строка 7): something new"
    assert russian("something new") is None
