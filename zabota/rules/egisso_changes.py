"""The life of a ЕГИССО fact after its first export: which record each event of the centre
becomes, the order and size of a package, conflicting records, the error protocol.

Source: the official XSD of message 10.06.S 1.1.0 (`zabota/exchange/egisso_xsd/`,
`schemas/egisso/package-RAF-1.1.0.xsd`): `elements` is a sequence of eleven groups, each of at
most 1000 records; every record other than `fact` points at a fact loaded before
(`assignmentFactUuid`) and has its own event `uuid`. Which event of the centre is which record
is our reading of the XSD's annotations (the ЕГИССО methodical recommendations on loading facts
were not found): `EVENT_RECORDS` is the one table of it, shown to the centre's ЕГИССО operator
in docs/egisso.md. Nothing here imports Django.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

# The groups of `elements`, in the order the XSD's sequence demands.
FACT = "fact"
RECALCULATION = "alterationBasedOnRecalculation"
DEATH_OR_MOVING = "alterationBasedOnDeathOrMovingRecalculation"
PREVIOUS_ERRORS = "alterationBasedOnPreviousErrors"
TERMINATION_RECALCULATION = "terminationBasedOnRecalculation"
TERMINATION_INELIGIBILITY = "terminationBasedOnIneligibility"
TERMINATION_END_OF_RIGHT = "terminationBasedOnEndOfRight"
TERMINATION_END_OF_VALIDITY = "terminationBasedOnEndOfValidityPeriod"
TERMINATION_REFUSAL = "terminationBasedOnRecipientRefusal"
DUPLICATES_INVALIDATION = "duplicatesInvalidation"
ERRORS_INVALIDATION = "errorsInvalidation"
RECORD_ORDER = (
    FACT,
    RECALCULATION,
    DEATH_OR_MOVING,
    PREVIOUS_ERRORS,
    TERMINATION_RECALCULATION,
    TERMINATION_INELIGIBILITY,
    TERMINATION_END_OF_RIGHT,
    TERMINATION_END_OF_VALIDITY,
    TERMINATION_REFUSAL,
    DUPLICATES_INVALIDATION,
    ERRORS_INVALIDATION,
)
# package-RAF-1.1.0.xsd: maxOccurs="1000" on every group (it was unbounded in 1.0.9).
GROUP_CAP = 1000
# The XSD's own annotation of each group, as the operator sees it in ЕГИССО.
RECORD_TITLES = {
    FACT: "Новый факт назначения",
    RECALCULATION: "Изменение размера назначения при перерасчёте за прошлые периоды",
    DEATH_OR_MOVING: "Изменение размера и даты окончания по причине смерти или переезда",
    PREVIOUS_ERRORS: "Изменение в связи с ошибкой в ранее загруженном факте",
    TERMINATION_RECALCULATION: "Прекращение в связи с перерасчётом назначения",
    TERMINATION_INELIGIBILITY: "Прекращение в связи с неправомочностью назначения",
    TERMINATION_END_OF_RIGHT: "Прекращение в связи с окончанием права",
    TERMINATION_END_OF_VALIDITY: "Прекращение в связи с окончанием срока действия",
    TERMINATION_REFUSAL: "Прекращение в связи с отказом получателя",
    DUPLICATES_INVALIDATION: "Удаление дублирующейся записи",
    ERRORS_INVALIDATION: "Удаление ошибочно загруженной записи",
}
TERMINATIONS = frozenset(
    {
        TERMINATION_RECALCULATION,
        TERMINATION_INELIGIBILITY,
        TERMINATION_END_OF_RIGHT,
        TERMINATION_END_OF_VALIDITY,
        TERMINATION_REFUSAL,
    }
)
# Records after which the fact is over: it is not followed any more.
ENDINGS = TERMINATIONS | {DEATH_OR_MOVING}
INVALIDATIONS = frozenset({DUPLICATES_INVALIDATION, ERRORS_INVALIDATION})
_ORDER_INDEX = {kind: index for index, kind in enumerate(RECORD_ORDER)}

# What happened in the centre (causes of records).
END_OF_TERM = "end_of_term"
REFUSAL = "refusal"
END_OF_RIGHT = "end_of_right"
DEATH = "death"
MOVING = "moving"
REPLACED = "replaced"
RECALCULATED = "recalculated"
DATA_ERROR = "data_error"
LOADED_BY_MISTAKE = "loaded_by_mistake"
DUPLICATE = "duplicate"
NEW = "new"


@dataclass(frozen=True)
class EventRecord:
    """A line of the mapping: an event of the centre, the record it becomes and its fields."""

    cause: str
    event: str
    kind: str
    fields: str
    administrator_only: bool = False


# The mapping of the centre's events to records (docs/egisso.md shows it to the operator).
# Source of each record's meaning: its annotation in package-RAF-1.1.0.xsd (RECORD_TITLES);
# the choice per event is ours, see the module's docstring.
EVENT_RECORDS = (
    EventRecord(
        NEW,
        "ИППСУ действовала в периоде и ещё не выгружалась",
        FACT,
        "весь факт назначения с его идентификатором",
    ),
    EventRecord(
        END_OF_TERM,
        "ИППСУ закончилась в свой срок",
        TERMINATION_END_OF_VALIDITY,
        "дата окончания; сумма-эквивалент и количество фактически оказанных услуг",
    ),
    EventRecord(
        REFUSAL,
        "отказ получателя: снятие по причине «отказ», договор расторгнут по его заявлению",
        TERMINATION_REFUSAL,
        "дата прекращения; сумма-эквивалент и количество фактически оказанных услуг",
    ),
    EventRecord(
        END_OF_RIGHT,
        "получатель утратил право: снят по иной причине (не нуждается, стационар, нарушение "
        "условий), договор расторгнут не по его заявлению",
        TERMINATION_END_OF_RIGHT,
        "дата прекращения; сумма-эквивалент и количество фактически оказанных услуг",
    ),
    EventRecord(
        DEATH,
        "снятие по причине смерти",
        DEATH_OR_MOVING,
        "новый размер назначения (сумма-эквивалент по день снятия) и дата окончания",
    ),
    EventRecord(
        MOVING,
        "снятие по причине переезда",
        DEATH_OR_MOVING,
        "новый размер назначения (сумма-эквивалент по день снятия) и дата окончания",
    ),
    EventRecord(
        REPLACED,
        "ИППСУ заменена новой (новая ИППСУ уйдёт новым фактом)",
        TERMINATION_RECALCULATION,
        "дата окончания (день перед новой ИППСУ); сумма-эквивалент и количество фактически "
        "оказанных услуг",
    ),
    EventRecord(
        RECALCULATED,
        "пересчитана сумма-эквивалент (исправлен тариф или объём)",
        RECALCULATION,
        "новый размер назначения",
    ),
    EventRecord(
        DATA_ERROR,
        "исправлены данные выгруженного факта (ФИО, СНИЛС, документ, даты) или факт, "
        "возвращённый ЕГИССО с ошибкой",
        PREVIOUS_ERRORS,
        "весь исправленный факт (без своего идентификатора)",
    ),
    EventRecord(
        LOADED_BY_MISTAKE,
        "факт выгружен по ошибке",
        ERRORS_INVALIDATION,
        "только идентификаторы; причину указывает администратор",
        administrator_only=True,
    ),
    EventRecord(
        DUPLICATE,
        "факт выгружен дважды (дубль)",
        DUPLICATES_INVALIDATION,
        "только идентификаторы; причину указывает администратор",
        administrator_only=True,
    ),
)
RECORD_OF = {line.cause: line.kind for line in EVENT_RECORDS}
EVENT_OF = {line.cause: line.event for line in EVENT_RECORDS}
# The causes a discharge reason of the centre's reference list may stand for.
DISCHARGE_CAUSES = (DEATH, MOVING, REFUSAL, END_OF_RIGHT)
DISCHARGE_CAUSE_LABELS = {
    DEATH: "смерть (изменение с датой окончания)",
    MOVING: "переезд (изменение с датой окончания)",
    REFUSAL: "отказ получателя (прекращение)",
    END_OF_RIGHT: "утрата права (прекращение)",
}
# Words of a reason as people write it; checked in order, «утрата права» otherwise.
_CAUSE_WORDS = (
    ("смерт", DEATH),
    ("умер", DEATH),
    ("скончал", DEATH),
    ("переезд", MOVING),
    ("переех", MOVING),
    ("выбыт", MOVING),
    ("смена места жительства", MOVING),
    ("отказ", REFUSAL),
    ("заявлени", REFUSAL),
    ("по желанию", REFUSAL),
    ("по инициативе получателя", REFUSAL),
)


def cause_from_words(text: str) -> str:
    """The cause a reason written in words most likely means (a discharge reason, the reason of
    a contract's termination): death, moving, refusal, or the loss of the right otherwise."""
    words = (text or "").lower().replace("ё", "е")
    for part, cause in _CAUSE_WORDS:
        if part in words:
            return cause
    return END_OF_RIGHT


def order_index(kind: str) -> int:
    return _ORDER_INDEX[kind]


def conflicts(kinds: Sequence[str]) -> list[str]:
    """Why these records cannot go about one fact in one package (empty when they can)."""
    reasons = []
    counted = Counter(kinds)
    for kind, count in counted.items():
        if count > 1:
            reasons.append(f"две записи «{RECORD_TITLES[kind]}»")
    present = sorted(counted, key=order_index)
    if FACT in counted and len(counted) > 1:
        reasons.append("новый факт и его изменение: факт должен быть загружен до изменения")
    invalidations = [k for k in present if k in INVALIDATIONS]
    if invalidations and len(counted) > 1:
        others = ", ".join(f"«{RECORD_TITLES[k]}»" for k in present if k != invalidations[0])
        reasons.append(f"удаление факта вместе с записью {others}")
    endings = [k for k in present if k in ENDINGS]
    if len(endings) > 1:
        reasons.append("два прекращения: " + " и ".join(f"«{RECORD_TITLES[k]}»" for k in endings))
    if RECALCULATION in counted and PREVIOUS_ERRORS in counted:
        reasons.append("два изменения размера назначения: перерасчёт и исправление факта")
    return reasons


T = TypeVar("T")


def into_packages(
    records: Sequence[T],
    *,
    fact_of: Callable[[T], object],
    kind_of: Callable[[T], str],
    cap: int = GROUP_CAP,
) -> list[list[T]]:
    """Records split into packages of at most `cap` per group, each package in the schema's
    order. The records of one fact stay in one package, so ЕГИССО applies a correction before
    the termination that follows it."""
    by_fact: dict[object, list[T]] = {}
    for record in records:
        by_fact.setdefault(fact_of(record), []).append(record)
    packages: list[list[T]] = [[]]
    counts: Counter[str] = Counter()
    for items in by_fact.values():
        needed = Counter(kind_of(item) for item in items)
        if any(count > cap for count in needed.values()):
            raise ValueError("more records of one kind for one fact than a package holds")
        if any(counts[kind] + count > cap for kind, count in needed.items()):
            packages.append([])
            counts = Counter()
        packages[-1].extend(items)
        counts.update(needed)
    return [
        sorted(package, key=lambda r: order_index(kind_of(r))) for package in packages if package
    ]


# egisso-basic-types: UUID, 8-4-4-4-12 hexadecimal digits.
UUID_PATTERN = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_EDGES = " \t;,|:.-—–\"'"


@dataclass(frozen=True)
class ProtocolLine:
    """A line of an error protocol: the identifiers it names and the error's text."""

    number: int
    uuids: tuple[uuid.UUID, ...]
    message: str


def protocol_lines(text: str) -> list[ProtocolLine]:
    """The lines of a protocol (pasted, or a text/CSV file) that name an identifier. The text
    of the error is the rest of the line; lines without an identifier (titles) are skipped."""
    lines = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        found = UUID_PATTERN.findall(line)
        if not found:
            continue
        rest = UUID_PATTERN.sub(" ", line)
        message = re.sub(r"\s*[;,\t|]\s*", "; ", rest).strip(_EDGES)
        message = re.sub(r"(;\s*)+", "; ", message).strip(_EDGES)
        lines.append(ProtocolLine(number, tuple(uuid.UUID(value) for value in found), message))
    return lines
