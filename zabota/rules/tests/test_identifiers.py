import pytest
from hypothesis import given
from hypothesis import strategies as st

from zabota.rules.identifiers import (
    account_is_valid,
    bic_is_valid,
    correspondent_account_is_valid,
    inn_is_valid,
    kpp_is_valid,
    phone_format,
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


# The worked examples of «Порядок расчета контрольного ключа в номере лицевого счета»
# (Банк России, 08.09.1997 № 515, приложение), then changes of one digit.
@pytest.mark.parametrize(
    ("account", "bic", "valid"),
    [
        # Example 3: a client's account in a credit institution, conditional number 746.
        ("40602810700000000025", "049805746", True),
        ("40602810600000000025", "049805746", False),
        ("40602810700000000026", "049805746", False),
        # Example 2: an account kept by a РКЦ (БИК …000), conditional number 005.
        ("40102810100000010001", "040305000", True),
        ("40102810200000010001", "040305000", False),
        # A known commercial bank's client account.
        ("40702810138250123017", "044525225", True),
        ("40702810138250123018", "044525225", False),
        # The same account against another bank's БИК.
        ("40602810700000000025", "044525593", False),
        # A 6th character that is a currency letter counts as its digit (п. 8).
        ("30114В84600000000501", "044541312", True),
        ("30114В84500000000501", "044541312", False),
        # Treasury accounts (03…) are checked for their form only.
        ("03224643320000003900", "013207212", True),
        ("0322464332000000390", "013207212", False),
        # Form.
        ("4060281070000000002", "049805746", False),
        ("406028107000000000255", "049805746", False),
        ("4060281070000000002X", "049805746", False),
        ("", "049805746", False),
        ("40602810700000000025", "04980574", False),
        ("40602810700000000025", "", False),
    ],
)
def test_it_checks_an_account_against_the_bic(account, bic, valid):
    assert account_is_valid(account, bic) is valid


@pytest.mark.parametrize(
    ("account", "bic", "valid"),
    [
        # Example 1: a correspondent account kept by a РКЦ, conditional number 005.
        ("30101810800000000746", "049805000", True),
        ("30101810800000000746", "049805746", True),
        ("30101810700000000746", "049805746", False),
        ("30101810400000000225", "044525225", True),
        ("30101810400000000226", "044525225", False),
        # The treasury's single account kept by the Bank of Russia.
        ("40102810545370000003", "004525988", True),
        ("3010181080000000074", "049805746", False),
    ],
)
def test_it_checks_a_correspondent_account_against_the_bic(account, bic, valid):
    assert correspondent_account_is_valid(account, bic) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("420501001", True),
        ("7707AB001", True),
        ("42050100", False),
        ("4205010011", False),
        ("4205ab001", False),
        ("ABCD01001", False),
        ("", False),
    ],
)
def test_it_checks_the_form_of_a_kpp(value, valid):
    assert kpp_is_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"), [("049805746", True), ("04980574", False), ("0498057460", False)]
)
def test_a_bic_is_nine_digits(value, valid):
    assert bic_is_valid(value) is valid


@given(st.integers(min_value=0, max_value=10**11 - 1), st.integers(min_value=0, max_value=999))
def test_exactly_one_key_makes_an_account_valid(tail, branch):
    bic = f"044525{branch:03d}"
    candidates = [f"40702810{key}{tail:011d}" for key in range(10)]
    assert sum(account_is_valid(account, bic) for account in candidates) == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("89001234567", "+7 (900) 123-45-67"),
        ("+7 900 123 45 67", "+7 (900) 123-45-67"),
        ("7(900)123-45-67", "+7 (900) 123-45-67"),
        ("9001234567", "+7 (900) 123-45-67"),
        (" 8 (3842) 12-34-56 ", "+7 (384) 212-34-56"),
        ("+7 (900) 123-45-67", "+7 (900) 123-45-67"),
        ("2-34-56", "2-34-56"),  # a local number stays as typed
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("+8 900 123 45 67", "+8 900 123 45 67"),
        ("8 900 123-45-67 доб. 12", "8 900 123-45-67 доб. 12"),
        ("=1+2", "=1+2"),
        ("٨٩٠٠١٢٣٤٥٦٧", "٨٩٠٠١٢٣٤٥٦٧"),
        ("", ""),
    ],
)
def test_it_writes_a_russian_phone_one_way_however_it_was_typed(typed, stored):
    assert phone_format(typed) == stored
