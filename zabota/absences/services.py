"""Writes of absences and covers, each with its own audit entry.

The rules a head could trip over (docs/absences.md): an absence of one worker never overlaps
another of theirs; a substitute is a colleague of the same role in the recipient's department,
not away themselves on any day of the absence; nothing is deleted — an absence is cancelled and
a changed cover replaced."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.absences.models import Absence, Cover
from zabota.absences.proposals import candidates_for
from zabota.absences.selectors import absent_workers_recipients
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.organisation.models import Staff
from zabota.organisation.roles import FIELD_ROLES

# An absence longer than this is a dismissal or a mistake in the year, not a leave.
MAX_DAYS = 366


@transaction.atomic
def absence_create(
    *,
    actor: Staff,
    worker: Staff,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    note: str = "",
) -> Absence:
    """Record a field worker's absence. `worker` is already fetched through the actor's scope."""
    if worker.role not in FIELD_ROLES:
        raise ValidationError("Отсутствие отмечается у социального работника или сиделки.")
    if ends_on < starts_on:
        raise ValidationError("Дата окончания отсутствия раньше даты начала.")
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise ValidationError(f"Отсутствие длиннее {MAX_DAYS} дней: проверьте даты.")
    # Lock the worker's row: two heads entering the same absence at once make one, not two.
    Staff.objects.select_for_update().get(pk=worker.pk)
    overlapping = Absence.objects.filter(
        worker=worker, cancelled_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).first()
    if overlapping is not None:
        raise ValidationError(
            f"У сотрудника уже отмечено отсутствие с {overlapping.starts_on:%d.%m.%Y} по "
            f"{overlapping.ends_on:%d.%m.%Y}, оно пересекается с этим. Измените даты или "
            "отмените прежнее."
        )
    absence = Absence(
        institution_id=worker.institution_id,
        worker=worker,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        created_by=actor,
    )
    absence.full_clean()
    absence.save()
    audit_event(kind=EventKind.CREATE, actor=actor, obj=absence, details=str(absence))
    return absence


@transaction.atomic
def covers_confirm(*, actor: Staff, absence: Absence, chosen: dict[int, int | None]) -> int:
    """Set who covers each recipient of the absent worker: {recipient id: substitute id, or None
    for «без замены»}. A recipient not listed keeps their cover. Returns how many changed."""
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if absence.is_cancelled:
        raise ValidationError("Отсутствие отменено: замены для него не назначаются.")
    recipients = {r.pk: r for r in absent_workers_recipients(absence)}
    allowed = {s.pk: s for s in candidates_for(absence)}
    unknown = set(chosen) - set(recipients)
    if unknown:
        raise ValidationError("Среди получателей есть те, кого отсутствующий не обслуживает.")
    for recipient_id, substitute_id in chosen.items():
        if substitute_id is not None and substitute_id not in allowed:
            raise ValidationError(
                f"{recipients[recipient_id].short_name}: заменять может только работающий в эти "
                "дни сотрудник того же отделения и той же должности."
            )
    now = timezone.now()
    current = {c.recipient_id: c for c in absence.covers.filter(cancelled_at__isnull=True)}
    changed = 0
    for recipient_id, substitute_id in chosen.items():
        cover = current.get(recipient_id)
        if cover is not None and cover.substitute_id == substitute_id:
            continue
        if cover is not None:
            cover.cancelled_at = now
            cover.save(update_fields=["cancelled_at"])
        if substitute_id is not None:
            Cover.objects.create(
                absence=absence,
                recipient_id=recipient_id,
                substitute=allowed[substitute_id],
                created_by=actor,
            )
        changed += 1
    if changed:
        audit_event(
            kind=EventKind.UPDATE,
            actor=actor,
            obj=absence,
            details=f"Замены на время отсутствия «{absence}»: изменено {changed}",
        )
    return changed


@transaction.atomic
def absence_cancel(*, actor: Staff, absence: Absence) -> Absence:
    """Cancel an absence entered by mistake or called off: its covers end at once."""
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if absence.is_cancelled:
        return absence
    absence.cancelled_at, absence.cancelled_by = timezone.now(), actor
    absence.save(update_fields=["cancelled_at", "cancelled_by"])
    audit_event(kind=EventKind.UPDATE, actor=actor, obj=absence, details=f"Отменено: {absence}")
    return absence
