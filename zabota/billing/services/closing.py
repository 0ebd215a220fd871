"""Closing a ledger month after reconciling it: its turnover statement is final; reopening is
an exception with a reason in the audit journal (as months of the service log)."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.billing.models import LedgerClosing
from zabota.billing.selectors import month_start
from zabota.delivery.services.closing import closing_reopen
from zabota.organisation.models import Staff

logger = logging.getLogger(__name__)


@transaction.atomic
def ledger_close(*, actor: Staff, month: datetime.date) -> LedgerClosing:
    month = month_start(month)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError("Нельзя закрыть месяц, который ещё не начался.")
    if LedgerClosing.objects.filter(
        institution_id=actor.institution_id, month=month, reopened_at__isnull=True
    ).exists():
        raise ValidationError(f"Месяц {month:%m.%Y} уже закрыт.")
    closing = LedgerClosing.objects.create(
        institution_id=actor.institution_id, month=month, closed_by=actor
    )
    audit_event(
        kind=EventKind.MONTH_CLOSED, actor=actor, obj=closing, details=f"учёт оплаты: {month:%m.%Y}"
    )
    logger.info("ledger month %s closed by staff %s", f"{month:%Y-%m}", actor.pk)
    return closing


@transaction.atomic
def ledger_reopen(*, actor: Staff, month: datetime.date, reason: str) -> LedgerClosing:
    month = month_start(month)
    closing = closing_reopen(
        LedgerClosing.objects.filter(institution_id=actor.institution_id),
        actor=actor,
        month=month,
        reason=reason,
        where="учёт оплаты",
    )
    logger.info("ledger month %s reopened by staff %s", f"{month:%Y-%m}", actor.pk)
    return closing
