"""Query parameters of pages, read strictly.

A parameter that cannot be read is refused with 400 and a Russian message naming it
(`BadParameter`, shown by zabota.core.errors.bad_request): never a server error, and never a
silent substitute — `?department=abc` must not quietly show every department, nor
`?month=2026-13` the current month. A missing or empty parameter is "not given" (None).
"""

import datetime

from django.core.exceptions import BadRequest

# The largest id a bigint column holds: a longer number is not an id of anything.
MAX_ID = 2**63 - 1


class BadParameter(BadRequest):
    """A query parameter that cannot be read; its message is shown to the user (Russian)."""


def _raw(request, name: str) -> str | None:
    # A request, or its GET mapping as the saved lists receive it (zabota.core.lists.SavedList).
    value = getattr(request, "GET", request).get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


def parse_int(
    value: str | None, name: str, *, minimum: int = 1, maximum: int = MAX_ID
) -> int | None:
    """An integer from minimum to maximum; None when empty; BadParameter otherwise."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 20:
        raise BadParameter(f"Параметр «{name}»: нужно целое число, а указано «{_shown(text)}».")
    number = int(text)
    if not minimum <= number <= maximum:
        raise BadParameter(
            f"Параметр «{name}»: число должно быть от {minimum} до {maximum}, а указано {number}."
        )
    return number


def int_param(request, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """?name=<integer> (an id by default: from 1)."""
    return parse_int(_raw(request, name), name, minimum=minimum, maximum=maximum)


def date_param(request, name: str) -> datetime.date | None:
    """?name=ГГГГ-ММ-ДД."""
    value = _raw(request, name)
    if value is None:
        return None
    try:
        if len(value) != 10:  # fromisoformat would also take «20261001» or a week date
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            f"Параметр «{name}»: нужна дата в виде ГГГГ-ММ-ДД, например 2026-10-01, "
            f"а указано «{_shown(value)}»."
        ) from None


def parse_month(value: str | None, name: str) -> datetime.date | None:
    """«ГГГГ-ММ» as the first day of that month; None when empty; BadParameter otherwise."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        if len(text) != 7:
            raise ValueError
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise BadParameter(
            f"Параметр «{name}»: нужен месяц в виде ГГГГ-ММ, например 2026-10, "
            f"а указано «{_shown(text)}»."
        ) from None


def month_param(request, name: str = "month") -> datetime.date | None:
    """?name=ГГГГ-ММ, as the first day of the month."""
    return parse_month(_raw(request, name), name)


def choice_param(request, name: str, choices, default: str = "") -> str:
    """?name=<one of choices>; the default when not given."""
    value = _raw(request, name)
    if value is None:
        return default
    if value not in choices:
        raise BadParameter(f"Параметр «{name}»: значения «{_shown(value)}» нет.")
    return value


def days_param(request, name: str = "days", *, default: int = 30, maximum: int = 366) -> int:
    """?days=<0…maximum>, «within the next N days»; the default when not given."""
    days = int_param(request, name, minimum=0, maximum=maximum)
    return default if days is None else days


def flag_param(request, name: str) -> bool:
    """?name=1 (on) or 0 / nothing (off)."""
    return choice_param(request, name, ("0", "1"), "0") == "1"
