"""What a journal entry changed, in words a person reads: «Поле: было → стало».

Services store `changes` as {field: [before, after]} with values as the database holds them:
codes of choices, ids of related rows, ISO dates in UTC. This is the one place that turns them
into Russian, for the recipient's history, the journal page, its XLSX export and the message
of a refused stale edit. Entries written long ago are read the same way, so an old entry with
"2026-12-04T19:22:32+00:00" or "approved" still reads «04.12.2026 22:22», «утверждён».
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models

from zabota.core.dates import parse_moment, when_text
from zabota.rules.words import capitalize_first, number_text

EMPTY = "—"

# Keys that are no field of the model (a service's summary of lines) and fields Django names
# in English because the model gives them no verbose name.
LABELS: dict[str, str] = {
    "services": "услуги",
    "institution": "учреждение",
    "recipient": "получатель",
    "department": "отделение",
    "user": "пользователь",
    "email": "электронная почта",
    "worker": "работник",
    "service": "услуга",
    "program": "программа",
    "contract": "договор",
    "methodology": "методика",
    "assessment": "оценка",
    "plan": "план ухода",
    "visit": "посещение",
    "benefit_category": "льготная категория",
    "status": "состояние",
    "kind": "вид",
    "month": "месяц",
    "year": "год",
    "position": "порядковый номер",
    "source": "источник",
    "latitude": "широта",
    "longitude": "долгота",
    "quantity": "количество",
    "amount": "сумма",
    "total": "всего",
    "answers": "ответы",
    "created_by": "кто создал",
    "enrolled_by": "кто поставил на обслуживание",
    "discharged_by": "кто снял с обслуживания",
    "computed_by": "кто рассчитал",
    "reviewed_by": "кто проверил",
    "reviewed_at": "когда проверено",
    "cancelled_at": "когда отменено",
    "closed_by": "кто закрыл",
    "closed_at": "когда закрыт",
    "reopened_by": "кто открыл заново",
    "reopened_at": "когда открыт заново",
    "uploaded_by": "кто загрузил",
    "updated_by": "кто изменил",
    "captured_by": "кто принял подпись",
    "submitted_at": "когда завершена",
    "sessions_revoked_at": "выход на всех устройствах",
}


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}: {self.old} → {self.new}"


def change_lines(event, names: Mapping[tuple[str, str], str] | None = None) -> list[ChangeLine]:
    """The lines of one journal entry (`names`: related rows already read by `present`)."""
    return lines_for(event.object_type, event.changes, names)


def changes_text(event, names: Mapping[tuple[str, str], str] | None = None) -> str:
    """The lines in one cell of a table: «Фамилия: Иванова → Петрова; Телефон: — → 8 900…»."""
    return "; ".join(str(line) for line in change_lines(event, names))


def present(events: Iterable) -> list:
    """The entries with `change_lines` set, related rows read in one query per model."""
    events = list(events)
    names = related_names(events)
    for event in events:
        event.change_lines = change_lines(event, names)
    return events


def lines_for(
    object_type: str,
    changes: Mapping[str, Any],
    names: Mapping[tuple[str, str], str] | None = None,
) -> list[ChangeLine]:
    """The lines of a {field: [before, after]} change of an object of `object_type`."""
    if not isinstance(changes, Mapping):
        return []
    model = _model(object_type)
    if names is None:
        names = _names_for([(model, changes)])
    lines = []
    for key, pair in changes.items():
        field = _field(model, key)
        if _hidden(key, field):
            continue
        old, new = _pair(pair)
        shown = [_shown(object_type, key, field, value, names) for value in (old, new)]
        lines.append(ChangeLine(_label(key, field), shown[0], shown[1]))
    return lines


def related_names(events: Iterable) -> dict[tuple[str, str], str]:
    """{(model label, id): its name} for every related row the entries' changes mention."""
    return _names_for(
        (_model(e.object_type), e.changes) for e in events if isinstance(e.changes, Mapping)
    )


# --- the parts -------------------------------------------------------------------------------


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except Exception:  # FieldDoesNotExist, or a key no field name could be
        return None
    return field if isinstance(field, models.Field) else None


def _hidden(key: str, field: models.Field | None) -> bool:
    # The version counter and the automatic timestamps change with every save: the entry's
    # own time already says when, and "updated at" as a change says nothing to a person.
    if key == "version" or (field is not None and field.primary_key):
        return True
    if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
        return True
    return isinstance(field, models.BinaryField)


def _pair(pair: Any) -> tuple[Any, Any]:
    if isinstance(pair, list | tuple) and len(pair) == 2:
        return pair[0], pair[1]
    return None, pair


def _label(key: str, field: models.Field | None) -> str:
    name = str(field.verbose_name) if field is not None else ""
    if not name or name.isascii():
        name = LABELS.get(key) or key.replace("_", " ")
    return capitalize_first(name)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _shown(object_type: str, key: str, field, value: Any, names) -> str:
    if field is not None and field.choices and isinstance(value, str | int):
        # Before the check for empty: "" may be a choice of its own («нет» of a group).
        labels = dict(field.flatchoices)
        if value in labels:
            return str(labels[value])
    if _empty(value):
        return EMPTY
    legacy = _LEGACY.get((object_type, key))
    if legacy is not None and isinstance(value, list):
        value = [legacy(item) if isinstance(item, str) else item for item in value]
    if field is None:
        return _plain(value)
    if isinstance(value, list) and not isinstance(field, models.JSONField):
        return ", ".join(_shown(object_type, key, field, item, names) for item in value)
    if field.choices:
        return str(value)  # a code the choices no longer know
    if isinstance(field, models.BooleanField):
        return "да" if value else "нет"
    if field.many_to_one or field.one_to_one:
        return names.get((field.related_model._meta.label_lower, str(value))) or f"№ {value}"
    if isinstance(field, models.DateField | models.TimeField):
        return when_text(value) or EMPTY
    if isinstance(field, models.DecimalField | models.FloatField):
        return number_shown(value)
    return _plain(value)


def _plain(value: Any) -> str:
    """A value of no known field: lists joined, ISO dates read, yes/no in words."""
    if _empty(value):
        return EMPTY
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value if not _empty(item)) or EMPTY
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, float | Decimal):
        return number_shown(value)
    if isinstance(value, str) and parse_moment(value) is not None:
        return when_text(value)
    return str(value)


def number_shown(value: Any) -> str:
    try:
        return number_text(value)
    except (ArithmeticError, TypeError, ValueError, InvalidOperation):
        return str(value)


def _names_for(items: Iterable[tuple[type[models.Model] | None, Mapping]]) -> dict:
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    for model, changes in items:
        for key, pair in changes.items():
            field = _field(model, key)
            if field is None or not (field.many_to_one or field.one_to_one):
                continue
            for value in _pair(pair):
                if isinstance(value, int) and not isinstance(value, bool):
                    wanted[field.related_model].add(value)
    names = {}
    for related, ids in wanted.items():
        label = related._meta.label_lower
        for obj in related._default_manager.filter(pk__in=ids):
            names[(label, str(obj.pk))] = str(obj)
    return names


# --- entries written before their services stored labels ------------------------------------

# (object type, key) -> how one line of such an old entry reads. The area that wrote the lines
# registers its reader (programs, ltc: zabota.<app>.extensions), the journal sits below them.
_LEGACY: dict[tuple[str, str], Callable[[str], str]] = {}


def register_legacy(object_type: str, key: str, reader: Callable[[str], str]) -> None:
    _LEGACY[(object_type, key)] = reader
