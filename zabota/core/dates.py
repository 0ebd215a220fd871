"""Dates and times as every page and export shows them: local time, ДД.ММ.ГГГГ ЧЧ:ММ.

The database keeps moments in UTC. Django's templates convert them to the institution's time
zone by themselves, Python code does not: `f"{event.occurred_at:%H:%M}"` prints UTC, three
hours off in Moscow. Python code that writes a date or a time for a person goes through here.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

DATE = "%d.%m.%Y"
DATETIME = "%d.%m.%Y %H:%M"
DATETIME_SECONDS = "%d.%m.%Y %H:%M:%S"


def local(value: datetime.datetime) -> datetime.datetime:
    """An aware moment in the current time zone; a naive one is taken as already local."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?"
)
_ISO_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")


def parse_moment(text: str) -> datetime.datetime | datetime.date | datetime.time | None:
    """An ISO string as the journal stores it ("2026-12-04T19:22:32.72+00:00", "2026-12-04",
    "09:30:00") back to its value; None for any other text (a number is not a date)."""
    text = text.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return datetime.date.fromisoformat(text)
        if _ISO_DATETIME.fullmatch(text):
            return datetime.datetime.fromisoformat(text)
        if _ISO_TIME.fullmatch(text):
            return datetime.time.fromisoformat(text)
    except ValueError:  # 2026-13-45: shaped like a date, but not one
        return None
    return None


def when_text(value, *, seconds: bool = False) -> str:
    """A moment in local time as «04.12.2026 22:22», a date as «04.12.2026», a time as «09:30»;
    ISO strings are read first; None and "" give ""."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        parsed = parse_moment(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, datetime.datetime):
        return local(value).strftime(DATETIME_SECONDS if seconds else DATETIME)
    if isinstance(value, datetime.date):
        return value.strftime(DATE)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S" if seconds and value.second else "%H:%M")
    return str(value)


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """The local wall-clock time without a zone: what a spreadsheet cell can hold."""
    return local(value).replace(tzinfo=None)
