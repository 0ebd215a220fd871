"""Loading methodologies from files and choosing the one in force.

The points and thresholds of the questionnaire are the region's act, not code (Приказ Минтруда
России от 27.12.2023 № 895 leaves them to the region; see docs/long-term-care.md), so an
administrator uploads them as a JSON or YAML file. The file is checked by
zabota.rules.ltc.load_methodology; a file that fails is refused whole, with the problem named.
"""

import datetime
import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.core.text import refused_description
from zabota.ltc.models import Methodology
from zabota.organisation.models import Institution, Staff
from zabota.rules import ltc as rules

logger = logging.getLogger(__name__)

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "methodologies"
SHIPPED = ("barthel", "lawton", "kuzbass_self_care")
# The shipped methodology put in force where none is: the Barthel index (an example mapping).
SHIPPED_DEFAULT = "barthel"
# A methodology is a few hundred values nested five deep. YAML's aliases (&a … *a) let a
# kilobyte stand for a billion values ("billion laughs"): they are shared when loaded, but
# anything that walks or prints them would not stop, so the shape is counted first.
MAX_VALUES = 100_000
MAX_DEPTH = 20
_AUDIT_FIELDS = ("code", "version", "title", "is_example", "effective_from", "is_active")


def parse_methodology_file(content: bytes, name: str) -> dict[str, Any]:
    """The parsed contents of a .json, .yaml or .yml file; ValidationError in Russian."""
    suffix = Path(name or "").suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise ValidationError("Загрузите файл методики в формате .json, .yaml или .yml.")
    limit = settings.ZABOTA_METHODOLOGY_MAX_BYTES
    if len(content) > limit:
        size = f"{limit // 1048576} МБ" if limit % 1048576 == 0 else f"{limit // 1024} КБ"
        raise ValidationError(f"Файл методики больше {size}: это не похоже на методику.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("Файл должен быть в кодировке UTF-8.") from None
    try:
        data = _parse(text, suffix)
    except RecursionError:
        # Both parsers descend one level of Python per level of brackets.
        raise ValidationError(_too_deep()) from None
    # The shape first: the walk for control characters follows every alias as often as it is
    # used, so a billion laughs must be refused before it.
    _check_shape(data)
    return _without_control_characters(data)


def _parse(text: str, suffix: str) -> Any:
    if suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError(
                f"Файл не читается как JSON: ошибка в строке {error.lineno}, "
                f"позиция {error.colno}. Проверьте запятые, кавычки и скобки."
            ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f": ошибка в строке {mark.line + 1}, позиция {mark.column + 1}" if mark else ""
        raise ValidationError(
            f"Файл не читается как YAML{where}. Проверьте отступы и двоеточия."
        ) from None
    return data


def _without_control_characters(data: Any, where: str = "") -> Any:
    """The parsed file, refused whole when a text in it holds a control character (written as
    an escape: \\u0007 in JSON, \\a in YAML; the parsers refuse the raw characters themselves)."""
    if isinstance(data, dict):
        for key, value in data.items():
            _without_control_characters(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data, start=1):
            _without_control_characters(value, f"{where}[{index}]")
    elif isinstance(data, str) and (description := refused_description(data, multiline=True)):
        raise ValidationError(f"Методика не принята: в «{where}» {description}.")
    return data


def _too_deep() -> str:
    return f"В файле методики вложенность глубже {MAX_DEPTH} уровней: это не похоже на методику."


def _check_shape(data: Any) -> None:
    """Count the values as they would be read, a shared (aliased) one each time it is used,
    stopping at the limits; then the number of questions."""
    count, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            limit = f"{MAX_VALUES:,}".replace(",", " ")
            raise ValidationError(
                f"В файле методики больше {limit} значений (ссылки YAML * считаются "
                "столько раз, сколько встречаются): это не похоже на методику."
            )
        if depth > MAX_DEPTH:
            raise ValidationError(_too_deep())
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    limit = settings.ZABOTA_METHODOLOGY_MAX_QUESTIONS
    if _question_count(data) > limit:
        raise ValidationError(f"В методике больше {limit} вопросов: проверьте, тот ли это файл.")


def _question_count(data: Any) -> int:
    """Questions in the flat list and in every block, as far as the shape is a methodology's."""
    if not isinstance(data, dict):
        return 0
    lists = [data.get("questions")]
    if isinstance(data.get("blocks"), list):
        lists += [block.get("questions") for block in data["blocks"] if isinstance(block, dict)]
    return sum(len(items) for items in lists if isinstance(items, list))


def methodology_data(methodology: rules.Methodology) -> dict[str, Any]:
    """The checked methodology as plain JSON, in a form load_methodology reads back unchanged.

    Stored instead of the raw file: YAML may hold values JSON cannot (dates) and keys the
    rules ignore; what is kept is exactly what scores. A single untitled block is written as
    the flat "questions" of the first format; otherwise "blocks".
    """
    data: dict[str, Any] = {
        "code": methodology.code,
        "title": methodology.title,
        "source": methodology.source,
        "version": methodology.version,
        "is_example": methodology.is_example,
        "outcome_kind": methodology.outcome_kind,
        "scoring": methodology.scoring,
    }
    if methodology.reassess_months is not None:
        data["reassess_months"] = methodology.reassess_months
    if methodology.blocks == (rules.Block("", ""),):
        data["questions"] = [_question_data(q) for q in methodology.questions]
    else:
        data["blocks"] = [
            {"code": block.code, "title": block.title, "questions": [_question_data(q) for q in qs]}
            for block, qs in methodology.block_questions()
        ]
    data["outcomes"] = [_outcome_data(outcome) for outcome in methodology.outcomes]
    return data


def _question_data(question: rules.Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": question.code,
        "text": question.text,
        "options": [
            {"code": option.code, "text": option.text}
            | ({} if option.points is None else {"points": _number(option.points)})
            for option in question.options
        ],
    }
    if question.show_if is not None:
        data["show_if"] = {
            "question": question.show_if.question,
            "options": list(question.show_if.options),
        }
    return data


def _outcome_data(outcome: rules.Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {"code": outcome.code, "title": outcome.title}
    if outcome.value is not None:
        data["value"] = outcome.value
    if outcome.min is not None and outcome.max is not None:
        data["min"] = _number(outcome.min)
        data["max"] = _number(outcome.max)
    data["hours_per_week"] = _number(outcome.hours_per_week)
    if outcome.reassess_months is not None:
        data["reassess_months"] = outcome.reassess_months
    return data


def _number(value: Decimal) -> int | float:
    # A float's repr is the shortest string that reads back the same, so Decimal(str(float))
    # returns the original decimal for any number a points table holds.
    return int(value) if value == value.to_integral_value() else float(value)


@transaction.atomic
def methodology_upload(
    *,
    actor: Staff,
    file,
    effective_from: datetime.date | None = None,
) -> Methodology:
    """Check and store a methodology file; in force from `effective_from` when it is given."""
    # One byte past the limit is enough to refuse: the rest is never read into memory.
    data = parse_methodology_file(file.read(settings.ZABOTA_METHODOLOGY_MAX_BYTES + 1), file.name)
    try:
        checked = rules.load_methodology(data)
    except ValueError as error:
        logger.warning(
            "methodology file refused (institution %s, staff %s)", actor.institution_id, actor.pk
        )
        raise ValidationError(f"Методика не принята: {error}.") from None
    return _store(
        institution=actor.institution,
        checked=checked,
        file_name=Path(file.name).name,
        actor=actor,
        effective_from=effective_from,
    )


def _store(
    *,
    institution: Institution,
    checked: rules.Methodology,
    file_name: str,
    actor: Staff | None,
    effective_from: datetime.date | None,
) -> Methodology:
    if Methodology.objects.filter(
        institution=institution, code=checked.code, version=checked.version
    ).exists():
        raise ValidationError(
            f"Методика «{checked.code}» версии «{checked.version}» уже загружена. "
            "Если это новая редакция, измените поле version в файле."
        )
    methodology = Methodology(
        institution=institution,
        code=checked.code,
        version=checked.version,
        title=checked.title[:300],
        source=checked.source,
        is_example=checked.is_example,
        data=methodology_data(checked),
        file_name=file_name[:255],
        uploaded_by=actor,
        # A checked file is a finished version: it is published as it is uploaded.
        published_at=timezone.now(),
    )
    methodology.full_clean()
    methodology.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        institution=institution,
        obj=methodology,
        changes={k: [None, v] for k, v in snapshot(methodology, _AUDIT_FIELDS).items()},
        details=f"загружена методика из файла {file_name}",
    )
    if effective_from is not None:
        methodology = methodology_activate(
            actor=actor, methodology=methodology, effective_from=effective_from
        )
    logger.info(
        "methodology %s loaded into institution %s (staff %s)",
        methodology.pk,
        methodology.institution_id,
        getattr(actor, "pk", "-"),
    )
    return methodology


@transaction.atomic
def methodology_activate(
    *, actor: Staff | None, methodology: Methodology, effective_from: datetime.date
) -> Methodology:
    """Put a methodology in force from a date; one active on the same date is switched off.

    The methodology in force on a day is the active one with the latest start not after it, so
    choosing a later date for a new methodology leaves the current one in force until then.
    """
    if effective_from is None:
        raise ValidationError({"effective_from": "Укажите дату, с которой действует методика."})
    current = Methodology.objects.select_for_update().get(pk=methodology.pk)
    if current.published_at is None:
        # A draft may still change under the assessments it would score.
        raise ValidationError(
            "Черновик нельзя ввести в действие: сначала опубликуйте методику в редакторе."
        )
    before = snapshot(current, _AUDIT_FIELDS)
    same_day = Methodology.objects.filter(
        institution_id=current.institution_id, is_active=True, effective_from=effective_from
    ).exclude(pk=current.pk)
    for other in same_day:
        methodology_deactivate(
            actor=actor,
            methodology=other,
            details=f"заменена методикой {current} с {effective_from:%d.%m.%Y}",
        )
    current.is_active = True
    current.effective_from = effective_from
    current.save(update_fields=["is_active", "effective_from"])
    audit_event(
        kind=EventKind.SETTINGS,
        actor=actor,
        institution=current.institution,
        obj=current,
        changes=diff(before, snapshot(current, _AUDIT_FIELDS)),
        details=f"методика введена в действие с {effective_from:%d.%m.%Y}",
    )
    logger.info(
        "methodology %s in force from %s (staff %s)",
        current.pk,
        effective_from.isoformat(),
        getattr(actor, "pk", "-"),
    )
    return current


@transaction.atomic
def methodology_deactivate(
    *, actor: Staff | None, methodology: Methodology, details: str = ""
) -> Methodology:
    """Take a methodology out of force; its assessments keep it, nothing is deleted."""
    current = Methodology.objects.select_for_update().get(pk=methodology.pk)
    if not current.is_active:
        return current
    before = snapshot(current, _AUDIT_FIELDS)
    current.is_active = False
    current.save(update_fields=["is_active"])
    audit_event(
        kind=EventKind.SETTINGS,
        actor=actor,
        institution=current.institution,
        obj=current,
        changes=diff(before, snapshot(current, _AUDIT_FIELDS)),
        details=details or "методика выведена из действия",
    )
    logger.info("methodology %s out of force (staff %s)", current.pk, getattr(actor, "pk", "-"))
    return current


def shipped_methodologies() -> list[rules.Methodology]:
    """The instruments shipped with Zabota (Barthel, Lawton), each marked as an example."""
    loaded = []
    for code in SHIPPED:
        with open(SHIPPED_DIR / f"{code}.json", encoding="utf-8") as file:
            loaded.append(rules.load_methodology(json.load(file)))
    return loaded


@transaction.atomic
def ensure_shipped_methodologies(
    *,
    institution: Institution,
    actor: Staff | None = None,
    effective_from: datetime.date | None = None,
) -> list[Methodology]:
    """Load the shipped methodologies an institution lacks; put Barthel in force if none is.

    Used by `manage.py load_methodologies`, by the demo and on the first interview of an
    institution that has no methodology at all. Returns the methodologies it created.
    """
    existing = set(
        Methodology.objects.filter(institution=institution).values_list("code", "version")
    )
    created = []
    for checked in shipped_methodologies():
        if (checked.code, checked.version) in existing:
            continue
        created.append(
            _store(
                institution=institution,
                checked=checked,
                file_name=f"{checked.code}.json",
                actor=actor,
                effective_from=None,
            )
        )
    if not Methodology.objects.filter(institution=institution, is_active=True).exists():
        default = (
            Methodology.objects.filter(
                institution=institution, code=SHIPPED_DEFAULT, published_at__isnull=False
            )
            .order_by("-uploaded_at", "-pk")
            .first()
        )
        if default is not None:
            methodology_activate(
                actor=actor,
                methodology=default,
                effective_from=effective_from or timezone.localdate(),
            )
    return created
