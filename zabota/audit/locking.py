"""Optimistic locking: a save made from a form opened before someone else's save is refused.

Each lockable model has a `version` that every service increments; the form carries the version
it was opened with. The refusal names what the other person changed, read from the audit journal
(which is why locking lives in the audit app). The check is never optional: a form without its
version is refused (zabota.core.forms.VersionField, with STALE_FORM), and a service given no
version refuses to run rather than save unchecked.
"""

from django.db import models

from zabota.audit.models import SecurityEvent
from zabota.audit.presentation import lines_for


class StaleEditError(Exception):
    def __init__(self, obj: models.Model, expected_version: int, changes: dict[str, list]):
        self.obj = obj
        self.expected_version = expected_version
        self.changes = changes
        super().__init__(f"{obj._meta.label} {obj.pk}: version {obj.version} != {expected_version}")

    def describe(self) -> list[str]:
        """Russian lines «Поле: было → стало» for the error message."""
        return [str(line) for line in lines_for(self.obj._meta.label_lower, self.changes)]


def lock_for_update(model: type[models.Model], pk: int, expected_version: int):
    """Lock the row and check the version; call inside transaction.atomic.

    `expected_version` is the version the user's form was opened with, or the version the
    caller has just read itself (an import re-reads every card in its own transaction). There
    is no value that skips the check: None once did, and a stale form silently won."""
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise TypeError(
            f"{model.__name__}: expected_version must be the version the edit started from, "
            f"not {expected_version!r}"
        )
    obj = model.objects.select_for_update().get(pk=pk)
    if obj.version != expected_version:
        raise StaleEditError(obj, expected_version, changes_since(obj, expected_version))
    return obj


def changes_since(obj: models.Model, version: int) -> dict[str, list]:
    """What the updates after `version` changed: {field: [value then, value now]}."""
    events = SecurityEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), kind="update"
    ).order_by("occurred_at", "pk")
    merged: dict[str, list] = {}
    for event in events:
        versions = event.changes.get("version")
        if not versions or versions[1] is None or versions[1] <= version:
            continue
        for field, (old, new) in event.changes.items():
            if field in merged:
                merged[field][1] = new
            else:
                merged[field] = [old, new]
    return merged
