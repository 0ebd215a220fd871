"""A date as a person types it: digits only, with dots, or as the browser sends it.

Accepted (surrounding spaces ignored):
- `010345` — ДДММГГ, `01031945` — ДДММГГГГ (a tablet's numeric keypad has no dot);
- `1.3.45`, `01.03.1945`, also with «/», «-» or a space between the parts;
- `2026-03-01` — ISO 8601, what a native date input and our own links send.

A two-digit year is placed in a century:
- a date that cannot lie ahead (a birth date, `past=True`): the latest century that does not put
  the date after today — `010345` is 01.03.1945, `010320` typed in 2026 is 01.03.2020;
- any other date: this century when that lands no more than FUTURE_YEARS years ahead of today,
  else the previous one — in 2026 `45` is 2045 (a contract's end), `99` is 1999 (a passport's
  issue date).

A year written in full must lie between EARLIEST_YEAR and LATEST_YEAR: «0045» is a typo, not the
first century. Anything else — letters, control characters, 5 or 7 digits, 31.02, 000000 — is
refused with a Russian message saying what is expected. Pure, no Django.
"""

import datetime
import re

FUTURE_YEARS = 20
EARLIEST_YEAR = (
    1000  # a year before 1900 is refused by the fields that care (validate_plausible_date)
)
LATEST_YEAR = 2199
MAX_LENGTH = 32  # longer than any way of writing a date; a pasted paragraph is not parsed

EXPECTED = "Введите дату: ДД.ММ.ГГГГ или одни цифры, например 01.03.1945 или 010345."

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_SEPARATED = re.compile(r"(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{2}|\d{4})", re.ASCII)
_DIGITS = re.compile(r"\d{6}|\d{8}", re.ASCII)


class DateTextError(ValueError):
    """A typed date that cannot be read; the message is for the person who typed it."""


def parse_typed_date(text: str, *, today: datetime.date, past: bool = False) -> datetime.date:
    """The date `text` stands for; DateTextError with a Russian message otherwise."""
    value = text.strip()
    if len(value) > MAX_LENGTH:
        raise DateTextError(f"Слишком длинно для даты. {EXPECTED}")
    if not value.isprintable():
        raise DateTextError(f"В дате есть невидимые управляющие символы. {EXPECTED}")
    if match := _ISO.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
        return _checked(year, month, day)
    if match := _SEPARATED.fullmatch(value):
        day_text, month_text, year_text = match.groups()
    elif _DIGITS.fullmatch(value):
        day_text, month_text, year_text = value[:2], value[2:4], value[4:]
    else:
        raise DateTextError(EXPECTED)
    day, month = int(day_text), int(month_text)
    if len(year_text) == 4:
        return _checked(int(year_text), month, day)
    return _in_century(int(year_text), month, day, today=today, past=past)


def _in_century(
    short: int, month: int, day: int, *, today: datetime.date, past: bool
) -> datetime.date:
    year = today.year - today.year % 100 + short
    if past:
        candidate = _checked(year, month, day)
        if candidate > today:
            return _checked(year - 100, month, day)
        return candidate
    if year > today.year + FUTURE_YEARS:
        year -= 100
    return _checked(year, month, day)


def _checked(year: int, month: int, day: int) -> datetime.date:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateTextError(f"Проверьте год: {year:04d}. {EXPECTED}")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateTextError(f"Такой даты нет: {day:02d}.{month:02d}.{year:04d}.") from None
