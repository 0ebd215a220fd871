import pytest

from zabota.core.sqlite import like


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("%иванова%", "Иванова Мария", True),
        ("%ИВАНОВА%", "Иванова Мария", True),
        ("%семенов%", "Семёнов Пётр", True),
        ("%семёнов%", "Семенов Пётр", True),
        ("петр%", "Пётр", True),
        ("%сидоров%", "Иванова Мария", False),
        ("_ван%", "Иванов", True),
        ("100\\%%", "100% готово", True),
        ("100\\%%", "1000 готово", False),
    ],
)
def test_like_folds_case_of_cyrillic_and_treats_yo_as_ye(pattern, value, matches):
    assert like(pattern, value, "\\") is matches


def test_like_of_null_is_null():
    assert like(None, "x") is None
    assert like("%x%", None) is None
