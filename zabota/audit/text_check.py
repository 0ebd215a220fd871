"""The data check of `manage.py check_text`: stored text holding control characters (written
before the forms, imports and the API refused them) or starting like a spreadsheet formula.

Every text column of every model is scanned; the database narrows the rows with a regular
expression, Python decides (zabota.core.text). `fix` replaces control characters and writes
each change to the journal; a formula is data, reported and left as it is (the exports write it
as text). The journal itself is never changed (Приказ ФСТЭК № 21, РСБ.7): its exports replace
such characters by U+FFFD.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Cast

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.core.text import (
    cleaned,
    looks_like_dangerous_formula,
    normalise_line_ends,
    printable,
    refused_description,
)

CONTROL = "control"
FORMULA = "formula"
# Django's own tables hold no person's text.
_SKIPPED_APPS = {"contenttypes", "sessions", "admin"}
# JSON writes a C0 control character as \u00XX, DEL and C1 as \u00XX (SQLite) or as they are
# (PostgreSQL): the rows worth reading in Python.
_JSON_CONTROL = r"\\u00([01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|" + "[\x7f-\x9f]"


@dataclass(frozen=True)
class Finding:
    model: type[models.Model]
    pk: Any
    field: str
    kind: str
    detail: str

    @property
    def is_journal(self) -> bool:
        return self.model._meta.label_lower == "audit.securityevent"

    def describe(self) -> str:
        meta = self.model._meta
        label = meta.get_field(self.field).verbose_name
        return (
            f"{str(meta.verbose_name).capitalize()} ({meta.db_table}), запись {self.pk}, "
            f"поле «{label}»: {self.detail}"
        )


def text_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in _SKIPPED_APPS
        and not model._meta.proxy
        and text_fields(model)
    ]


def text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.primary_key
    ]


def scan(model_list: list[type[models.Model]] | None = None) -> Iterator[Finding]:
    for model in model_list or text_models():
        yield from _scan_model(model)


def _scan_model(model: type[models.Model]) -> Iterator[Finding]:
    fields = text_fields(model)
    condition, annotations = Q(), {}
    for field in fields:
        if isinstance(field, models.JSONField):
            alias = f"_text_{field.name}"
            annotations[alias] = Cast(field.name, models.TextField())
            condition |= Q(**{f"{alias}__regex": _JSON_CONTROL})
            continue
        condition |= Q(**{f"{field.name}__regex": _control_pattern(_is_multiline(field))})
        if not field.choices:
            condition |= Q(**{f"{field.name}__regex": r"^[=+@\t\r-]"})
    rows = (
        model._base_manager.annotate(**annotations)
        .filter(condition)
        .order_by("pk")
        .values_list("pk", *(f.name for f in fields))
    )
    for pk, *values in rows.iterator(chunk_size=1000):
        for field, value in zip(fields, values, strict=True):
            yield from _findings(model, pk, field, value)


def _findings(model, pk, field: models.Field, value) -> Iterator[Finding]:
    if isinstance(field, models.JSONField):
        for text in _json_strings(value):
            description = refused_description(normalise_line_ends(text), multiline=True)
            if description:
                yield Finding(model, pk, field.name, CONTROL, description)
                return
        return
    if not isinstance(value, str):
        return
    multiline = _is_multiline(field)
    description = refused_description(
        normalise_line_ends(value) if multiline else value, multiline=multiline
    )
    if description:
        yield Finding(model, pk, field.name, CONTROL, description)
    if not field.choices and looks_like_dangerous_formula(value):
        shown = printable(value[:60], multiline=False) + ("…" if len(value) > 60 else "")
        yield Finding(model, pk, field.name, FORMULA, f"начинается как формула: «{shown}»")


@transaction.atomic
def fix(findings: list[Finding]) -> int:
    """Replace the control characters of the findings (the journal's excepted); each changed
    row is written to the journal with its before and after. Returns the number of rows."""
    by_row: dict[tuple, set[str]] = defaultdict(set)
    for finding in findings:
        if finding.kind == CONTROL and not finding.is_journal:
            by_row[(finding.model, finding.pk)].add(finding.field)
    for (model, pk), names in by_row.items():
        instance = model._base_manager.get(pk=pk)
        changes, values = {}, {}
        for name in sorted(names):
            field = model._meta.get_field(name)
            before = getattr(instance, field.attname)
            after = _cleaned_value(field, before)
            values[field.attname] = after
            # The journal keeps what was there, without the character itself (U+FFFD instead).
            changes[name] = [_printable_value(before), after]
        if any(f.name == "version" for f in model._meta.concrete_fields):
            values["version"] = F("version") + 1
        model._base_manager.filter(pk=pk).update(**values)
        instance.refresh_from_db()
        audit_event(
            kind=EventKind.UPDATE,
            obj=instance,
            changes=changes,
            details="Исправлены управляющие символы в тексте (manage.py check_text --fix).",
        )
    return len(by_row)


def _cleaned_value(field: models.Field, value):
    if isinstance(field, models.JSONField):
        return _map_strings(value, lambda text: cleaned(text, multiline=True))
    return cleaned(value, multiline=_is_multiline(field))


def _printable_value(value):
    return _map_strings(value, printable)


def _map_strings(value, function):
    if isinstance(value, str):
        return function(value)
    if isinstance(value, dict):
        return {key: _map_strings(item, function) for key, item in value.items()}
    if isinstance(value, list):
        return [_map_strings(item, function) for item in value]
    return value


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _is_multiline(field: models.Field) -> bool:
    return isinstance(field, models.TextField)


def _control_pattern(multiline: bool) -> str:
    # PostgreSQL text cannot hold NUL (nor a regular expression name it); SQLite can.
    first = "\x00" if connection.vendor == "sqlite" else "\x01"
    if multiline:
        # Tabs and line ends are the multi-line field's own; Python looks at the rest.
        return f"[{first}-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]"
    return f"[{first}-\x1f\x7f-\x9f\ufffe\uffff]"
