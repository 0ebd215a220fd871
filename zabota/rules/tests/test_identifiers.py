import pytest
from hypothesis import given
from hypothesis import strategies as st

from zabota.rules.identifiers import (
    inn_is_valid,
    snils_check,
    snils_format,
    snils_is_valid,
)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("112-233-445 95", True),
        ("11223344595", True),
        ("112 233 445 95", True),
        ("112-233-445 96", False),
        ("123-456-789 64", True),
        ("123-456-789 65", False),
        # Up to 001-001-998 numbers carry no check: any control is accepted.
        ("001-001-998 00", True),
        ("001-001-998 57", True),
        ("001-001-999 65", True),
        ("001-001-999 00", False),
        # Sums of 100 and 101 give 00; sums above 101 are taken modulo 101.
        ("000-000-000 00", True),
        ("1122334459", False),
        ("112233445955", False),
        ("", False),
        ("абв-где-жзи 12", False),
        ("112-233-445 9a", False),
    ],
)
def test_it_checks_snils_control_digits(value, valid):
    assert snils_is_valid(value) is valid


@pytest.mark.parametrize(
    ("body", "control"),
    [
        ("112233445", 95),
        ("123456789", 64),
        ("001001999", 65),
        # 9*9+8*9+...: a body whose sum is exactly 100 or 101 gets 00.
        ("000000000", 0),
    ],
)
def test_it_computes_the_snils_control_number(body, control):
    assert snils_check(body) == control


def _body_with_weighted_sum(total: int) -> str:
    """A nine-digit body whose weighted sum is `total`, filled greedily from the heaviest digit."""
    digits = []
    for weight in range(9, 0, -1):
        digit = min(9, total // weight)
        digits.append(str(digit))
        total -= digit * weight
    assert total == 0
    return "".join(digits)


@pytest.mark.parametrize(
    ("weighted_sum", "control"),
    [(99, 99), (100, 0), (101, 0), (102, 1), (150, 49), (201, 0), (202, 0), (203, 1)],
)
def test_it_folds_large_sums_into_two_digits(weighted_sum, control):
    body = _body_with_weighted_sum(weighted_sum)
    assert snils_check(body) == control
    assert snils_is_valid(f"{body}{control:02d}")


@given(st.integers(min_value=1_001_999, max_value=999_999_999))
def test_every_body_with_its_computed_control_is_valid(body):
    digits = f"{body:09d}"
    number = f"{digits}{snils_check(digits):02d}"
    assert snils_is_valid(number)
    assert snils_is_valid(snils_format(number))


def test_it_formats_snils_as_printed_on_the_card():
    assert snils_format("11223344595") == "112-233-445 95"
    assert snils_format("неизвестно") == "неизвестно"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("7707083893", True),
        ("7734250208", True),
        ("7707083894", False),
        ("500100732259", True),
        ("500100732258", False),
        ("500100732269", False),
        ("770708389", False),
        ("77070838931", False),
        ("", False),
        ("77O7083893", False),
    ],
)
def test_it_checks_inn_control_digits(value, valid):
    assert inn_is_valid(value) is valid
