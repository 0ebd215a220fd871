"""The name search finds what `words_query` finds, on SQLite with one call per person."""

import pytest

from zabota.core.lists import words_query
from zabota.recipients.models import Recipient
from zabota.recipients.search import FIELDS, name_filter
from zabota.recipients.selectors import search_recipients
from zabota.testing import make_recipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def names(personas):
    for last, first, middle in [
        ("Фёдорова", "Алёна", "Петровна"),
        ("Федоров", "Пётр", ""),
        ("Ёлкина", "Анна", "Сергеевна"),
        ("O'Брайен", "Мэри", "Энн"),
        ("Иванов-Петров", "Илья", "Ильич"),
    ]:
        make_recipient(
            personas.institution,
            personas.department1,
            last_name=last,
            first_name=first,
            middle_name=middle,
        )


@pytest.mark.parametrize(
    "text",
    ["федор", "ФЁДОРОВ", "алена петр", "ёлкина", "елкина АННА", "o'бр", "петров ильич", "нет"],
)
def test_the_name_search_finds_the_same_people_as_words_query(personas, names, text):
    everyone = Recipient.objects.all()
    expected = set(everyone.filter(words_query(text, FIELDS)).values_list("pk", flat=True))
    found = set(everyone.filter(name_filter(text)).values_list("pk", flat=True))
    assert found == expected


def test_a_word_must_be_within_one_name_not_across_two(personas, names):
    people = search_recipients(personas.director, text="федоровпетр")
    assert not people.exists()
    people = search_recipients(personas.director, text="иванов-петров иль")
    assert [p.first_name for p in people] == ["Илья"]
