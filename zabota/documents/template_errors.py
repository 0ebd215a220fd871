"""Jinja's English error messages said in Russian, for the person who edits a DOCX template.

Jinja words its messages for programmers («expected token 'end of print statement', got 'о'»);
an administrator of a КЦСОН needs «ожидалось окончание выражения «}}», а встретилось «о»».
Each known message is a pattern here; `russian` returns None for any other, and the caller
then shows the original after «Ошибка в шаблоне». The table of cases in test_template_errors.py
produces every message with a real broken template, so a new Jinja wording shows up there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# What Jinja calls the parts of a template (jinja2.lexer), as the person typed them.
_TOKENS = {
    "end of print statement": "окончание выражения «}}»",
    "begin of print statement": "начало выражения «{{»",
    "end of statement block": "окончание команды «%}»",
    "begin of statement block": "начало команды «{%»",
    "end of comment": "окончание комментария «#}»",
    "begin of comment": "начало комментария «{#»",
    "end of template": "конец шаблона",
    "template data / text": "обычный текст",
    "name": "имя поля",
    "integer": "число",
    "float": "число",
    "string": "текст в кавычках",
}


def _token(text: str) -> str:
    return _TOKENS.get(text) or f"«{text}»"


def _closing(tag: str) -> str:
    return "{% end" + tag + " %}"


def _expected_token(expected: str, got: str) -> str:
    return f"ожидалось {_token(expected)}, а встретилось {_token(got)}"


def _expected_expression(got: str) -> str:
    return f"ожидалось поле или значение, а встретилось {_token(got)}"


def _unclosed_bracket(got: str, expected: str) -> str:
    return f"не закрыта скобка: ожидалось «{expected}», а встретилось {_token(got)}"


_ENDS = {"end of print statement": "«}}»", "end of statement block": "«%}»"}


def _unexpected(what: str) -> str:
    if what == "}":
        return "лишний знак «}»: выражение закрывается двумя скобками «}}», команда — «%}»"
    if what in _ENDS:
        return f"выражение не закончено: не хватает значения перед {_ENDS[what]}"
    if what in _TOKENS:
        return f"неожиданно встретилось {_token(what)}"
    return f"лишний знак «{what}»"


def _bad_char(_quote: str, char: str) -> str:
    return f"недопустимый знак «{char}» внутри выражения или команды (кавычки — только прямые)"


def _unclosed_block(tag: str) -> str:
    return f"шаблон закончился, а блок «{tag}» не закрыт: нет {_closing(tag)}"


def _wrong_tag_in_block(tag: str, block: str) -> str:
    if tag.startswith("end") or tag in ("else", "elif"):
        return (
            f"команда «{tag}» не подходит к открытому блоку «{block}»: ожидалось {_closing(block)}"
        )
    return f"неизвестная команда «{tag}» внутри блока «{block}»"


def _unknown_tag(tag: str) -> str:
    if tag.startswith("end"):
        return f"команда «{tag}» без открывающей команды «{tag[3:]}»"
    if tag in ("else", "elif"):
        return f"команда «{tag}» вне блока if или for"
    return f"неизвестная команда «{tag}»"


_MESSAGES: list[tuple[re.Pattern[str], Callable[..., str]]] = [
    (re.compile(r"expected token '(.+?)', got '(.*)'"), _expected_token),
    (re.compile(r"Expected an expression, got '(.*)'"), _expected_expression),
    (re.compile(r"unexpected '(.+?)', expected '(.+?)'"), _unclosed_bracket),
    (re.compile(r"unexpected char (['\"])(.+)\1 at \d+"), _bad_char),
    (re.compile(r"unexpected '(.+?)'"), _unexpected),
    (
        re.compile(r"Unexpected end of template\..*needs to be closed is '(\w+)'\.", re.DOTALL),
        _unclosed_block,
    ),
    (
        re.compile(r"Unexpected end of template.*"),
        lambda: "шаблон закончился, а команда «{% … %}» не закрыта",
    ),
    (
        re.compile(
            r"Encountered unknown tag '(\w+)'\..*needs to be closed is '(\w+)'\.", re.DOTALL
        ),
        _wrong_tag_in_block,
    ),
    (re.compile(r"Encountered unknown tag '(\w+)'\.?"), _unknown_tag),
    (re.compile(r"No filter named '(.+?)'\.?"), lambda name: f"нет фильтра «{name}»"),
    (re.compile(r"No test named '(.+?)'\.?"), lambda name: f"нет проверки «{name}»"),
    (re.compile(r"'(.+?)' is undefined"), lambda name: f"поле «{name}» не существует"),
    (re.compile(r".* has no attribute '(.+?)'"), lambda name: f"у поля нет части «{name}»"),
    (re.compile(r".* has no element (.+)"), lambda index: f"в списке нет элемента {index}"),
    (
        re.compile(r".* is unsafe\.?"),
        lambda: "обращение к служебным частям программы запрещено",
    ),
    (
        re.compile(r"Missing end of comment tag"),
        lambda: "комментарий «{#» не закрыт: нет «#}»",
    ),
    (re.compile(r"Missing end of raw directive"), lambda: "блок «raw» не закрыт: нет {% endraw %}"),
    (re.compile(r"expected name or number"), lambda: "после точки ожидалось имя части поля"),
]


def russian(message: str) -> str | None:
    """The Russian for a Jinja error message, or None when it is not a known one."""
    message = message.strip()
    for pattern, say in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return say(*match.groups())
    return None
