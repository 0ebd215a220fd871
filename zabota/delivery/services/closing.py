import datetime
import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.delivery.models import MonthClosing
from zabota.organisation.models import Department, Staff

logger = logging.getLogger(__name__)

# What other apps do once a department's month is closed (billing charges the month's fees):
# registered from their AppConfig.ready(), so delivery imports none of them. Each runs in a
# savepoint of the closing; one that fails is logged and the month stays closed (the
# accountant can repeat its work by hand).
AFTER_CLOSE: list[Callable[..., None]] = []


def register_after_close(callback: Callable[..., None]) -> None:
    """callback(*, actor, department, month) runs after a month is closed."""
    if callback not in AFTER_CLOSE:
        AFTER_CLOSE.append(callback)


def _after_close(*, actor: Staff, department: Department, month: datetime.date) -> None:
    for callback in AFTER_CLOSE:
        try:
            with transaction.atomic():
                callback(actor=actor, department=department, month=month)
        except Exception:
            logger.exception(
                "after-close step %s failed for department %s, month %s",
                getattr(callback, "__qualname__", callback),
                department.pk,
                f"{month:%Y-%m}",
            )


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
    _after_close(actor=actor, department=department, month=month)
    return closing


@transaction.atomic
def month_reopen(
    *, actor: Staff, department: Department, month: datetime.date, reason: str
) -> MonthClosing:
    """Reopening is an exception: it needs a reason and is written to the audit journal."""
    month = _first_day(month)
    closing = closing_reopen(
        MonthClosing.objects.filter(department=department),
        actor=actor,
        month=month,
        reason=reason,
        where=str(department),
    )
    logger.info(
        "month %s of department %s reopened by staff %s", f"{month:%Y-%m}", department.pk, actor.pk
    )
    return closing


def closing_reopen(
    closings: QuerySet, *, actor: Staff, month: datetime.date, reason: str, where: str
):
    """Reopen the month's closing among `closings` (of a department's service log, of the
    institution's ledger): the one rule of every closed month — a reason is required, the row is
    locked against a second click, and the journal says who, where and why. Call it inside the
    caller's transaction."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Укажите причину открытия месяца."})
    closing = closings.select_for_update().filter(month=month, reopened_at__isnull=True).first()
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
        details=f"{where}: {month:%m.%Y}; причина: {closing.reopen_reason}",
    )
    return closing
