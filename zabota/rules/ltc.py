"""Scoring of need in long-term care (СДУ) by a methodology that is data, not code.

Why data: the federal model of long-term care (Приказ Минтруда России от 27.12.2023 № 895 and
its predecessors) leaves the questionnaire, the points and the thresholds to each region's act,
and regions revise them. An administrator loads the region's table as a file (JSON or YAML,
parsed by the caller into a dict); this module checks it and scores answers with it, so a
change of act is a new file with a new version, never a code change, and past assessments keep
the version they were scored with.

A methodology dict looks like (version 2 of the format, docs/long-term-care.md; every field
added by version 2 is optional and a file without it means what it meant before)::

    {"code", "title", "source", "version", "is_example": bool (default false),
     "outcome_kind": "level" | "group" (default "level": уровень нуждаемости 1–3; "group":
         группа ухода 0–5, the older typization some regions still name),
     "scoring": "points" | "expert" (default "points"; "expert": the expert chooses the outcome
         and justifies it, points are optional),
     "reassess_months": int (optional: the interval of the version, used when an outcome
         gives none),
     "blocks": [{"code", "title", "questions": [...]}]  or the flat "questions": [...],
     question: {"code", "text", "options": [{"code", "text", "points"}],
                "show_if": {"question": an earlier code, "options": [codes]} (optional)},
     "outcomes": [{"code", "title", "value", "min", "max", "hours_per_week",
                   "reassess_months"}]}

A question with "show_if" is asked only when the earlier question was answered with one of the
listed options; a question not asked needs no answer and gives 0 points.

Points may be whole or fractional (the St Petersburg table, распоряжение КСП от 28.02.2011
№ 39-р, uses 0,5), so points and totals are Decimal, converted through str to avoid binary
float artefacts. Outcome ranges are inclusive. Loading refuses a points table in which two
outcome ranges overlap or some total that answers can actually produce falls in no outcome;
ranges that no answers can reach are harmless and allowed. An expert methodology exists because
the regions' point tables could not be read (docs/long-term-care.md): the form is asked, the
expert sets the level. Error messages are Russian: they are shown to the administrator who
uploads the file, and each names the place of the problem.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Above this many distinct totals the exact set is not built (see _check_coverage).
REACHABLE_TOTALS_LIMIT = 100_000

LEVEL, GROUP = "level", "group"
OUTCOME_KINDS = {LEVEL: (1, 3), GROUP: (0, 5)}  # the kind and the range of its numbers
POINTS, EXPERT = "points", "expert"
SCORINGS = (POINTS, EXPERT)


def outcome_label(kind: str, value: int | None) -> str:
    """«Уровень нуждаемости 2» or «Группа ухода 4»; empty for an outcome without a number."""
    if value is None:
        return ""
    return f"Группа ухода {value}" if kind == GROUP else f"Уровень нуждаемости {value}"


@dataclass(frozen=True)
class Option:
    """One answer to a question and the points it gives (None: the expert methodology has none)."""

    code: str
    text: str
    points: Decimal | None


@dataclass(frozen=True)
class Condition:
    """Ask a question only when an earlier question was answered with one of `options`."""

    question: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """One item of the questionnaire with its possible answers."""

    code: str
    text: str
    options: tuple[Option, ...]
    block: str = ""
    show_if: Condition | None = None

    def option(self, code: str) -> Option | None:
        return next((option for option in self.options if option.code == code), None)


@dataclass(frozen=True)
class Block:
    """A titled part of the questionnaire (Блок А, Б, …); a flat file is one untitled block."""

    code: str
    title: str


@dataclass(frozen=True)
class Outcome:
    """A level of need or a care group: its range of totals (inclusive), hours and interval.

    `min`/`max` are None in an expert methodology without ranges; `reassess_months` is None when
    the methodology's own interval applies (Methodology.months_for).
    """

    code: str
    title: str
    min: Decimal | None
    max: Decimal | None
    hours_per_week: Decimal
    reassess_months: int | None
    value: int | None = None

    def contains(self, total: Decimal) -> bool:
        if self.min is None or self.max is None:
            return False
        return self.min <= total <= self.max


@dataclass(frozen=True)
class Methodology:
    """A checked questionnaire: questions (in blocks) and the outcomes they lead to."""

    code: str
    title: str
    source: str
    version: str
    is_example: bool
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    outcome_kind: str = LEVEL
    scoring: str = POINTS
    reassess_months: int | None = None
    blocks: tuple[Block, ...] = field(default=(Block("", ""),))

    def question(self, code: str) -> Question | None:
        return next((question for question in self.questions if question.code == code), None)

    def outcome(self, code: str) -> Outcome | None:
        return next((outcome for outcome in self.outcomes if outcome.code == code), None)

    def outcome_for(self, total: Decimal) -> Outcome | None:
        """The outcome whose range holds `total`, or None if the total is outside every range."""
        return next((outcome for outcome in self.outcomes if outcome.contains(total)), None)

    def months_for(self, outcome: Outcome) -> int:
        """Months to the next assessment: the outcome's own, else the version's."""
        months = outcome.reassess_months or self.reassess_months
        assert months is not None
        return months

    def label(self, outcome: Outcome) -> str:
        return outcome_label(self.outcome_kind, outcome.value)

    def block_questions(self) -> list[tuple[Block, list[Question]]]:
        """The questions grouped by block, in order (for the form and the methodology page)."""
        return [(b, [q for q in self.questions if q.block == b.code]) for b in self.blocks]

    @property
    def is_expert(self) -> bool:
        return self.scoring == EXPERT

    @property
    def has_points(self) -> bool:
        """Every option has points, so a total can be computed (always so for "points")."""
        return all(option.points is not None for q in self.questions for option in q.options)

    @property
    def min_total(self) -> Decimal:
        return sum((min(_points(q)) for q in self.questions), start=Decimal(0))

    @property
    def max_total(self) -> Decimal:
        return sum((max(_points(q)) for q in self.questions), start=Decimal(0))

    def reachable_totals(self) -> frozenset[Decimal]:
        """Every distinct total some set of answers gives (a skipped question may give 0)."""
        totals = _reachable_totals(self.questions, limit=None)
        assert totals is not None
        return totals


@dataclass(frozen=True)
class Assessment:
    """The result: total (None when options have no points), outcome and points per question."""

    total: Decimal | None
    outcome: str
    title: str
    hours_per_week: Decimal
    reassess_months: int
    # (question code, option code, points): shows the recipient how the total was reached.
    points: tuple[tuple[str, str, Decimal | None], ...]
    value: int | None = None
    by_expert: bool = False


def _points(question: Question) -> set[Decimal]:
    """The points a question can contribute: a conditional one may be skipped, giving 0."""
    points = {o.points if o.points is not None else Decimal(0) for o in question.options}
    return points | {Decimal(0)} if question.show_if else points


def asked_questions(methodology: Methodology, answers: Mapping[str, str]) -> tuple[Question, ...]:
    """The questions asked, in order, given the answers so far.

    A conditional question is asked when its earlier question was asked and answered with one
    of the listed options; an earlier question not yet answered hides it (for now).
    """
    asked: list[Question] = []
    codes: set[str] = set()
    for question in methodology.questions:
        condition = question.show_if
        if condition is None or (
            condition.question in codes and answers.get(condition.question) in condition.options
        ):
            asked.append(question)
            codes.add(question.code)
    return tuple(asked)


def kept_answers(methodology: Methodology, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers to questions still asked: an answer hidden by a changed earlier one drops."""
    asked = {question.code for question in asked_questions(methodology, answers)}
    return {code: option for code, option in answers.items() if code in asked}


def _answered_lines(
    methodology: Methodology, answers: Mapping[str, str]
) -> tuple[tuple[str, str, Decimal | None], ...]:
    """The (question, option, points) of every asked question; ValueError names what is wrong.

    An answer to a question that the other answers skip is ignored: it gives nothing.
    """
    unknown = [code for code in answers if methodology.question(code) is None]
    if unknown:
        raise ValueError(f"Неизвестный вопрос {_quoted(unknown[0])}")
    lines: list[tuple[str, str, Decimal | None]] = []
    for question in asked_questions(methodology, answers):
        if question.code not in answers:
            raise ValueError(f"Нет ответа на вопрос {_quoted(question.text)}")
        option_code = answers[question.code]
        option = question.option(option_code)
        if option is None:
            raise ValueError(
                f"Вопрос {_quoted(question.text)}: нет варианта {_quoted(option_code)}"
            )
        lines.append((question.code, option.code, option.points))
    return tuple(lines)


def _total(lines: tuple[tuple[str, str, Decimal | None], ...]) -> Decimal | None:
    if any(points is None for _, _, points in lines):
        return None
    return sum((points for _, _, points in lines if points is not None), start=Decimal(0))


def score(methodology: Methodology, answers: Mapping[str, str]) -> Assessment:
    """Score `answers` ({question code: option code}) with a points methodology."""
    if methodology.is_expert:
        raise ValueError(
            f"По методике {_quoted(methodology.title)} исход устанавливает эксперт, "
            "а не сумма баллов"
        )
    lines = _answered_lines(methodology, answers)
    total = _total(lines)
    assert total is not None  # a points methodology has points on every option (checked on load)
    outcome = methodology.outcome_for(total)
    if outcome is None:
        # Only possible for a Methodology built by hand, bypassing load_methodology.
        raise ValueError(f"Сумма {_number(total)} не попадает ни в один исход")
    return _result(methodology, outcome, total, lines, by_expert=False)


def expert_result(
    methodology: Methodology, answers: Mapping[str, str], outcome_code: str
) -> Assessment:
    """The result of an expert methodology: the outcome the expert chose, the total if any.

    The justification is the caller's to keep; the rules only check the answers and that the
    outcome is one of the methodology's.
    """
    if not methodology.is_expert:
        raise ValueError(
            f"По методике {_quoted(methodology.title)} исход определяет сумма баллов, а не эксперт"
        )
    lines = _answered_lines(methodology, answers)
    outcome = methodology.outcome(str(outcome_code))
    if outcome is None:
        raise ValueError(
            f"В методике {_quoted(methodology.title)} нет исхода {_quoted(str(outcome_code))}"
        )
    # A sum of some options only would mislead: it is shown when every option has points.
    total = _total(lines) if methodology.has_points else None
    return _result(methodology, outcome, total, lines, by_expert=True)


def _result(
    methodology: Methodology,
    outcome: Outcome,
    total: Decimal | None,
    lines: tuple[tuple[str, str, Decimal | None], ...],
    *,
    by_expert: bool,
) -> Assessment:
    return Assessment(
        total=total,
        outcome=outcome.code,
        title=outcome.title,
        hours_per_week=outcome.hours_per_week,
        reassess_months=methodology.months_for(outcome),
        points=lines,
        value=outcome.value,
        by_expert=by_expert,
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
    kind = _choice(data, "outcome_kind", tuple(OUTCOME_KINDS), LEVEL)
    scoring = _choice(data, "scoring", SCORINGS, POINTS)
    months = data.get("reassess_months")
    if months is not None:
        months = _months(months, "Методика: ")

    blocks, questions = _load_blocks(data, scoring)
    outcomes = _load_outcomes(data.get("outcomes"), kind, scoring, months)
    methodology = Methodology(
        code, title, source, version, is_example, questions, outcomes, kind, scoring, months, blocks
    )
    if scoring == POINTS:
        _check_coverage(methodology)
    return methodology


def _choice(data: Mapping[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = data.get(name)
    if value is None:
        return default
    if value not in allowed:
        listed = ", ".join(_quoted(item) for item in allowed)
        raise ValueError(
            f"Поле {_quoted(name)} может быть только {listed}, указано {_quoted(str(value))}"
        )
    return value


def _months(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f'{where}поле "reassess_months" должно быть целым числом месяцев больше нуля'
        )
    return value


def _load_blocks(
    data: Mapping[str, Any], scoring: str
) -> tuple[tuple[Block, ...], tuple[Question, ...]]:
    raw = data.get("blocks")
    if raw is None:
        questions = _load_questions(data.get("questions"), scoring, Block("", ""), ())
        return (Block("", ""),), questions
    if data.get("questions") is not None:
        raise ValueError('Укажите вопросы либо в "blocks", либо в "questions", но не в обоих')
    if not raw:
        raise ValueError("Не указаны вопросы")
    if not isinstance(raw, list):
        raise ValueError('Поле "blocks" должно быть списком')
    blocks: list[Block] = []
    questions: tuple[Question, ...] = ()
    for number, item in enumerate(raw, start=1):
        where = f"Блок № {number}: "
        if not isinstance(item, Mapping):
            raise ValueError(f"{where}ожидается словарь с полями code, title, questions")
        code = _text(item, "code", where) if item.get("code") is not None else str(number)
        if any(block.code == code for block in blocks):
            raise ValueError(f"Блок {_quoted(code)} встречается дважды")
        title = item.get("title") or ""
        if not isinstance(title, str):
            raise ValueError(f'Блок {_quoted(code)}: поле "title" должно быть текстом')
        block = Block(code, title.strip())
        blocks.append(block)
        questions += _load_questions(item.get("questions"), scoring, block, questions)
    return tuple(blocks), questions


def _load_questions(
    raw: Any, scoring: str, block: Block, earlier: tuple[Question, ...]
) -> tuple[Question, ...]:
    in_block = f"Блок {_quoted(block.code)}: " if block.code else ""
    if not raw:
        raise ValueError(f"{in_block}не указаны вопросы" if in_block else "Не указаны вопросы")
    if not isinstance(raw, list):
        raise ValueError(f'{in_block}поле "questions" должно быть списком')
    questions: list[Question] = []
    seen = {question.code for question in earlier}
    for number, item in enumerate(raw, start=1):
        where = f"{in_block}Вопрос № {number}: " if in_block else f"Вопрос № {number}: "
        if not isinstance(item, Mapping):
            raise ValueError(f"{where}ожидается словарь с полями code, text, options")
        code = _text(item, "code", where)
        where = f"Вопрос {_quoted(code)}: "
        if code in seen:
            raise ValueError(f"Вопрос {_quoted(code)} встречается дважды")
        seen.add(code)
        text = _text(item, "text", where)
        options = _load_options(item.get("options"), code, where, scoring)
        condition = _load_condition(item.get("show_if"), where, (*earlier, *questions))
        questions.append(Question(code, text, options, block.code, condition))
    return tuple(questions)


def _load_condition(raw: Any, where: str, earlier: tuple[Question, ...]) -> Condition | None:
    if raw is None:
        return None
    where = f'{where}условие "show_if": '
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}ожидается словарь с полями question и options")
    code = _text(raw, "question", where)
    question = next((q for q in earlier if q.code == code), None)
    if question is None:
        raise ValueError(f"{where}вопроса {_quoted(code)} нет выше этого вопроса")
    options = raw.get("options")
    if not options or not isinstance(options, list):
        raise ValueError(f'{where}поле "options" должно быть непустым списком кодов вариантов')
    codes: list[str] = []
    for option in options:
        option = str(option) if isinstance(option, int) and not isinstance(option, bool) else option
        if not isinstance(option, str) or question.option(option.strip()) is None:
            raise ValueError(
                f"{where}у вопроса {_quoted(code)} нет варианта {_quoted(str(option))}"
            )
        if option.strip() not in codes:
            codes.append(option.strip())
    return Condition(code, tuple(codes))


def _load_options(raw: Any, question: str, where: str, scoring: str) -> tuple[Option, ...]:
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
            if scoring == POINTS:
                raise ValueError(f"{place}не указаны баллы")
            options.append(Option(code, text, None))
            continue
        options.append(Option(code, text, _decimal(item["points"], f"{place}баллы должны")))
    return tuple(options)


def _load_outcomes(
    raw: Any, kind: str, scoring: str, default_months: int | None
) -> tuple[Outcome, ...]:
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
        low, high = _range_of(item, where, required=scoring == POINTS)
        hours = _required_decimal(item, "hours_per_week", where)
        if hours < 0:
            raise ValueError(f"{where}часы в неделю не могут быть отрицательными")
        months = item.get("reassess_months")
        if months is not None or default_months is None:
            months = _months(months, where)
        value = _value(item.get("value"), kind, where)
        if value is not None:
            twin = next((o for o in outcomes if o.value == value), None)
            if twin is not None:
                raise ValueError(
                    f"{where}{outcome_label(kind, value).lower()} уже указан"
                    f"{'а' if kind == GROUP else ''} в исходе {_quoted(twin.code)}"
                )
        outcomes.append(Outcome(code, title, low, high, hours, months, value))

    ranged = [outcome for outcome in outcomes if outcome.min is not None]
    ordered = sorted(ranged, key=lambda outcome: (outcome.min, outcome.max))
    for previous, following in zip(ordered, ordered[1:], strict=False):
        if following.min <= previous.max:  # type: ignore[operator]
            raise ValueError(
                f"Диапазоны исходов {_quoted(previous.code)} ({_range(previous)}) "
                f"и {_quoted(following.code)} ({_range(following)}) пересекаются"
            )
    return tuple(outcomes)


def _range_of(
    item: Mapping[str, Any], where: str, *, required: bool
) -> tuple[Decimal | None, Decimal | None]:
    if not required and item.get("min") is None and item.get("max") is None:
        return None, None
    low = _required_decimal(item, "min", where)
    high = _required_decimal(item, "max", where)
    if low > high:
        raise ValueError(f"{where}нижняя граница {_number(low)} больше верхней {_number(high)}")
    return low, high


def _value(raw: Any, kind: str, where: str) -> int | None:
    if raw is None:
        return None
    low, high = OUTCOME_KINDS[kind]
    what = "группы ухода" if kind == GROUP else "уровня нуждаемости"
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise ValueError(
            f'{where}поле "value" — номер {what}, целое число от {low} до {high}, '
            f"указано {_quoted(str(raw))}"
        )
    return raw


def _check_coverage(methodology: Methodology) -> None:
    """Refuse a table in which some total that answers can produce falls in no outcome.

    The exact check builds the set of distinct totals question by question (a conditional
    question may also give 0: it may be skipped). Real questionnaires stay small (Barthel: 21
    totals, however many questions, because points share a step), but a table with many
    questions and unrelated fractional points could make the set explode. Past
    REACHABLE_TOTALS_LIMIT we check instead that the outcome ranges cover [min_total, max_total]
    with no gap that could hold a total: every total lies on the lattice min_total + k·step,
    where step is the greatest common divisor of the differences between the points of each
    question, so a gap between two ranges matters only if a lattice point falls in it. That
    check may refuse a table whose gap is in fact unreachable; it never accepts one with an
    uncovered reachable total.
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
    for outcome in sorted(methodology.outcomes, key=lambda outcome: outcome.min or 0):
        if point > high:
            return
        if outcome.min is None or outcome.max is None or outcome.max < point:
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
        points = _points(question)
        totals = {total + p for total in totals for p in points}
        if limit is not None and len(totals) > limit:
            return None
    return frozenset(totals)


def _lattice_step(questions: tuple[Question, ...]) -> Decimal:
    """Greatest common divisor of the differences between the points within each question."""
    scale = max(
        (-p.as_tuple().exponent for q in questions for p in _points(q)),  # type: ignore[operator]
        default=0,
    )
    scale = max(scale, 0)
    factor = Decimal(10) ** scale
    step = 0
    for question in questions:
        points = sorted(_points(question))
        for other in points[1:]:
            step = _gcd(step, int(abs(other - points[0]) * factor))
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
    assert outcome.min is not None and outcome.max is not None
    return f"{_number(outcome.min)}–{_number(outcome.max)}"


def _quoted(value: str) -> str:
    return f'"{value}"'
