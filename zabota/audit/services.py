"""Writing the audit journal. Every service with a consequence calls `audit_event` itself."""

import datetime
import decimal
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from zabota.audit.context import current_request_info
from zabota.audit.models import EventKind, SecurityEvent

logger = logging.getLogger(__name__)


def audit_event(
    *,
    kind: str,
    actor=None,
    user=None,
    username: str = "",
    institution=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_repr: str = "",
    recipient_id: int | None = None,
    changes: dict | None = None,
    details: str = "",
    success: bool = True,
) -> SecurityEvent:
    """Record one event; `actor` is a Staff member (or None for the command line)."""
    info = current_request_info()
    if actor is not None:
        user = user or actor.user
        institution = institution or actor.institution
    if user is not None and not username:
        username = user.get_username()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or str(obj)[:300]
        if recipient_id is None:
            recipient_id = _recipient_id_of(obj)
    return SecurityEvent.objects.create(
        kind=kind,
        success=success,
        user=user,
        username=username[:150],
        institution=institution,
        ip_address=info.ip_address,
        user_agent=info.user_agent,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr[:300],
        recipient_id=recipient_id,
        changes=changes or {},
        details=details,
    )


def audit_events(
    *, kind: str, actor, entries: Iterable[tuple[models.Model, int | None, str]]
) -> list[SecurityEvent]:
    """`audit_event` of many objects at once, in one query (a bulk run's documents):
    (object, recipient id, details) each, by one actor."""
    info = current_request_info()
    events = [
        SecurityEvent(
            kind=kind,
            success=True,
            user=actor.user,
            username=actor.user.get_username()[:150],
            institution_id=actor.institution_id,
            ip_address=info.ip_address,
            user_agent=info.user_agent,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            recipient_id=recipient_id,
            changes={},
            details=details,
        )
        for obj, recipient_id, details in entries
    ]
    return SecurityEvent.objects.bulk_create(events)


def audit_read(
    *, actor, what: str, recipient: models.Model | None = None, obj: models.Model | None = None
) -> SecurityEvent:
    """A page or an API answer showed a recipient's personal data: one «просмотр» entry saying
    what was shown (152-ФЗ; docs/security.md lists the pages). `obj` is the object shown (an
    assessment, a plan) when it is not the recipient's card itself."""
    shown = obj if obj is not None else recipient
    if shown is None:
        raise ValueError("audit_read needs the recipient or the object shown")
    return audit_event(
        kind=EventKind.VIEW,
        actor=actor,
        obj=shown,
        recipient_id=recipient.pk if recipient is not None else None,
        details=what,
    )


def audit_read_list(*, actor, what: str, recipients: Iterable[tuple[int, str]]) -> int:
    """One «просмотр» entry per recipient of an answer listing several (the tablet's plan of
    the week): (recipient id, name) pairs, written in one query. Returns how many."""
    info = current_request_info()
    entries = [
        SecurityEvent(
            kind=EventKind.VIEW,
            user=actor.user,
            username=actor.user.get_username()[:150],
            institution_id=actor.institution_id,
            ip_address=info.ip_address,
            user_agent=info.user_agent,
            object_type="recipients.recipient",
            object_id=str(pk),
            object_repr=name[:300],
            recipient_id=pk,
            details=what,
        )
        for pk, name in dict(recipients).items()
    ]
    SecurityEvent.objects.bulk_create(entries)
    return len(entries)


def _recipient_id_of(obj: models.Model) -> int | None:
    if obj._meta.label_lower == "recipients.recipient":
        return obj.pk
    return getattr(obj, "recipient_id", None)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The values of a model's fields as JSON-friendly data, many-to-many fields as lists."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        data[field.name] = _plain(value)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if fields is not None and field.name not in fields:
                continue
            data[field.name] = sorted(str(o) for o in getattr(obj, field.name).all())
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [before, after]} for the fields that changed."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "<файл>"
    return value


def created(obj: models.Model) -> dict[str, list]:
    """The changes of a new object, for its «создание» entry: [None, value] of each field that
    holds something."""
    return {k: [None, v] for k, v in snapshot(obj).items() if v not in (None, "", [])}


def audited_save(
    *, actor, obj: models.Model, kind: str | None = None, details: str = ""
) -> models.Model:
    """Save an object as a form or a service left it, with its journal entry (after HackSoft's
    `model_update`): the values the database held, full_clean, save, and what changed — a
    «создание» for a new object, an «изменение» otherwise, or `kind`. Call it inside the
    service's transaction; the service checks its own rules first."""
    is_new = obj.pk is None
    before = {} if is_new else snapshot(type(obj)._default_manager.get(pk=obj.pk))
    obj.full_clean()
    obj.save()
    audit_event(
        kind=kind or (EventKind.CREATE if is_new else EventKind.UPDATE),
        actor=actor,
        obj=obj,
        changes=diff(before, snapshot(obj)),
        details=details,
    )
    return obj


__all__ = [
    "EventKind",
    "audit_event",
    "audit_read",
    "audit_read_list",
    "audited_save",
    "created",
    "diff",
    "snapshot",
]


def security_events_purge(*, older_than_days: int, now=None) -> int:
    """Remove entries older than the retention period (Приказ ФСТЭК № 21, РСБ.3: records are
    kept for the period the operator set, ZABOTA_SECURITY_LOG_RETENTION_DAYS) and record that."""
    import datetime

    from django.utils import timezone

    if older_than_days < 1:
        raise ValueError("the retention period must be at least one day")
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=older_than_days)
    # QuerySet.delete bypasses the model's refusal on purpose: this is the one sanctioned path.
    removed, _ = SecurityEvent.objects.filter(occurred_at__lt=cutoff).delete()
    audit_event(
        kind=EventKind.PURGE,
        object_type="audit.securityevent",
        details=f"удалено записей старше {cutoff:%d.%m.%Y}: {removed}",
    )
    logger.info("security events older than %s removed: %d", cutoff.date().isoformat(), removed)
    return removed
