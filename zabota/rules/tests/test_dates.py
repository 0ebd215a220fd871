from datetime import date

import pytest

from zabota.rules.dates import DateTextError, parse_typed_date

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("typed", "past", "expected"),
    [
        ("010345", True, date(1945, 3, 1)),
        ("01031945", True, date(1945, 3, 1)),
        ("1.3.45", True, date(1945, 3, 1)),
        ("01.03.1945", True, date(1945, 3, 1)),
        ("01/03/1945", False, date(1945, 3, 1)),
        ("01-03-1945", False, date(1945, 3, 1)),
        ("01 03 45", True, date(1945, 3, 1)),
        ("  2026-03-01 ", False, date(2026, 3, 1)),
        ("050326", True, date(2026, 3, 5)),
        ("050327", True, date(1927, 3, 5)),  # a birth date is never ahead of today
        ("051226", True, date(2026, 12, 5)),  # today itself is not in the future
        ("061226", True, date(1926, 12, 6)),
        ("010320", True, date(2020, 3, 1)),
        ("010345", False, date(2045, 3, 1)),  # a contract's end, 19 years ahead
        ("010346", False, date(2046, 3, 1)),  # 20 years ahead is the last of this century
        ("010347", False, date(1947, 3, 1)),
        ("220499", False, date(1999, 4, 22)),
        ("29.02.2024", False, date(2024, 2, 29)),
    ],
)
def test_it_reads_a_date_typed_as_a_person_types_it(typed, past, expected):
    assert parse_typed_date(typed, today=TODAY, past=past) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.02.2026", "Такой даты нет: 31.02.2026."),
        ("310226", "Такой даты нет: 31.02.2026."),
        ("000000", "Такой даты нет: 00.00.2000."),
        ("29.02.2025", "Такой даты нет: 29.02.2025."),
        ("01.13.1945", "Такой даты нет: 01.13.1945."),
        ("01.03.0045", "Проверьте год: 0045."),
        ("01.03.0999", "Проверьте год: 0999."),
        ("01.03.9999", "Проверьте год: 9999."),
        ("0103194", "Введите дату"),  # 7 digits
        ("01031", "Введите дату"),
        ("первое марта", "Введите дату"),
        ("01.03.45г", "Введите дату"),
        ("=01.03.1945", "Введите дату"),
        ('=HYPERLINK("x")', "Введите дату"),
        ("01.03.1945\x00", "управляющие символы"),
        ("01\x0b03\x0b1945", "управляющие символы"),
        ("0" * 10_000, "Слишком длинно"),
        ("٠١٠٣١٩٤٥", "Введите дату"),  # Arabic-Indic digits are digits to str.isdigit, not to us
        ("", "Введите дату"),
    ],
)
def test_it_refuses_what_is_not_a_date_in_russian(typed, message):
    with pytest.raises(DateTextError, match=message):
        parse_typed_date(typed, today=TODAY, past=True)
