"""Payments recorded by hand: cash a social worker took with the receipt's number, cash at the
office, a bank payment entered by the accountant; refunds; the cancellation of a mistake."""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.billing.models import Channel, Charge, Payment, PaymentKind, StatementLine
from zabota.billing.selectors import is_open, month_start
from zabota.organisation.models import Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.recipients.models import Recipient

logger = logging.getLogger(__name__)


def ledger_month_for(institution_id: int, day: datetime.date) -> datetime.date:
    """The ledger month a row dated `day` goes to: its own month, which must be open."""
    month = month_start(day)
    if not is_open(institution_id, month):
        raise ValidationError(
            {
                "paid_on": f"Месяц {month:%m.%Y} закрыт в учёте оплаты: платёж от "
                f"{day:%d.%m.%Y} в него не записывается. Проведите его датой открытого месяца "
                "(с примечанием о настоящей дате) или откройте месяц."
            }
        )
    return month


@transaction.atomic
def payment_record(
    *,
    actor: Staff,
    recipient: Recipient,
    amount: Decimal,
    paid_on: datetime.date,
    channel: str,
    kind: str = PaymentKind.PAYMENT,
    charge: Charge | None = None,
    worker: Staff | None = None,
    note: str = "",
    statement_line: StatementLine | None = None,
    month: datetime.date | None = None,
) -> Payment:
    """Record money received from (or, a refund, returned to) a recipient. Cash through a
    social worker names the worker; a receipt's number names the charge it pays."""
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "Дата платежа ещё не наступила."})
    if charge is not None and charge.recipient_id != recipient.pk:
        raise ValidationError({"charge": "Квитанция выписана другому получателю."})
    if channel == Channel.CASH_WORKER:
        if worker is None:
            raise ValidationError({"worker": "Укажите работника, принявшего наличные."})
        if worker.institution_id != recipient.institution_id or worker.role not in FIELD_ROLES:
            raise ValidationError({"worker": "Наличные принимает работник учреждения на дому."})
    elif worker is not None:
        raise ValidationError({"worker": "Работник указывается только для наличных через него."})
    payment = Payment(
        institution_id=recipient.institution_id,
        department_id=recipient.department_id,
        recipient=recipient,
        kind=kind,
        channel=channel,
        amount=amount,
        paid_on=paid_on,
        month=month or ledger_month_for(recipient.institution_id, paid_on),
        charge=charge,
        worker=worker,
        statement_line=statement_line,
        note=(note or "").strip(),
        created_by=actor,
    )
    payment.full_clean()
    payment.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=payment,
        recipient_id=recipient.pk,
        details=f"{payment.get_kind_display()} {amount} ₽ от {paid_on:%d.%m.%Y}, "
        f"{payment.get_channel_display()}" + (f", квитанция № {charge.number}" if charge else ""),
    )
    logger.debug("payment %s recorded for recipient %s", payment.pk, recipient.pk)
    return payment


@transaction.atomic
def payment_cancel(*, actor: Staff, payment: Payment, reason: str) -> Payment:
    """A payment entered by mistake leaves every sum; its month must still be open."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Укажите причину отмены."})
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.is_cancelled:
        raise ValidationError("Платёж уже отменён.")
    if not is_open(payment.institution_id, payment.month):
        raise ValidationError(
            f"Месяц {payment.month:%m.%Y} закрыт: отменить платёж нельзя. Запишите возврат или "
            "корректировку в открытом месяце."
        )
    if payment.statement_line_id:
        raise ValidationError(
            "Платёж зачислен по выписке банка: деньги на счёт поступили. Если он отнесён не "
            "тому получателю, запишите возврат и новый платёж."
        )
    payment.cancelled_at = timezone.now()
    payment.cancelled_by = actor
    payment.cancel_reason = reason
    payment.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=payment,
        recipient_id=payment.recipient_id,
        details=f"Платёж отменён: {reason}",
    )
    return payment
