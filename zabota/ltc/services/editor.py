"""The methodology editor: drafts built in the browser, checked live, published once.

A draft is a Methodology without `published_at`; its `data` is the dict of
specs/methodology-format-v2.md in the making (always with "blocks"), and may be incomplete.
Every edit locks the row, refuses a published methodology (a published version scores
assessments and is never edited again: a change of the region's act is a new version) and a
form built from an older `revision` (two administrators, or two tabs, never overwrite each
other unseen), then bumps the revision and writes its audit entry, all in one transaction.

Elements are addressed by position (block, question, option, outcome — from 0): the revision
check makes a position as good as an identity.
"""

import copy
import logging
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.ltc.drafts import (
    CODE_MAX,
    HOURS_LIMIT,
    MAX_BLOCKS,
    MAX_MONTHS,
    OUTCOME_KINDS,
    POINTS_LIMIT,
    SCORINGS,
    SOURCE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    TOTAL_LIMIT,
    clean_code,
    clean_text,
    draft_problems,
    editable,
    file_shape,
    parse_number,
    parse_whole,
    questions_of,
    short,
    stored,
)
from zabota.ltc.models import Methodology
from zabota.ltc.services.methodologies import methodology_data, parse_methodology_file
from zabota.organisation.models import Staff
from zabota.rules import ltc as rules

logger = logging.getLogger(__name__)

STALE = (
    "Черновик уже изменён после того, как вы открыли эту форму (в другой вкладке или другим "
    "сотрудником). Ничего не сохранено: посмотрите, что сейчас в черновике, и повторите правку."
)


# --- drafts ---------------------------------------------------------------------------------


def _new_row(*, actor: Staff, data: dict[str, Any], file_name: str = "") -> Methodology:
    code, version = data["code"], data["version"]
    if Methodology.objects.filter(
        institution_id=actor.institution_id, code=code, version=version
    ).exists():
        raise ValidationError(
            f"Методика с кодом «{code}» и версией «{version}» уже есть: укажите другую версию."
        )
    methodology = Methodology(
        institution=actor.institution,
        code=code,
        version=version,
        title=data["title"],
        source=data["source"],
        is_example=data["is_example"],
        data=file_shape(data),
        file_name=file_name[:255],
        uploaded_by=actor,
    )
    methodology.full_clean()
    methodology.save()
    return methodology


def _header(
    *,
    code: Any,
    title: Any,
    version: Any,
    source: Any,
    outcome_kind: Any,
    scoring: Any,
    reassess_months: Any,
) -> dict[str, Any]:
    if outcome_kind not in OUTCOME_KINDS:
        raise ValidationError("Выберите, что даёт методика: уровень нуждаемости или группу ухода.")
    if scoring not in SCORINGS:
        raise ValidationError("Выберите, как устанавливается исход: по баллам или экспертом.")
    header = {
        "code": clean_code(code, "Код методики"),
        "title": clean_text(title, "Наименование", limit=TITLE_MAX),
        "version": clean_text(version, "Версия", limit=CODE_MAX),
        "source": clean_text(source, "Источник (акт региона)", limit=SOURCE_MAX, multiline=True),
        "outcome_kind": outcome_kind,
        "scoring": scoring,
    }
    months = parse_whole(
        reassess_months, "Повторная оценка через, месяцев", minimum=1, maximum=MAX_MONTHS
    )
    if months is not None:
        header["reassess_months"] = months
    return header


@transaction.atomic
def draft_create(
    *,
    actor: Staff,
    code: str,
    title: str,
    version: str,
    source: str = "",
    outcome_kind: str = "level",
    scoring: str = "points",
    reassess_months: Any = None,
) -> Methodology:
    """«Новая методика»: an empty draft with its heading, one untitled block to fill."""
    data = _header(
        code=code,
        title=title,
        version=version,
        source=source,
        outcome_kind=outcome_kind,
        scoring=scoring,
        reassess_months=reassess_months,
    )
    data |= {"is_example": False, "blocks": [{"code": "", "title": "", "questions": []}]}
    data["outcomes"] = []
    methodology = _new_row(actor=actor, data=data)
    _audit_created(actor, methodology, "создан черновик методики")
    return methodology


@transaction.atomic
def draft_new_version(*, actor: Staff, methodology: Methodology, version: str) -> Methodology:
    """«Новая версия»: a published methodology copied into a draft with another version."""
    if methodology.is_draft:
        raise ValidationError("Это черновик: правьте его, новая версия делается из опубликованной.")
    data = editable(copy.deepcopy(methodology.data))
    data["version"] = clean_text(version, "Версия", limit=CODE_MAX)
    draft = _new_row(actor=actor, data=data, file_name=methodology.file_name)
    _audit_created(actor, draft, f"черновик новой версии методики {methodology}")
    return draft


@transaction.atomic
def draft_import(*, actor: Staff, file, version: str = "") -> Methodology:
    """«Импорт из JSON»: a draft from a file (the upload's parser and limits); the file may
    still have problems, the draft page lists them."""
    raw = parse_methodology_file(file.read(settings.ZABOTA_METHODOLOGY_MAX_BYTES + 1), file.name)
    try:
        # A file that loads is taken in its canonical form: exactly what would be published.
        raw = methodology_data(rules.load_methodology(raw))
    except ValueError:
        pass
    data = editable(raw)
    if version and version.strip():
        data["version"] = version
    try:
        data |= {
            "code": clean_code(data["code"], "Код методики (code)"),
            # As the upload reads a file: a line break in a text is no control character.
            "title": clean_text(
                data["title"], "Наименование (title)", limit=TITLE_MAX, multiline=True
            ),
            "version": clean_text(data["version"], "Версия (version)", limit=CODE_MAX),
            "source": clean_text(
                data["source"],
                "Источник (source)",
                limit=SOURCE_MAX,
                required=False,
                multiline=True,
            ),
        }
    except ValidationError as error:
        raise ValidationError(f"Файл не принят: {' '.join(error.messages)}") from None
    methodology = _new_row(actor=actor, data=data, file_name=Path(file.name).name)
    _audit_created(actor, methodology, f"черновик методики из файла {Path(file.name).name}")
    return methodology


def _audit_created(actor: Staff, methodology: Methodology, details: str) -> None:
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        institution=methodology.institution,
        obj=methodology,
        changes={"code": [None, methodology.code], "version": [None, methodology.version]},
        details=details,
    )
    logger.info("methodology draft %s created (staff %s)", methodology.pk, actor.pk)


# --- edits ----------------------------------------------------------------------------------


def _locked_draft(methodology: Methodology, expected_revision: int) -> Methodology:
    current = Methodology.objects.select_for_update().get(pk=methodology.pk)
    if not current.is_draft:
        raise ValidationError(
            "Методика опубликована и больше не изменяется: по ней проводятся оценки. "
            "Чтобы изменить её, создайте новую версию."
        )
    if current.revision != expected_revision:
        raise ValidationError(STALE)
    return current


def _edit(
    *,
    actor: Staff,
    methodology: Methodology,
    expected_revision: int,
    change: Callable[[dict[str, Any]], tuple[str, dict]],
) -> Methodology:
    """Apply `change` (data → (what was done, changes for the journal)) to a locked draft."""
    current = _locked_draft(methodology, expected_revision)
    data = editable(copy.deepcopy(current.data))
    details, changes = change(data)
    current.data = file_shape(data)
    current.code = data["code"]
    current.version = data["version"]
    current.title = data["title"]
    current.source = data["source"]
    current.revision += 1
    current.full_clean()
    current.save()
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        institution=current.institution,
        obj=current,
        changes=changes | {"revision": [expected_revision, current.revision]},
        details=f"черновик методики: {details}",
    )
    return current


@transaction.atomic
def draft_header_save(
    *,
    actor: Staff,
    methodology: Methodology,
    expected_revision: int,
    code: str,
    title: str,
    version: str,
    source: str,
    outcome_kind: str,
    scoring: str,
    reassess_months: Any,
    is_example: bool = False,
) -> Methodology:
    header = _header(
        code=code,
        title=title,
        version=version,
        source=source,
        outcome_kind=outcome_kind,
        scoring=scoring,
        reassess_months=reassess_months,
    )
    header["is_example"] = bool(is_example)
    clash = (
        Methodology.objects.filter(
            institution_id=methodology.institution_id,
            code=header["code"],
            version=header["version"],
        )
        .exclude(pk=methodology.pk)
        .exists()
    )
    if clash:
        raise ValidationError(
            f"Методика с кодом «{header['code']}» и версией «{header['version']}» уже есть: "
            "укажите другую версию."
        )

    def change(data: dict[str, Any]) -> tuple[str, dict]:
        before = {key: data.get(key) for key in (*header, "reassess_months")}
        data.pop("reassess_months", None)
        data.update(header)
        after = {key: data.get(key) for key in before}
        return "изменены общие сведения", _changed(before, after)

    return _edit(
        actor=actor, methodology=methodology, expected_revision=expected_revision, change=change
    )


@transaction.atomic
def block_save(
    *,
    actor: Staff,
    methodology: Methodology,
    expected_revision: int,
    index: int | None,
    title: str,
) -> Methodology:
    """Add a block (index None) or rename one; a block's title may be empty."""
    title = clean_text(title, "Название блока", limit=TITLE_MAX, required=False)

    def change(data: dict[str, Any]) -> tuple[str, dict]:
        blocks = data["blocks"]
        if index is None:
            if len(blocks) >= MAX_BLOCKS:
                raise ValidationError(f"В методике не может быть больше {MAX_BLOCKS} блоков.")
            codes = {b.get("code") for b in blocks}
            blocks.append({"code": _free_code("b", codes), "title": title, "questions": []})
            return f"добавлен блок «{title or 'без названия'}»", {"block": [None, title]}
        block = _at(blocks, index, "Блок")
        before, block["title"] = block["title"], title
        return f"переименован блок «{title or 'без названия'}»", {"block": [before, title]}

    return _edit(
        actor=actor, methodology=methodology, expected_revision=expected_revision, change=change
    )


@transaction.atomic
def question_save(
    *,
    actor: Staff,
    methodology: Methodology,
    expected_revision: int,
    block: int,
    index: int | None,
    text: str,
    code: str = "",
    show_if_question: str = "",
    show_if_options: Iterable[str] = (),
) -> Methodology:
    """Add a question to a block (index None) or change one: its text, code and condition
    («показывать, если» an earlier question was answered with one of the options)."""
    text = clean_text(text, "Текст вопроса", limit=TEXT_MAX, multiline=True)
    code = clean_code(code, "Код вопроса", required=False)
    show_if_question = clean_code(show_if_question, "Показывать, если", required=False)
    chosen = [clean_code(o, "Варианты условия") for o in show_if_options]

    def change(data: dict[str, Any]) -> tuple[str, dict]:
        questions = _at(data["blocks"], block, "Блок")["questions"]
        everything = questions_of(data)
        if index is None:
            if len(everything) >= settings.ZABOTA_METHODOLOGY_MAX_QUESTIONS:
                limit = settings.ZABOTA_METHODOLOGY_MAX_QUESTIONS
                raise ValidationError(f"В методике не может быть больше {limit} вопросов.")
            question: dict[str, Any] = {"code": "", "text": "", "options": []}
            before: dict[str, Any] = {}
        else:
            question = _at(questions, index, "Вопрос")
            before = {"code": question["code"], "text": question["text"]}
        others = {q["code"] for q in everything if q is not question}
        new_code = code or question["code"] or _free_code("q", others)
        if new_code in others:
            raise ValidationError(f"Вопрос с кодом «{new_code}» уже есть: коды не повторяются.")
        earlier = everything[: everything.index(question)] if index is not None else everything
        condition = _condition(earlier, show_if_question, chosen)
        if question["code"] and new_code != question["code"]:
            _rename_question(data, question["code"], new_code)
        question["code"], question["text"] = new_code, text
        question.pop("show_if", None)
        if condition:
            question["show_if"] = condition
        if index is None:
            questions.append(question)
        after = {"code": new_code, "text": text}
        verb = "добавлен" if index is None else "изменён"
        return f"{verb} вопрос «{short(text)}»", _changed(before, after)

    return _edit(
        actor=actor, methodology=methodology, expected_revision=expected_revision, change=change
    )


def _condition(earlier: list[dict], question: str, options: list[str]) -> dict | None:
    if not question:
        if options:
            raise ValidationError("Выберите вопрос, от ответа на который зависит этот вопрос.")
        return None
    target = next((q for q in earlier if q["code"] == question), None)
    if target is None:
        raise ValidationError(
            "Условие «показывать, если» может ссылаться только на один из предыдущих вопросов."
        )
    known = [o["code"] for o in target["options"]]
    wanted = [code for code in known if code in options]
    # No options yet is a step: the question is chosen first, its options are ticked next
    # (the problems say so meanwhile).
    if len(wanted) != len(set(options)):
        raise ValidationError(
            f"Отметьте, при каких ответах на вопрос «{short(target['text'])}» задавать этот "
            "вопрос (только варианты этого вопроса)."
        )
    return {"question": question, "options": wanted}


def _rename_question(data: dict[str, Any], old: str, new: str) -> None:
    for question in questions_of(data):
        if question.get("show_if", {}).get("question") == old:
            question["show_if"]["question"] = new


@transaction.atomic
def option_save(
    *,
    actor: Staff,
    methodology: Methodology,
    expected_revision: int,
    block: int,
    question: int,
    index: int | None,
    text: str,
    points: Any = None,
    code: str = "",
) -> Methodology:
    """Add an answer option (index None) or change one; points may be left empty while a
    draft (the problems say so) and may be fractional, typed with a comma or a dot."""
    text = clean_text(text, "Текст варианта", limit=TEXT_MAX)
    code = clean_code(code, "Код варианта", required=False)
    value = parse_number(points, "Баллы", minimum=-POINTS_LIMIT, maximum=POINTS_LIMIT)

    def change(data: dict[str, Any]) -> tuple[str, dict]:
        owner = _at(_at(data["blocks"], block, "Блок")["questions"], question, "Вопрос")
        options = owner["options"]
        if index is None:
            limit = settings.ZABOTA_METHODOLOGY_MAX_OPTIONS
            if len(options) >= limit:
                raise ValidationError(f"У вопроса не может быть больше {limit} вариантов.")
            option: dict[str, Any] = {"code": "", "text": ""}
            before: dict[str, Any] = {}
        else:
            option = _at(options, index, "Вариант")
            before = {k: option.get(k) for k in ("code", "text", "points")}
        others = {o["code"] for o in options if o is not option}
        new_code = code or option["code"] or _free_letter(others)
        if new_code in others:
            raise ValidationError(f"Вариант с кодом «{new_code}» у этого вопроса уже есть.")
        if option["code"] and new_code != option["code"]:
            for other in questions_of(data):
                condition = other.get("show_if")
                if condition and condition.get("question") == owner["code"]:
                    condition["options"] = [
                        new_code if c == option["code"] else c for c in condition["options"]
                    ]
        option["code"], option["text"] = new_code, text
        option.pop("points", None)
        if value is not None:
            option["points"] = stored(value)
        if index is None:
            options.append(option)
        after = {k: option.get(k) for k in ("code", "text", "points")}
        verb = "добавлен" if index is None else "изменён"
        return (
            f"{verb} вариант «{short(text)}» вопроса «{short(owner['text'])}»",
            _changed(before, after),
        )

    return _edit(
        actor=actor, methodology=methodology, expected_revision=expected_revision, change=change
    )


@transaction.atomic
def outcome_save(
    *,
    actor: Staff,
    methodology: Methodology,
    expected_revision: int,
    index: int | None,
    title: str,
    value: Any = None,
    min: Any = None,  # noqa: A002 - the field's name in the file
    max: Any = None,  # noqa: A002
    hours_per_week: Any = None,
    reassess_months: Any = None,
    code: str = "",
) -> Methodology:
    """Add an outcome (index None) or change one: a level or group with its range of the
    total, hours of care a week and months to reassessment; empty numbers stay empty (the
    problems name what is missing)."""
    title = clean_text(title, "Наименование исхода", limit=TITLE_MAX)
    code = clean_code(code, "Код исхода", required=False)
    numbers = {
        "value": parse_whole(value, "Уровень или группа", minimum=0, maximum=5),
        "min": parse_number(min, "Сумма баллов от", minimum=-TOTAL_LIMIT, maximum=TOTAL_LIMIT),
        "max": parse_number(max, "Сумма баллов до", minimum=-TOTAL_LIMIT, maximum=TOTAL_LIMIT),
        "hours_per_week": parse_number(
            hours_per_week, "Часов ухода в неделю", minimum=Decimal(0), maximum=HOURS_LIMIT
        ),
        "reassess_months": parse_whole(
            reassess_months, "Повторная оценка через, месяцев", minimum=1, maximum=MAX_MONTHS
        ),
    }
    if numbers["min"] is not None and numbers["max"] is not None:
        if numbers["min"] > numbers["max"]:
            raise ValidationError("Сумма баллов «от» больше, чем «до»: проверьте диапазон.")

    def change(data: dict[str, Any]) -> tuple[str, dict]:
        outcomes = data["outcomes"]
        if index is None:
            limit = settings.ZABOTA_METHODOLOGY_MAX_OUTCOMES
            if len(outcomes) >= limit:
                raise ValidationError(f"В методике не может быть больше {limit} исходов.")
            outcome: dict[str, Any] = {"code": "", "title": ""}
            before: dict[str, Any] = {}
        else:
            outcome = _at(outcomes, index, "Исход")
            before = dict(outcome)
        others = {o["code"] for o in outcomes if o is not outcome}
        natural = str(numbers["value"]) if numbers["value"] is not None else ""
        new_code = (
            code
            or outcome["code"]
            or (natural if natural and natural not in others else _free_code("o", others))
        )
        if new_code in others:
            raise ValidationError(f"Исход с кодом «{new_code}» уже есть.")
        outcome.clear()
        outcome |= {"code": new_code, "title": title}
        for key, number in numbers.items():
            if number is not None:
                outcome[key] = stored(number)
        if index is None:
            outcomes.append(outcome)
        verb = "добавлен" if index is None else "изменён"
        return f"{verb} исход «{short(title)}»", _changed(before, dict(outcome))

    return _edit(
        actor=actor, methodology=methodology, expected_revision=expected_revision, change=change
    )


ELEMENTS = ("block", "question", "option", "outcome")
_ELEMENT_TITLES = {"block": "блок", "question": "вопрос", "option": "вариант", "outcome": "исход"}


def _siblings(data: dict[str, Any], element: str, path: tuple[int, ...]) -> tuple[list, int]:
    """The list holding the element at `path` and its index in it."""
    if element not in ELEMENTS:
        raise ValidationError("Неизвестная часть методики.")
    expected = {"block": 1, "question": 2, "option": 3, "outcome": 1}[element]
    if len(path) != expected:
        raise ValidationError("Форма устарела: откройте страницу черновика снова.")
    if element == "outcome":
        _at(data["outcomes"], path[0], "Исход")
        return data["outcomes"], path[0]
    if element == "block":
        _at(data["blocks"], path[0], "Блок")
        return data["blocks"], path[0]
    questions = _at(data["blocks"], path[0], "Блок")["questions"]
    if element == "question":
        _at(questions, path[1], "Вопрос")
        return questions, path[1]
    options = _at(questions, path[1], "Вопрос")["options"]
    _at(options, path[2], "Вариант")
    return options, path[2]


@transaction.atomic
def element_delete(
    *,
    actor: Staff,
    methodology: Methodology,
    expected_revision: int,
    element: str,
    path: tuple[int, ...],
) -> Methodology:
    """Delete a block (with its questions), a question, an option or an outcome; refused while
    a condition of another question refers to what would go."""

    def change(data: dict[str, Any]) -> tuple[str, dict]:
        siblings, index = _siblings(data, element, path)
        item = siblings[index]
        going = item["questions"] if element == "block" else [item] if element == "question" else []
        codes = {q["code"] for q in going}
        for question in questions_of(data):
            condition = question.get("show_if") or {}
            if question in going or not condition:
                continue
            refers = condition.get("question") in codes
            if element == "option":
                owner = _at(data["blocks"][path[0]]["questions"], path[1], "Вопрос")
                refers = condition.get("question") == owner["code"] and item[
                    "code"
                ] in condition.get("options", [])
            if refers:
                raise ValidationError(
                    f"На это ссылается условие вопроса «{short(question['text'])}»: "
                    "сначала измените или уберите условие."
                )
        del siblings[index]
        name = item.get("text") or item.get("title") or ""
        what = _ELEMENT_TITLES[element]
        return f"удалён {what} «{short(name) or 'без названия'}»", {what: [name, None]}

    return _edit(
        actor=actor, methodology=methodology, expected_revision=expected_revision, change=change
    )


@transaction.atomic
def element_move(
    *,
    actor: Staff,
    methodology: Methodology,
    expected_revision: int,
    element: str,
    path: tuple[int, ...],
    step: int,
) -> Methodology:
    """Move an element one place up (step -1) or down (+1) among its neighbours."""
    if step not in (-1, 1):
        raise ValidationError("Переместить можно на одно место выше или ниже.")

    def change(data: dict[str, Any]) -> tuple[str, dict]:
        siblings, index = _siblings(data, element, path)
        target = index + step
        if not 0 <= target < len(siblings):
            raise ValidationError("Дальше перемещать некуда.")
        siblings[index], siblings[target] = siblings[target], siblings[index]
        item = siblings[target]
        name = item.get("text") or item.get("title") or ""
        where = "выше" if step < 0 else "ниже"
        return (
            f"{_ELEMENT_TITLES[element]} «{short(name) or 'без названия'}» перемещён {where}",
            {"position": [index + 1, target + 1]},
        )

    return _edit(
        actor=actor, methodology=methodology, expected_revision=expected_revision, change=change
    )


# --- publishing -----------------------------------------------------------------------------


@transaction.atomic
def draft_publish(*, actor: Staff, methodology: Methodology, expected_revision: int) -> Methodology:
    """Publish a draft without problems: its checked canonical data is stored, and from now on
    it may be put in force and is never edited again."""
    current = _locked_draft(methodology, expected_revision)
    problems = draft_problems(current.data)
    if problems:
        raise ValidationError(["Методика не опубликована, исправьте:", *problems])
    checked = rules.load_methodology(file_shape(editable(current.data)))
    current.data = methodology_data(checked)
    current.title, current.source = checked.title, checked.source
    current.is_example = checked.is_example
    current.published_at = timezone.now()
    current.revision += 1
    current.full_clean()
    current.save()
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        institution=current.institution,
        obj=current,
        changes={"published_at": [None, current.published_at.isoformat()]},
        details="методика опубликована",
    )
    logger.info("methodology %s published (staff %s)", current.pk, actor.pk)
    return current


# --- small helpers --------------------------------------------------------------------------


def _at(items: list, index: Any, what: str) -> Any:
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(items):
        raise ValidationError(
            f"{what} не найден: черновик изменился. Откройте страницу черновика снова."
        )
    return items[index]


def _free_code(prefix: str, taken: set) -> str:
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _free_letter(taken: set) -> str:
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if letter not in taken:
            return letter
    return _free_code("v", taken)


def _changed(before: dict, after: dict) -> dict:
    return {
        key: [before.get(key), after.get(key)]
        for key in dict.fromkeys([*before, *after])
        if before.get(key) != after.get(key)
    }
