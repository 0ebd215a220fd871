"""Quality of care: quarters, survey samples, satisfaction, deadlines of appeals, inspection dates.

Pure Python (no Django). The indicators the centres report each quarter (satisfaction with the
quality, accessibility and timeliness of services; justified complaints; violations found by
inspections) are computed from plain numbers here, so the page, the files and the tests agree.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
HUNDREDTH = Decimal("0.01")

# --- quarters ------------------------------------------------------------------------------


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the quarter holding `day` (01.01, 01.04, 01.07, 01.10)."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: datetime.date) -> datetime.date:
    start = quarter_start(day)
    following = (
        datetime.date(start.year + 1, 1, 1)
        if start.month == 10
        else datetime.date(start.year, start.month + 3, 1)
    )
    return following - datetime.timedelta(days=1)


def previous_quarter(day: datetime.date) -> datetime.date:
    """The first day of the quarter before the one holding `day`."""
    return quarter_start(quarter_start(day) - datetime.timedelta(days=1))


def quarter_label(day: datetime.date) -> str:
    """«IV квартал 2026»"""
    number = (day.month - 1) // 3
    return f"{('I', 'II', 'III', 'IV')[number]} квартал {day.year}"


def quarters_back(day: datetime.date, count: int) -> list[datetime.date]:
    """The first days of `count` quarters ending with the one holding `day`, oldest first."""
    starts = [quarter_start(day)]
    while len(starts) < count:
        starts.append(previous_quarter(starts[-1]))
    return sorted(starts)


# --- survey samples ------------------------------------------------------------------------


def sample_size(served: int, percent: int, minimum: int) -> int:
    """How many of a worker's `served` recipients to survey in a quarter: `percent` of them
    rounded up, at least `minimum`, never more than there are."""
    if served <= 0:
        return 0
    wanted = max(math.ceil(served * percent / 100), minimum)
    return min(wanted, served)


def choose_sample(
    candidates: Sequence[int], size: int, *, seed: str, avoid: Iterable[int] = ()
) -> list[int]:
    """`size` ids of `candidates`, chosen at random but the same for the same seed (a quarter and
    a worker): a page built twice proposes the same people. Those in `avoid` (surveyed the
    quarter before) are taken only when nobody else is left."""
    avoided = set(avoid)
    fresh = sorted(c for c in set(candidates) if c not in avoided)
    again = sorted(c for c in set(candidates) if c in avoided)
    rng = random.Random(seed)
    rng.shuffle(fresh)
    rng.shuffle(again)
    return (fresh + again)[: max(size, 0)]


# --- questionnaires and satisfaction -------------------------------------------------------


class QuestionnaireError(ValueError):
    """A questionnaire or checklist that cannot be used; the message is in Russian."""


@dataclass(frozen=True)
class Grade:
    value: int
    label: str


def parse_lines(text: str, *, what: str, minimum: int = 1, maximum: int = 40) -> list[str]:
    """Non-empty lines of a text area, each a question (or an item of a checklist)."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < minimum:
        raise QuestionnaireError(f"Нужно хотя бы {minimum} {what}: по одному на строке.")
    if len(lines) > maximum:
        raise QuestionnaireError(f"Слишком много строк: не больше {maximum}.")
    too_long = [line for line in lines if len(line) > 300]
    if too_long:
        raise QuestionnaireError(f"Строка длиннее 300 знаков: «{too_long[0][:40]}…».")
    if len(set(lines)) != len(lines):
        raise QuestionnaireError("Одна и та же строка указана дважды.")
    return lines


def parse_scale(text: str) -> list[Grade]:
    """«5 — полностью удовлетворён» per line → grades from the highest value down."""
    grades = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        head, _sep, label = line.replace("—", "-").partition("-")
        head, label = head.strip(), label.strip()
        if not head.isdigit() or not label:
            raise QuestionnaireError(
                f"Строка шкалы «{line[:40]}»: нужен вид «5 — полностью удовлетворён»."
            )
        grades.append(Grade(int(head), label[:100]))
    if not 2 <= len(grades) <= 10:
        raise QuestionnaireError("В шкале должно быть от 2 до 10 оценок.")
    values = [g.value for g in grades]
    if len(set(values)) != len(values):
        raise QuestionnaireError("Две оценки шкалы с одним и тем же баллом.")
    if max(values) > 100:
        raise QuestionnaireError("Балл оценки — не больше 100.")
    return sorted(grades, key=lambda g: -g.value)


def check_threshold(grades: Sequence[Grade], satisfied_from: int) -> None:
    values = [g.value for g in grades]
    if not min(values) < satisfied_from <= max(values):
        raise QuestionnaireError(
            f"Порог удовлетворённости — балл выше самого низкого ({min(values)}) и не выше "
            f"самого высокого ({max(values)})."
        )


@dataclass(frozen=True)
class Tally:
    """Answers of some surveys: how many, how many at the top of the scale, their sum."""

    answers: int = 0
    satisfied: int = 0
    total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.answers + other.answers,
            self.satisfied + other.satisfied,
            self.total + other.total,
        )

    @property
    def percent(self) -> Decimal | None:
        """The share of answers at the top of the scale, %, one decimal; None without answers."""
        if not self.answers:
            return None
        return (HUNDRED * self.satisfied / self.answers).quantize(TENTH, ROUND_HALF_UP)

    @property
    def mean(self) -> Decimal | None:
        """The mean grade, two decimals; None without answers."""
        if not self.answers:
            return None
        return (Decimal(self.total) / self.answers).quantize(HUNDREDTH, ROUND_HALF_UP)


def tally(answers: Iterable[int], satisfied_from: int) -> Tally:
    values = list(answers)
    return Tally(len(values), sum(1 for v in values if v >= satisfied_from), sum(values))


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in %, one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (HUNDRED * part / whole).quantize(TENTH, ROUND_HALF_UP)


# --- appeals (обращения) -------------------------------------------------------------------


def answer_due(received_on: datetime.date, days: int) -> datetime.date:
    """The last day to answer an appeal registered on `received_on`: `days` calendar days from
    the day of registration (59-ФЗ, ст. 12, ч. 1: 30 days by default, see docs/quality.md)."""
    return received_on + datetime.timedelta(days=days)


def extension_limit(due_on: datetime.date, days: int) -> datetime.date:
    """The latest new deadline of one extension (59-ФЗ, ст. 12, ч. 2: by up to 30 days, the
    applicant notified)."""
    return due_on + datetime.timedelta(days=days)


# --- inspection plans ----------------------------------------------------------------------


def spread_dates(start: datetime.date, end: datetime.date, count: int) -> list[datetime.date]:
    """`count` working days spread evenly over start..end (a weekend day moves to Monday, or
    back to Friday at the end of the period), in order."""
    if count <= 0:
        return []
    span = (end - start).days + 1
    days = []
    for index in range(count):
        day = start + datetime.timedelta(days=(index * span) // count + span // (2 * count))
        while day.weekday() >= 5 and day < end:
            day += datetime.timedelta(days=1)
        while day.weekday() >= 5 and day > start:
            day -= datetime.timedelta(days=1)
        days.append(min(max(day, start), end))
    return sorted(days)
