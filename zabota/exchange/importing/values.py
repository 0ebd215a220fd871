"""Cell values as people type them in Excel: text, dates in several spellings, numbers.

Each reader returns a clean value or raises `CellError` with a Russian message for the row report.
"""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError

# Excel counts days from 30.12.1899 (its 1900 leap-year bug makes this the working epoch).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2_958_465  # 31.12.9999
_RUSSIAN_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SPACES = re.compile(r"\s+")


class CellError(Exception):
    """A value that cannot be used; the message is shown to the person next to the row."""


def text(value: Any) -> str:
    """A cell as text: numbers without a trailing «.0», dates as ДД.ММ.ГГГГ, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return _SPACES.sub(" ", str(value)).strip()


def date(value: Any) -> datetime.date | None:
    """A date from a date cell, an Excel day number, ДД.ММ.ГГГГ or ГГГГ-ММ-ДД; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value <= _EXCEL_MAX_SERIAL:
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellError(f"Не дата: {text(value)}.")
    raw = text(value)
    # «17.05.1940 0:00:00» — a date cell saved to CSV with its time.
    first = raw.split(" ")[0]
    if match := _RUSSIAN_DATE.match(first):
        day, month, year = match.groups()
    elif match := _ISO_DATE.match(first):
        year, month, day = match.groups()
    else:
        raise CellError(
            f"Не удалось прочитать дату «{raw}»: пишите ДД.ММ.ГГГГ, например 17.05.1940."
        )
    if len(year) != 4:
        raise CellError(f"В дате «{raw}» год укажите четырьмя цифрами, например 17.05.1940.")
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"Нет такой даты: {raw}.") from None


def digits_text(value: Any, width: int) -> str:
    """A number Excel may have stored as a number (losing leading zeros), e.g. a СНИЛС."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)).zfill(width)
    return text(value)


def run_validator(validator, value) -> None:
    """A Django validator's message as a CellError."""
    try:
        validator(value)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from None
