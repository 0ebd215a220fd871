import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.delivery.models import MonthClosing
from zabota.organisation.models import Department, Staff

logger = logging.getLogger(__name__)


def _first_day(month: datetime.date) -> datetime.date:
    return month.replace(day=1)


@transaction.atomic
def month_close(*, actor: Staff, department: Department, month: datetime.date) -> MonthClosing:
    """The head closes a month of the department: its records can no longer change."""
    month = _first_day(month)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ValidationError("Нельзя закрыть месяц, который ещё не начался.")
    if MonthClosing.objects.filter(
        department=department, month=month, reopened_at__isnull=True
    ).exists():
        raise ValidationError(f"Месяц {month:%m.%Y} уже закрыт.")
    closing = MonthClosing.objects.create(department=department, month=month, closed_by=actor)
    audit_event(
        kind=EventKind.MONTH_CLOSED,
        actor=actor,
        obj=closing,
        details=f"{department}: {month:%m.%Y}",
    )
    logger.info(
        "month %s of department %s closed by staff %s", f"{month:%Y-%m}", department.pk, actor.pk
    )
    return closing


@transaction.atomic
def month_reopen(
    *, actor: Staff, department: Department, month: datetime.date, reason: str
) -> MonthClosing:
    """Reopening is an exception: it needs a reason and is written to the audit journal."""
    month = _first_day(month)
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину открытия месяца."})
    closing = (
        MonthClosing.objects.select_for_update()
        .filter(department=department, month=month, reopened_at__isnull=True)
        .first()
    )
    if closing is None:
        raise ValidationError(f"Месяц {month:%m.%Y} не закрыт.")
    closing.reopened_at = timezone.now()
    closing.reopened_by = actor
    closing.reopen_reason = reason.strip()
    closing.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    audit_event(
        kind=EventKind.MONTH_REOPENED,
        actor=actor,
        obj=closing,
        details=f"{department}: {month:%m.%Y}; причина: {closing.reopen_reason}",
    )
    logger.info(
        "month %s of department %s reopened by staff %s", f"{month:%Y-%m}", department.pk, actor.pk
    )
    return closing
