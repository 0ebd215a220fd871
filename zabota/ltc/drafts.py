"""The methodology editor's reading side: texts and numbers as typed, the editor's shape of a
draft, the problems that keep it from being published, and the preview of an interview.

No writes here (zabota.ltc.services.editor makes them). The full check of a methodology is
zabota.rules.ltc.load_methodology, asked last: its single refusal comes after the editor's own
checks, which name every problem at once.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from zabota.core.text import refusal_message
from zabota.rules import ltc as rules

OUTCOME_KINDS = {"level": "уровень нуждаемости 1–3", "group": "группа ухода 0–5"}
VALUE_RANGE = {"level": (1, 3), "group": (0, 5)}
SCORINGS = {"points": "по баллам", "expert": "уровень устанавливает эксперт"}
# Lengths of the texts: the model's columns where the text is also one, generous elsewhere.
CODE_MAX = 50
TITLE_MAX = 300
SOURCE_MAX = 2000
TEXT_MAX = 1000
MAX_BLOCKS = 50
MAX_MONTHS = 120
# Points and totals are stored with two decimals (Assessment.total), hours too.
POINTS_LIMIT = Decimal(10_000)
TOTAL_LIMIT = Decimal(1_000_000)
HOURS_LIMIT = Decimal(168)
# Above this many distinct totals the gap check is left to zabota.rules.ltc (it has a bound).
REACHABLE_LIMIT = 20_000
_CODE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_.") | set(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
)

# --- text and numbers -----------------------------------------------------------------------


def clean_text(
    value: Any, label: str, *, limit: int, required: bool = True, multiline: bool = False
) -> str:
    """A text of the methodology: trimmed, within `limit`, no control characters.

    A text beginning with «=» stays a text: the spreadsheets Zabota writes mark it as one.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"«{label}»: ожидается текст.")
    value = value.strip()
    if required and not value:
        raise ValidationError(f"Заполните поле «{label}».")
    if len(value) > limit:
        raise ValidationError(f"В поле «{label}» больше {limit} знаков: сократите текст.")
    message = refusal_message(label, value, multiline=multiline)
    if message:
        raise ValidationError(message)
    return value


def clean_code(value: Any, label: str, *, required: bool = True) -> str:
    value = clean_text(value, label, limit=CODE_MAX, required=required)
    if value and not set(value.lower()) <= _CODE_CHARS:
        raise ValidationError(
            f"«{label}»: код пишется буквами и цифрами, можно точку, дефис и подчёркивание, "
            "без пробелов."
        )
    return value


def parse_number(
    value: Any,
    label: str,
    *,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    places: int = 2,
) -> Decimal | None:
    """A number typed with a comma or a dot («0,5», «12.25»), or None when nothing is typed."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValidationError(f"«{label}»: введите число.")
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"«{label}»: введите число, например 0,5.") from None
    else:
        raise ValidationError(f"«{label}»: введите число.")
    if not number.is_finite():
        raise ValidationError(f"«{label}»: введите число, например 0,5.")
    if number.normalize().as_tuple().exponent < -places:
        raise ValidationError(f"«{label}»: не больше {places} знаков после запятой.")
    if minimum is not None and number < minimum:
        raise ValidationError(f"«{label}»: не меньше {number_text(minimum)}.")
    if maximum is not None and number > maximum:
        raise ValidationError(f"«{label}»: не больше {number_text(maximum)}.")
    return number


def parse_whole(value: Any, label: str, *, minimum: int, maximum: int) -> int | None:
    number = parse_number(value, label, minimum=Decimal(minimum), maximum=Decimal(maximum))
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValidationError(f"«{label}»: введите целое число.")
    return int(number)


def stored(number: Decimal | int) -> int | float:
    """A number as JSON holds it (the canonical file writes whole numbers as integers)."""
    number = Decimal(number)
    return int(number) if number == number.to_integral_value() else float(number)


def number_text(value: Any) -> str:
    """65, 0,5, 12,25: as a Russian reader writes a number."""
    if value is None or isinstance(value, bool):
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f").replace(".", ",")


# --- the shape of a draft -------------------------------------------------------------------


def editable(raw: Any) -> dict[str, Any]:
    """Any parsed methodology file in the editor's shape: "blocks" of dicts, texts as texts,
    numbers as numbers; what has the wrong type is left out (the draft's problems say what is
    missing), nothing is guessed."""
    if not isinstance(raw, dict):
        raise ValidationError("В файле методики должен быть словарь с полями code, title, …")
    data: dict[str, Any] = {key: _text_of(raw.get(key)) for key in ("code", "title", "version")}
    data["source"] = _text_of(raw.get("source"))
    data["is_example"] = raw.get("is_example") is True
    data["outcome_kind"] = _text_of(raw.get("outcome_kind")) or "level"
    data["scoring"] = _text_of(raw.get("scoring")) or "points"
    if _is_number(raw.get("reassess_months")):
        data["reassess_months"] = raw["reassess_months"]
    if isinstance(raw.get("blocks"), list):
        blocks = [b for b in raw["blocks"] if isinstance(b, dict)]
    elif isinstance(raw.get("questions"), list):
        # The flat list of the first format is one untitled block without a code.
        blocks = [{"code": "", "title": "", "questions": raw["questions"]}]
    else:
        blocks = []
    data["blocks"] = [_editable_block(block) for block in blocks]
    outcomes = raw.get("outcomes") if isinstance(raw.get("outcomes"), list) else []
    data["outcomes"] = [_editable_outcome(o) for o in outcomes if isinstance(o, dict)]
    return data


def file_shape(data: dict[str, Any]) -> dict[str, Any]:
    """The editor's dict as a methodology file says it: one untitled block without a code is
    the flat "questions" of the first format; several blocks each get a code."""
    blocks = data.get("blocks", [])
    shaped = {key: value for key, value in data.items() if key != "blocks"}
    if len(blocks) == 1 and not blocks[0].get("code") and not blocks[0].get("title"):
        shaped["questions"] = blocks[0]["questions"]
    else:
        taken = {block.get("code") for block in blocks}
        shaped["blocks"] = []
        for number, block in enumerate(blocks, start=1):
            code = block.get("code") or next(
                f"b{n}" for n in range(number, number + len(blocks) + 1) if f"b{n}" not in taken
            )
            taken.add(code)
            shaped["blocks"].append(block | {"code": code})
    # The outcomes after the questions, as people read a file.
    shaped["outcomes"] = shaped.pop("outcomes", [])
    return shaped


def _editable_block(raw: dict) -> dict[str, Any]:
    block: dict[str, Any] = {"title": _text_of(raw.get("title"))}
    if raw.get("code") is not None:
        block["code"] = _text_of(raw.get("code"))
    questions = raw.get("questions") if isinstance(raw.get("questions"), list) else []
    block["questions"] = [_editable_question(q) for q in questions if isinstance(q, dict)]
    return block


def _editable_question(raw: dict) -> dict[str, Any]:
    question: dict[str, Any] = {
        "code": _text_of(raw.get("code")),
        "text": _text_of(raw.get("text")),
    }
    options = raw.get("options") if isinstance(raw.get("options"), list) else []
    question["options"] = []
    for item in options:
        if not isinstance(item, dict):
            continue
        option = {"code": _text_of(item.get("code")), "text": _text_of(item.get("text"))}
        if _is_number(item.get("points")):
            option["points"] = item["points"]
        question["options"].append(option)
    show_if = raw.get("show_if")
    if isinstance(show_if, dict):
        chosen = show_if.get("options") if isinstance(show_if.get("options"), list) else []
        question["show_if"] = {
            "question": _text_of(show_if.get("question")),
            "options": [_text_of(code) for code in chosen],
        }
    return question


def _editable_outcome(raw: dict) -> dict[str, Any]:
    outcome: dict[str, Any] = {
        "code": _text_of(raw.get("code")),
        "title": _text_of(raw.get("title")),
    }
    for key in ("value", "min", "max", "hours_per_week", "reassess_months"):
        if _is_number(raw.get(key)):
            outcome[key] = raw[key]
    return outcome


def _text_of(value: Any) -> str:
    if isinstance(value, str):
        return value
    if _is_number(value):
        return str(value)
    return ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def questions_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [question for block in data.get("blocks", []) for question in block["questions"]]


# --- problems -------------------------------------------------------------------


def draft_problems(data: dict[str, Any]) -> list[str]:
    """What keeps a draft from being published, in Russian: the editor's own checks (each
    problem at once), then — when those pass — the first refusal of the rules' full check."""
    data = editable(data)
    problems = _own_problems(data)
    if problems:
        return problems
    try:
        rules.load_methodology(file_shape(data))
    except ValueError as error:
        return [f"{error}."]
    return []


def _own_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    points = data.get("scoring", "points") == "points"
    kind = data.get("outcome_kind", "level")
    for key, label, limit in (
        ("code", "код методики", CODE_MAX),
        ("title", "наименование", TITLE_MAX),
        ("version", "версия", CODE_MAX),
        ("source", "источник (акт региона)", SOURCE_MAX),
    ):
        if not str(data.get(key) or "").strip():
            problems.append(f"Не указано поле «{label}».")
        elif len(str(data[key])) > limit:
            problems.append(f"Поле «{label}» длиннее {limit} знаков.")
    if kind not in OUTCOME_KINDS:
        problems.append("Не выбрано, что даёт методика: уровень нуждаемости или группу ухода.")
    if data.get("scoring", "points") not in SCORINGS:
        problems.append("Не выбрано, как устанавливается исход: по баллам или экспертом.")
    questions = questions_of(data)
    if not questions:
        problems.append("Нет ни одного вопроса.")
    for question in questions:
        name = short(question["text"]) or question["code"]
        if not question["text"].strip():
            problems.append(f"У вопроса «{question['code']}» нет текста.")
        elif len(question["text"]) > TEXT_MAX:
            problems.append(f"Текст вопроса «{name}» длиннее {TEXT_MAX} знаков.")
        if not question["options"]:
            problems.append(f"У вопроса «{name}» нет вариантов ответа.")
        condition = question.get("show_if")
        if condition is not None and not condition.get("options"):
            problems.append(
                f"Вопрос «{name}»: в условии «показывать, если» не отмечены варианты ответа."
            )
        for option in question["options"]:
            if points and "points" not in option:
                problems.append(
                    f"Вопрос «{name}», вариант «{short(option['text']) or option['code']}»: "
                    "не указаны баллы."
                )
    outcomes = data.get("outcomes", [])
    if not outcomes:
        problems.append("Нет ни одного исхода (уровня нуждаемости или группы ухода).")
    low, high = VALUE_RANGE.get(kind, (0, 5))
    values: dict[Any, str] = {}
    for outcome in outcomes:
        name = short(outcome["title"]) or outcome["code"]
        if "hours_per_week" not in outcome:
            problems.append(f"Исход «{name}»: не указаны часы ухода в неделю.")
        if points and ("min" not in outcome or "max" not in outcome):
            problems.append(f"Исход «{name}»: не указан диапазон суммы баллов (от и до).")
        if "reassess_months" not in outcome and "reassess_months" not in data:
            problems.append(
                f"Исход «{name}»: не указано, через сколько месяцев повторная оценка "
                "(укажите у исхода или в общих сведениях методики)."
            )
        value = outcome.get("value")
        if value is not None:
            if not low <= value <= high:
                what = "уровень нуждаемости" if kind == "level" else "группа ухода"
                problems.append(f"Исход «{name}»: {what} бывает от {low} до {high}.")
            elif value in values:
                problems.append(
                    f"Исходы «{values[value]}» и «{name}» дают одно и то же значение {value}."
                )
            values[value] = name
    problems += _range_problems(data, questions, outcomes)
    return problems


def _range_problems(data: dict[str, Any], questions: list[dict], outcomes: list[dict]) -> list[str]:
    ranged = [
        (Decimal(str(o["min"])), Decimal(str(o["max"])), short(o["title"]) or o["code"])
        for o in outcomes
        if "min" in o and "max" in o
    ]
    problems = []
    for number, (low, high, name) in enumerate(ranged):
        if low > high:
            problems.append(f"Исход «{name}»: «от» больше, чем «до».")
        for other_low, other_high, other in ranged[number + 1 :]:
            if low <= other_high and other_low <= high:
                problems.append(
                    f"Диапазоны исходов «{name}» ({number_text(low)}–{number_text(high)}) и "
                    f"«{other}» ({number_text(other_low)}–{number_text(other_high)}) "
                    "пересекаются."
                )
    points = data.get("scoring", "points") == "points"
    complete = questions and all(
        q["options"] and all("points" in o for o in q["options"]) for q in questions
    )
    if problems or not points or not complete or len(ranged) != len(outcomes):
        return problems
    totals = reachable_totals(questions)
    if totals is None:
        return problems
    missing = [t for t in sorted(totals) if not any(lo <= t <= hi for lo, hi, _ in ranged)]
    if missing:
        shown = ", ".join(number_text(t) for t in missing[:5])
        more = f" и ещё {len(missing) - 5}" if len(missing) > 5 else ""
        problems.append(
            f"Сумма баллов {shown}{more} не попадает ни в один исход: диапазоны должны покрывать "
            "каждую возможную сумму."
        )
    return problems


def reachable_totals(questions: list[dict]) -> set[Decimal] | None:
    """Every total some answers give (a question asked only under a condition may also give
    0); None past REACHABLE_LIMIT distinct totals."""
    totals = {Decimal(0)}
    for question in questions:
        points = {Decimal(str(o["points"])) for o in question["options"]}
        if question.get("show_if"):
            points.add(Decimal(0))
        totals = {total + p for total in totals for p in points}
        if len(totals) > REACHABLE_LIMIT:
            return None
    return totals


# --- preview --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What an interview with these answers would give; nothing is stored."""

    asked: frozenset[str]  # the codes of the questions shown under their conditions
    missing: tuple[str, ...]  # texts of questions shown but not answered
    total: Decimal | None
    outcome: str
    value: int | None
    hours_per_week: Decimal | None
    reassess_months: int | None
    next_date: datetime.date | None
    by_expert: bool


def asked_questions(data: dict[str, Any], answers: dict[str, str]) -> frozenset[str]:
    """The questions an interview asks given `answers`: a question with a condition only when
    its question was asked and answered with one of the condition's options."""
    asked: set[str] = set()
    for question in questions_of(data):
        condition = question.get("show_if")
        if condition and not (
            condition["question"] in asked
            and answers.get(condition["question"]) in condition["options"]
        ):
            continue
        asked.add(question["code"])
    return frozenset(asked)


def preview(data: dict[str, Any], answers: dict[str, str], today: datetime.date) -> Preview:
    """Score `answers` as an interview would, for the «Проверить анкету» page."""
    asked = asked_questions(data, answers)
    questions = [q for q in questions_of(data) if q["code"] in asked]
    missing = tuple(
        q["text"]
        for q in questions
        if answers.get(q["code"]) not in {o["code"] for o in q["options"]}
    )
    by_expert = data.get("scoring") == "expert"
    empty = Preview(asked, missing, None, "", None, None, None, None, by_expert)
    if missing:
        return empty
    points = [
        next(o.get("points") for o in q["options"] if o["code"] == answers[q["code"]])
        for q in questions
    ]
    if any(p is None for p in points):
        return empty
    total = sum((Decimal(str(p)) for p in points), start=Decimal(0))
    outcome = next(
        (
            o
            for o in data.get("outcomes", [])
            if "min" in o
            and "max" in o
            and Decimal(str(o["min"])) <= total <= Decimal(str(o["max"]))
        ),
        None,
    )
    if outcome is None or by_expert:
        return Preview(asked, missing, total, "", None, None, None, None, by_expert)
    months = outcome.get("reassess_months", data.get("reassess_months"))
    return Preview(
        asked=asked,
        missing=missing,
        total=total,
        outcome=outcome["title"],
        value=outcome.get("value"),
        hours_per_week=Decimal(str(outcome.get("hours_per_week", 0))),
        reassess_months=months,
        next_date=rules.reassessment_date(today, months) if months else None,
        by_expert=by_expert,
    )


# --- small helpers --------------------------------------------------------------------------


def short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
