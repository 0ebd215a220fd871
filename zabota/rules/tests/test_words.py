from datetime import date, datetime
from decimal import Decimal

import pytest

from zabota.rules.words import (
    capitalize_first,
    count_text,
    date_in_words,
    month_name,
    month_year_title,
    plural,
    plural_form,
    quantity_text,
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


SERVICE = ("услуга", "услуги", "услуг")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 услуга"),
        (2, "2 услуги"),
        (5, "5 услуг"),
        (11, "11 услуг"),
        (12, "12 услуг"),
        (14, "14 услуг"),
        (21, "21 услуга"),
        (22, "22 услуги"),
        (25, "25 услуг"),
        (111, "111 услуг"),
        (112, "112 услуг"),
        (0, "0 услуг"),
        (Decimal("3"), "3 услуги"),
        (Decimal("3.00"), "3 услуги"),
        (Decimal("1.5"), "1,5 услуги"),
        (Decimal("2.25"), "2,25 услуги"),
        (Decimal("5.5"), "5,5 услуги"),
        (Decimal("0.5"), "0,5 услуги"),
        (1.5, "1,5 услуги"),
        (2.0, "2 услуги"),
        ("1,5", "1,5 услуги"),
    ],
)
def test_a_count_agrees_with_its_noun_and_a_fraction_takes_the_genitive_singular(n, expected):
    assert count_text(n, SERVICE) == expected
    assert count_text(n, "услуга,услуги,услуг") == expected
    assert plural(n, *SERVICE) == expected.split(" ", 1)[1]


def test_three_forms_are_required():
    with pytest.raises(ValueError, match="Three forms"):
        count_text(2, "услуга,услуги")


@pytest.mark.parametrize("n", [True, Decimal("NaN"), float("inf")])
def test_a_count_must_be_a_number(n):
    with pytest.raises((TypeError, ValueError)):
        plural(n, *SERVICE)


@pytest.mark.parametrize(
    ("n", "unit", "expected"),
    [
        (3, "услуга", "3 услуги"),
        (Decimal("1.00"), "услуга", "1 услуга"),
        (5, "посещение", "5 посещений"),
        (Decimal("1.5"), "час", "1,5 часа"),
        (21, "Час", "21 час"),
        (2, "раз", "2 раза"),
        (5, "раз", "5 раз"),
        (2, "м²", "2 м²"),
        (Decimal("12.5"), "кг", "12,5 кг"),
        (7, "ед. изм. региона", "7 ед. изм. региона"),
        (4, "", "4"),
    ],
)
def test_a_quantity_agrees_with_a_known_unit_and_keeps_any_other_as_written(n, unit, expected):
    assert quantity_text(n, unit) == expected
