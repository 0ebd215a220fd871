"""«Разработана повторно»: the box and its hint agree for a first ИППСУ and for a later one."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _box(page: str) -> str:
    return re.search(r'<input[^>]*name="is_repeat"[^>]*>', page).group(0)


def test_a_first_programme_has_the_box_unticked_and_a_hint_that_says_so(personas):
    recipient = personas.recipient_of_worker2
    recipient.programs.all().delete()
    page = personas.client_for(personas.director).get(f"/programs/new/{recipient.pk}/")
    text = page.content.decode()
    assert "checked" not in _box(text)
    assert "первая — без отметки" in text
    assert "Снимите отметку, если впервые" not in text
