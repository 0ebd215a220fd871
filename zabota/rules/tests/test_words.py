from datetime import date, datetime
from decimal import Decimal

import pytest

from zabota.rules.words import (
    capitalize_first,
    date_in_words,
    month_name,
    month_year_title,
    plural_form,
    rubles_in_words,
)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("0"), "ноль рублей 00 копеек"),
        (Decimal("1"), "один рубль 00 копеек"),
        (Decimal("2"), "два рубля 00 копеек"),
        (Decimal("5"), "пять рублей 00 копеек"),
        (Decimal("11"), "одиннадцать рублей 00 копеек"),
        (Decimal("12"), "двенадцать рублей 00 копеек"),
        (Decimal("21"), "двадцать один рубль 00 копеек"),
        (Decimal("22"), "двадцать два рубля 00 копеек"),
        (Decimal("111"), "сто одиннадцать рублей 00 копеек"),
        (Decimal("1000"), "одна тысяча рублей 00 копеек"),
        (Decimal("2000"), "две тысячи рублей 00 копеек"),
        (Decimal("21000"), "двадцать одна тысяча рублей 00 копеек"),
        (Decimal("1000000"), "один миллион рублей 00 копеек"),
        (Decimal("2000000"), "два миллиона рублей 00 копеек"),
        (Decimal("1234.56"), "одна тысяча двести тридцать четыре рубля 56 копеек"),
        (Decimal("1200.5"), "одна тысяча двести рублей 50 копеек"),
        (1000, "одна тысяча рублей 00 копеек"),
    ],
)
def test_it_writes_rubles_in_words_with_agreeing_nouns(
    amount: Decimal | int, expected: str
) -> None:
    assert rubles_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("0.01"), "ноль рублей 01 копейка"),
        (Decimal("1.02"), "один рубль 02 копейки"),
        (Decimal("1.05"), "один рубль 05 копеек"),
        (Decimal("1.11"), "один рубль 11 копеек"),
        (Decimal("1.14"), "один рубль 14 копеек"),
        (Decimal("1.21"), "один рубль 21 копейка"),
        (Decimal("1.22"), "один рубль 22 копейки"),
        (Decimal("1.99"), "один рубль 99 копеек"),
    ],
)
def test_it_writes_kopecks_as_two_digits_with_an_agreeing_noun(
    amount: Decimal, expected: str
) -> None:
    assert rubles_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("0.005"), "ноль рублей 01 копейка"),
        (Decimal("0.004"), "ноль рублей 00 копеек"),
        (Decimal("2.675"), "два рубля 68 копеек"),
        (Decimal("0.995"), "один рубль 00 копеек"),
        (Decimal("999.999"), "одна тысяча рублей 00 копеек"),
    ],
)
def test_it_rounds_half_up_to_the_kopeck(amount: Decimal, expected: str) -> None:
    assert rubles_in_words(amount) == expected


@pytest.mark.parametrize("amount", [Decimal("-0.01"), Decimal("-1"), -5])
def test_it_refuses_a_negative_amount(amount: Decimal | int) -> None:
    with pytest.raises(ValueError, match="negative"):
        rubles_in_words(amount)


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity")])
def test_it_refuses_a_non_finite_amount(amount: Decimal) -> None:
    with pytest.raises(ValueError):
        rubles_in_words(amount)


@pytest.mark.parametrize("amount", [1.5, 2.675, "10", True, None])
def test_it_refuses_money_that_is_not_decimal_or_int(amount: object) -> None:
    with pytest.raises(TypeError):
        rubles_in_words(amount)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "рублей"),
        (1, "рубль"),
        (2, "рубля"),
        (4, "рубля"),
        (5, "рублей"),
        (11, "рублей"),
        (12, "рублей"),
        (14, "рублей"),
        (21, "рубль"),
        (22, "рубля"),
        (101, "рубль"),
        (111, "рублей"),
        (1000, "рублей"),
        (-1, "рубль"),
    ],
)
def test_plural_form_agrees_with_the_number(n: int, expected: str) -> None:
    assert plural_form(n, "рубль", "рубля", "рублей") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("одна тысяча рублей 00 копеек", "Одна тысяча рублей 00 копеек"),
        ("ноль рублей 00 копеек", "Ноль рублей 00 копеек"),
        ("уже КЦСОН", "Уже КЦСОН"),
        ("", ""),
    ],
)
def test_it_capitalizes_only_the_first_letter(text: str, expected: str) -> None:
    assert capitalize_first(text) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 10, 1), "«01» октября 2026 г."),
        (date(2026, 12, 31), "«31» декабря 2026 г."),
        (date(2027, 1, 9), "«09» января 2027 г."),
        (date(2028, 2, 29), "«29» февраля 2028 г."),
        (date(2026, 5, 15), "«15» мая 2026 г."),
        (datetime(2026, 3, 8, 23, 59), "«08» марта 2026 г."),
    ],
)
def test_it_writes_a_date_in_words(d: date, expected: str) -> None:
    assert date_in_words(d) == expected


@pytest.mark.parametrize(
    ("month", "case", "expected"),
    [
        (1, "nomn", "январь"),
        (1, "gent", "января"),
        (1, "datv", "январю"),
        (1, "accs", "январь"),
        (1, "ablt", "январём"),
        (1, "loct", "январе"),
        (3, "gent", "марта"),
        (5, "nomn", "май"),
        (5, "gent", "мая"),
        (5, "loct", "мае"),
        (8, "ablt", "августом"),
        (10, "loct", "октябре"),
        (12, "gent", "декабря"),
    ],
)
def test_it_names_a_month_in_a_case(month: int, case: str, expected: str) -> None:
    assert month_name(month, case) == expected


def test_it_names_a_month_in_the_nominative_by_default() -> None:
    assert [month_name(m) for m in (2, 6, 9)] == ["февраль", "июнь", "сентябрь"]


@pytest.mark.parametrize("month", [0, 13, -1])
def test_it_refuses_a_month_out_of_range(month: int) -> None:
    with pytest.raises(ValueError, match="Month"):
        month_name(month)


def test_it_refuses_an_unknown_case_for_a_month() -> None:
    with pytest.raises(ValueError, match="case"):
        month_name(1, "genitive")


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2026, 10, "октябрь 2026 г."), (2027, 1, "январь 2027 г."), (2026, 12, "декабрь 2026 г.")],
)
def test_it_titles_a_reporting_month(year: int, month: int, expected: str) -> None:
    assert month_year_title(year, month) == expected
