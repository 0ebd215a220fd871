"""Check digits of Russian personal and organisation identifiers.

СНИЛС: Положение о порядке присвоения страхового номера индивидуального лицевого счёта
(regulations.md §6.1): weights 9..1 over the first nine digits; a sum under 100 is the control,
100 and 101 give 00, above 101 take the remainder of division by 101 (100 again giving 00).
Numbers up to 001-001-998 were issued before the check existed and carry none.

ИНН: Приказ ФНС России от 29.06.2012 № ММВ-7-6/435@ (regulations.md §6.2): weighted sums
modulo 11 modulo 10; one check digit for organisations (10 digits), two for people (12).
"""

import re

_SNILS_SEPARATORS = re.compile(r"[\s\-]")
_SNILS_WITHOUT_CHECK_UP_TO = 1_001_998

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def snils_digits(value: str) -> str:
    """The eleven digits of a СНИЛС written with or without dashes and spaces."""
    return _SNILS_SEPARATORS.sub("", value or "")


def snils_check(number: str) -> int:
    """The control number (0..99) for the nine-digit body of a СНИЛС."""
    total = sum(int(digit) * weight for digit, weight in zip(number, range(9, 0, -1), strict=True))
    if total > 101:
        total %= 101
    return 0 if total in (100, 101) else total


def snils_is_valid(value: str) -> bool:
    digits = snils_digits(value)
    if not re.fullmatch(r"\d{11}", digits):
        return False
    body, control = digits[:9], int(digits[9:])
    if int(body) <= _SNILS_WITHOUT_CHECK_UP_TO:
        return True
    return snils_check(body) == control


def snils_format(value: str) -> str:
    """«112-233-445 95», the way the number is printed on the card; other input unchanged."""
    digits = snils_digits(value)
    if not re.fullmatch(r"\d{11}", digits):
        return value
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def _inn_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    digits = (value or "").strip()
    if re.fullmatch(r"\d{10}", digits):
        return _inn_digit(digits[:9], _INN10_WEIGHTS) == int(digits[9])
    if re.fullmatch(r"\d{12}", digits):
        return _inn_digit(digits[:10], _INN11_WEIGHTS) == int(digits[10]) and _inn_digit(
            digits[:11], _INN12_WEIGHTS
        ) == int(digits[11])
    return False
