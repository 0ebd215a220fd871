"""Scoring of need in long-term care (СДУ) by a methodology that is data, not code.

Why data: the federal model of long-term care (Приказ Минтруда России от 27.12.2023 № 895 and
its predecessors) leaves the questionnaire, the points and the thresholds to each region's act,
and regions revise them. An administrator loads the region's table as a file (JSON or YAML,
parsed by the caller into a dict); this module checks it and scores answers with it, so a
change of act is a new file with a new version, never a code change, and past assessments keep
the version they were scored with.

A methodology dict looks like::

    {"code", "title", "source", "version", "is_example": bool (optional, default false),
     "questions": [{"code", "text", "options": [{"code", "text", "points"}]}],
     "outcomes": [{"code", "title", "min", "max", "hours_per_week", "reassess_months"}]}

Points may be whole or fractional (the St Petersburg table, распоряжение КСП от 28.02.2011
№ 39-р, uses 0,5), so points and totals are Decimal, converted through str to avoid binary
float artefacts. Outcome ranges are inclusive. Loading refuses a table in which two outcome
ranges overlap or some total that answers can actually produce falls in no outcome; ranges that
no answers can reach are harmless and allowed. Error messages are Russian: they are shown to
the administrator who uploads the file.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# Above this many distinct totals the exact set is not built (see _check_coverage).
REACHABLE_TOTALS_LIMIT = 100_000


@dataclass(frozen=True)
class Option:
    """One answer to a question and the points it gives."""

    code: str
    text: str
    points: Decimal


@dataclass(frozen=True)
class Question:
    """One item of the questionnaire with its possible answers."""

    code: str
    text: str
    options: tuple[Option, ...]

    def option(self, code: str) -> Option | None:
        return next((option for option in self.options if option.code == code), None)


@dataclass(frozen=True)
class Outcome:
    """A range of totals (inclusive) mapped to a level of need or a care group."""

    code: str
    title: str
    min: Decimal
    max: Decimal
    hours_per_week: Decimal
    reassess_months: int

    def contains(self, total: Decimal) -> bool:
        return self.min <= total <= self.max


@dataclass(frozen=True)
class Methodology:
    """A checked questionnaire: questions with points and outcomes by total."""

    code: str
    title: str
    source: str
    version: str
    is_example: bool
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]

    def question(self, code: str) -> Question | None:
        return next((question for question in self.questions if question.code == code), None)

    def outcome_for(self, total: Decimal) -> Outcome | None:
        """The outcome whose range holds `total`, or None if the total is outside every range."""
        return next((outcome for outcome in self.outcomes if outcome.contains(total)), None)

    @property
    def min_total(self) -> Decimal:
        return sum((min(o.points for o in q.options) for q in self.questions), start=Decimal(0))

    @property
    def max_total(self) -> Decimal:
        return sum((max(o.points for o in q.options) for q in self.questions), start=Decimal(0))

    def reachable_totals(self) -> frozenset[Decimal]:
        """Every distinct total some set of answers gives. Unbounded: mind exotic tables."""
        totals = _reachable_totals(self.questions, limit=None)
        assert totals is not None
        return totals


@dataclass(frozen=True)
class Assessment:
    """The result of scoring answers: total, outcome and the points per question."""

    total: Decimal
    outcome: str
    title: str
    hours_per_week: Decimal
    reassess_months: int
    # (question code, option code, points): shows the recipient how the total was reached.
    points: tuple[tuple[str, str, Decimal], ...]


def score(methodology: Methodology, answers: Mapping[str, str]) -> Assessment:
    """Score `answers` ({question code: option code}) with `methodology`."""
    unknown = [code for code in answers if methodology.question(code) is None]
    if unknown:
        raise ValueError(f"Неизвестный вопрос {_quoted(unknown[0])}")
    lines: list[tuple[str, str, Decimal]] = []
    for question in methodology.questions:
        if question.code not in answers:
            raise ValueError(f"Нет ответа на вопрос {_quoted(question.text)}")
        option_code = answers[question.code]
        option = question.option(option_code)
        if option is None:
            raise ValueError(
                f"Вопрос {_quoted(question.text)}: нет варианта {_quoted(option_code)}"
            )
        lines.append((question.code, option.code, option.points))
    total = sum((points for _, _, points in lines), start=Decimal(0))
    outcome = methodology.outcome_for(total)
    if outcome is None:
        # Only possible for a Methodology built by hand, bypassing load_methodology.
        raise ValueError(f"Сумма {_number(total)} не попадает ни в один исход")
    return Assessment(
        total=total,
        outcome=outcome.code,
        title=outcome.title,
        hours_per_week=outcome.hours_per_week,
        reassess_months=outcome.reassess_months,
        points=tuple(lines),
    )


def reassessment_date(assessed_on: datetime.date, months: int) -> datetime.date:
    """The date of the next assessment: `months` calendar months after `assessed_on`.

    The outcome's "reassess_months" comes from the region's act (the interval is not set
    federally, see 442-ФЗ ст. 16 ч. 3 for the ИППСУ's own three-year limit). A month later than
    31 January is the last day of February: the period never spills into the month after.
    """
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise ValueError("Число месяцев до повторной оценки должно быть целым и не меньше нуля")
    index = assessed_on.month - 1 + months
    year, month = assessed_on.year + index // 12, index % 12 + 1
    day = min(assessed_on.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


# --- loading ------------------------------------------------------------------------------


def load_methodology(data: Mapping[str, Any]) -> Methodology:
    """Check a parsed methodology file and build a Methodology; ValueError names the problem."""
    if not isinstance(data, Mapping):
        raise ValueError("Методика должна быть словарём с полями code, title, questions, outcomes")
    code = _text(data, "code", "")
    title = _text(data, "title", "")
    source = _text(data, "source", "")
    version = data.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):
        raise ValueError('Поле "version" должно быть строкой: возьмите номер версии в кавычки')
    version = _text(data, "version", "")
    is_example = data.get("is_example", False)
    if not isinstance(is_example, bool):
        raise ValueError('Поле "is_example" должно быть true или false')

    questions = _load_questions(data.get("questions"))
    outcomes = _load_outcomes(data.get("outcomes"))
    methodology = Methodology(code, title, source, version, is_example, questions, outcomes)
    _check_coverage(methodology)
    return methodology


def _load_questions(raw: Any) -> tuple[Question, ...]:
    if not raw:
        raise ValueError("Не указаны вопросы")
    if not isinstance(raw, list):
        raise ValueError('Поле "questions" должно быть списком')
    questions: list[Question] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        where = f"Вопрос № {number}: "
        if not isinstance(item, Mapping):
            raise ValueError(f"{where}ожидается словарь с полями code, text, options")
        code = _text(item, "code", where)
        where = f"Вопрос {_quoted(code)}: "
        if code in seen:
            raise ValueError(f"Вопрос {_quoted(code)} встречается дважды")
        seen.add(code)
        text = _text(item, "text", where)
        questions.append(Question(code, text, _load_options(item.get("options"), code, where)))
    return tuple(questions)


def _load_options(raw: Any, question: str, where: str) -> tuple[Option, ...]:
    if not raw:
        raise ValueError(f"{where}нет вариантов ответа")
    if not isinstance(raw, list):
        raise ValueError(f'{where}поле "options" должно быть списком')
    options: list[Option] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            raise ValueError(
                f"{where}вариант № {number}: ожидается словарь с полями code, text, points"
            )
        code = _text(item, "code", f"{where}вариант № {number}: ")
        place = f"Вопрос {_quoted(question)}, вариант {_quoted(code)}: "
        if code in seen:
            raise ValueError(f"{where}вариант {_quoted(code)} встречается дважды")
        seen.add(code)
        text = _text(item, "text", place)
        if item.get("points") is None:
            raise ValueError(f"{place}не указаны баллы")
        options.append(Option(code, text, _decimal(item["points"], f"{place}баллы должны")))
    return tuple(options)


def _load_outcomes(raw: Any) -> tuple[Outcome, ...]:
    if not raw:
        raise ValueError("Не указаны исходы (уровни нуждаемости или группы ухода)")
    if not isinstance(raw, list):
        raise ValueError('Поле "outcomes" должно быть списком')
    outcomes: list[Outcome] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        where = f"Исход № {number}: "
        if not isinstance(item, Mapping):
            raise ValueError(f"{where}ожидается словарь с полями code, title, min, max")
        code = _text(item, "code", where)
        where = f"Исход {_quoted(code)}: "
        if code in seen:
            raise ValueError(f"Исход {_quoted(code)} встречается дважды")
        seen.add(code)
        title = _text(item, "title", where)
        low = _required_decimal(item, "min", where)
        high = _required_decimal(item, "max", where)
        if low > high:
            raise ValueError(f"{where}нижняя граница {_number(low)} больше верхней {_number(high)}")
        hours = _required_decimal(item, "hours_per_week", where)
        if hours < 0:
            raise ValueError(f"{where}часы в неделю не могут быть отрицательными")
        months = item.get("reassess_months")
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            raise ValueError(
                f'{where}поле "reassess_months" должно быть целым числом месяцев больше нуля'
            )
        outcomes.append(Outcome(code, title, low, high, hours, months))

    ordered = sorted(outcomes, key=lambda outcome: (outcome.min, outcome.max))
    for previous, following in zip(ordered, ordered[1:], strict=False):
        if following.min <= previous.max:
            raise ValueError(
                f"Диапазоны исходов {_quoted(previous.code)} ({_range(previous)}) "
                f"и {_quoted(following.code)} ({_range(following)}) пересекаются"
            )
    return tuple(outcomes)


def _check_coverage(methodology: Methodology) -> None:
    """Refuse a table in which some total that answers can produce falls in no outcome.

    The exact check builds the set of distinct totals question by question. Real
    questionnaires stay small (Barthel: 21 totals, however many questions, because points
    share a step), but a table with many questions and unrelated fractional points could make
    the set explode. Past REACHABLE_TOTALS_LIMIT we check instead that the outcome ranges
    cover [min_total, max_total] with no gap that could hold a total: every total lies on the
    lattice min_total + k·step, where step is the greatest common divisor of the differences
    between the options of each question, so a gap between two ranges matters only if a
    lattice point falls in it. That check may refuse a table whose gap is in fact unreachable;
    it never accepts one with an uncovered reachable total.
    """
    totals = _reachable_totals(methodology.questions, limit=REACHABLE_TOTALS_LIMIT)
    if totals is not None:
        for total in sorted(totals):
            if methodology.outcome_for(total) is None:
                raise ValueError(f"Сумма {_number(total)} не попадает ни в один исход")
        return

    low, high = methodology.min_total, methodology.max_total
    step = _lattice_step(methodology.questions)
    point = low  # the smallest lattice point not yet known to be covered
    for outcome in sorted(methodology.outcomes, key=lambda outcome: outcome.min):
        if point > high:
            return
        if outcome.max < point:
            continue
        if outcome.min > point:
            raise ValueError(f"Сумма {_number(point)} не попадает ни в один исход")
        point = low + ((outcome.max - low) // step + 1) * step
    if point <= high:
        raise ValueError(f"Сумма {_number(point)} не попадает ни в один исход")


def _reachable_totals(
    questions: tuple[Question, ...], *, limit: int | None
) -> frozenset[Decimal] | None:
    """Distinct totals by a set-based DP over questions; None once the set passes `limit`."""
    totals: set[Decimal] = {Decimal(0)}
    for question in questions:
        points = {option.points for option in question.options}
        totals = {total + p for total in totals for p in points}
        if limit is not None and len(totals) > limit:
            return None
    return frozenset(totals)


def _lattice_step(questions: tuple[Question, ...]) -> Decimal:
    """Greatest common divisor of the differences between the points within each question."""
    scale = max(
        (-option.points.as_tuple().exponent for q in questions for option in q.options),
        default=0,
    )
    scale = max(scale, 0)
    factor = Decimal(10) ** scale
    step = 0
    for question in questions:
        first = question.options[0].points
        for option in question.options[1:]:
            step = _gcd(step, int(abs(option.points - first) * factor))
    return Decimal(step) / factor if step else Decimal(1)


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


# --- small helpers ------------------------------------------------------------------------


def _text(item: Mapping[str, Any], field: str, where: str) -> str:
    value = item.get(field)
    # YAML turns `code: 1` into an int; a whole number is an acceptable code.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        message = f'не указано поле "{field}"'
        raise ValueError(f"{where}{message}" if where else message[0].upper() + message[1:])
    return value.strip()


def _required_decimal(item: Mapping[str, Any], field: str, where: str) -> Decimal:
    if item.get(field) is None:
        raise ValueError(f'{where}не указано поле "{field}"')
    return _decimal(item[field], f'{where}поле "{field}" должно')


def _decimal(value: Any, what: str) -> Decimal:
    """A number from JSON/YAML as Decimal; floats go through str so 0.1 stays 0.1.

    `what` ends the sentence's subject, e.g. 'Вопрос "x", вариант "a": баллы должны'.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"{what} быть числом, указано {_quoted(str(value))}")
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{what} быть конечным числом, указано {_quoted(str(value))}")
    return number


def _number(value: Decimal) -> str:
    """A Decimal as a Russian reader writes it: 65, 0,5, 12,25."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def _range(outcome: Outcome) -> str:
    return f"{_number(outcome.min)}–{_number(outcome.max)}"


def _quoted(value: str) -> str:
    return f'"{value}"'
