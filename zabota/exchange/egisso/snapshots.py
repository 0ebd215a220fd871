"""A fact as stored data: what ЕГИССО was told, compared field by field with today's fact.

The snapshot holds exactly the values written to the XML (writer.Fact), as JSON strings, so
two snapshots are equal when the two files would say the same of the fact.
"""

import dataclasses
import datetime
import uuid
from decimal import Decimal
from typing import Any

from zabota.core.dates import when_text
from zabota.exchange.egisso.writer import Fact
from zabota.rules.identifiers import snils_format

# The fields whose change is a term or a sum (termination, recalculation), not an error.
TERM_AND_SUM = ("date_finish", "quantity", "equivalent_amount")
LABELS = {
    "osz_code": "Код ОНМСЗ",
    "receiver.snils": "СНИЛС",
    "receiver.last_name": "Фамилия",
    "receiver.first_name": "Имя",
    "receiver.middle_name": "Отчество",
    "receiver.gender": "Пол",
    "receiver.birth_date": "Дата рождения",
    "receiver.document": "Документ, удостоверяющий личность",
    "receiver.document.kind": "Вид документа",
    "receiver.document.series": "Серия документа",
    "receiver.document.number": "Номер документа",
    "receiver.document.issued_on": "Дата выдачи документа",
    "receiver.document.issued_by": "Кем выдан документ",
    "lmsz_id": "Идентификатор ЛМСЗ",
    "category_id": "Категория получателей",
    "decision_date": "Дата решения о назначении",
    "date_start": "Дата начала назначения",
    "date_finish": "Дата окончания назначения",
    "ground.title": "ИППСУ: наименование",
    "ground.number": "Номер ИППСУ",
    "ground.issued_on": "Дата составления ИППСУ",
    "ground.authority": "ИППСУ: кем выдана",
    "ground.valid_from": "ИППСУ действует с",
    "ground.valid_until": "ИППСУ действует по",
    "quantity": "Количество",
    "okei_code": "Код единицы по ОКЕИ",
    "content": "Содержание",
    "comment": "Комментарий",
    "equivalent_amount": "Сумма-эквивалент",
}
_GENDERS = {"Male": "мужской", "Female": "женский"}


def fact_snapshot(fact: Fact) -> dict:
    """The fact as JSON-friendly data (nested as the dataclasses are)."""
    return _plain(dataclasses.asdict(fact))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def flat(snapshot: dict, prefix: str = "") -> dict[str, Any]:
    """{"receiver.snils": "…", …}; a missing document is one key with None."""
    values: dict[str, Any] = {}
    for key, value in snapshot.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            values |= flat(value, f"{path}.")
        else:
            values[path] = value
    return values


def body_changed(sent: dict, current: dict) -> list[str]:
    """The paths that differ outside the term and the sums (an error of the data)."""
    return [path for path in _changed(sent, current) if path not in TERM_AND_SUM]


def _changed(sent: dict, current: dict) -> list[str]:
    before, after = flat(sent), flat(current)
    # A document added or removed: "receiver.document" on one side, its fields on the other.
    keys = sorted(before.keys() | after.keys())
    return [key for key in keys if before.get(key) != after.get(key) and key != "uuid"]


def changes_text(sent: dict, current: dict, paths: list[str]) -> str:
    """«СНИЛС: 112-233-445 95 → 112-233-445 96; Фамилия: …» for a person to read."""
    before, after = flat(sent), flat(current)
    parts = []
    for path in paths:
        label = LABELS.get(path) or LABELS.get(path.rsplit(".", 1)[0], path)
        parts.append(f"{label}: {_shown(path, before.get(path))} → {_shown(path, after.get(path))}")
    return "; ".join(parts)


def _shown(path: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if path == "receiver.snils":
        return snils_format(value)
    if path == "receiver.gender":
        return _GENDERS.get(value, value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return when_text(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)
