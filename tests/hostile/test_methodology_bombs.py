"""Methodology files (JSON/YAML) that exhaust a server: YAML's aliases let one kilobyte stand for
a billion values (printing one in an error message never ended), and brackets nested a
hundred thousand deep run the parsers out of stack."""

import time
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zabota.ltc import services
from zabota.ltc.models import Methodology
from zabota.ltc.tests.conftest import json_file, small_methodology

pytestmark = pytest.mark.django_db


def billion_laughs() -> bytes:
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    # The last level, 9^9 values, where a number is expected: the old check printed it.
    body = """
code: region
title: Анкета
source: Приказ
version: "1"
questions:
  - code: walk
    text: Передвижение
    options:
      - {code: a, text: сам, points: *i}
outcomes:
  - {code: "0", title: нет, min: 0, max: 1, hours_per_week: 0, reassess_months: 12}
"""
    return ("\n".join(levels) + body).encode()


def upload(personas, content: bytes, name: str):
    return services.methodology_upload(actor=personas.admin, file=SimpleUploadedFile(name, content))


def test_a_billion_laughs_yaml_is_refused_at_once_in_little_memory(personas):
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ValidationError, match="больше 100 000 значений"):
            upload(personas, billion_laughs(), "region.yaml")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 50 * 1024 * 1024
    assert not Methodology.objects.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"[" * 200_000 + b"]" * 200_000, "region.json"), (b"[" * 200_000, "region.yaml")],
    ids=["json", "yaml"],
)
def test_brackets_nested_too_deep_are_refused(personas, content, name):
    with pytest.raises(ValidationError, match="вложенность глубже 20 уровней"):
        upload(personas, content, name)


def test_more_questions_than_the_limit_are_refused(personas, settings):
    settings.ZABOTA_METHODOLOGY_MAX_QUESTIONS = 1
    with pytest.raises(ValidationError, match="больше 1 вопросов"):
        services.methodology_upload(actor=personas.admin, file=json_file(small_methodology()))


def test_a_file_over_the_size_limit_is_refused_unread(personas):
    content = b'{"code": "region", "title": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    with pytest.raises(ValidationError, match="Файл методики больше 1 МБ"):
        upload(personas, content, "region.json")


def test_an_ordinary_methodology_still_loads(personas):
    methodology = services.methodology_upload(
        actor=personas.admin, file=json_file(small_methodology())
    )
    assert methodology.code == "region"
