"""Correcting a record's quantity or note: by the one who made it, while its month is open.

A tablet that sends a record again with another quantity (the worker fixed a typo offline) is
the usual case; the totals follow the change in the same transaction, the audit journal keeps
both values."""

import logging
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.delivery.models import ServiceRecord
from zabota.delivery.selectors import is_month_closed
from zabota.delivery.services import totals
from zabota.delivery.services.recording import (
    KOPECK,
    VolumeExceededError,
    _qty,
    check_record,
)
from zabota.organisation.access import may_change_record
from zabota.organisation.models import Staff

logger = logging.getLogger(__name__)


@transaction.atomic
def service_record_correct(
    *,
    actor: Staff,
    record: ServiceRecord,
    quantity: Decimal,
    note: str,
    over_volume_reason: str = "",
) -> ServiceRecord:
    """Set the record's quantity and note. More than before is checked against the month's
    volume of the record's basis like a new record (an excess needs `over_volume_reason`)."""
    record = (
        ServiceRecord.objects.select_for_update()
        .select_related("recipient", "service")
        .get(pk=record.pk)
    )
    kept = f"сохранено: {_qty(record.quantity)}"
    if not may_change_record(actor, record):
        raise ValidationError(f"Изменить можно только свою запись ({kept}).", code="not_yours")
    if record.cancelled_at is not None:
        raise ValidationError(f"Запись отменена: изменение не принято ({kept}).", code="cancelled")
    if is_month_closed(record.department_id, record.performed_on):
        raise ValidationError(
            f"Месяц {record.performed_on:%m.%Y} закрыт: изменение не принято ({kept}).",
            code="closed",
        )
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": "Количество должно быть больше нуля."})
    before = {"quantity": record.quantity, "note": record.note}
    added = quantity - record.quantity
    if added > 0:
        arguments = {
            "actor": actor,
            "recipient": record.recipient,
            "service": record.service,
            "performed_on": record.performed_on,
            "quantity": added,
            "basis": record.basis,
        }
        try:
            check_record(**arguments)
        except VolumeExceededError:
            if not over_volume_reason:
                raise
            check_record(**arguments, over_volume_reason=over_volume_reason)
            record.over_volume_reason = over_volume_reason
    totals.apply(record, -1)
    record.quantity = quantity
    record.note = note
    record.amount = (record.price * quantity).quantize(KOPECK, rounding=ROUND_HALF_UP)
    record.norm_minutes = Decimal(record.service.time_norm_minutes) * quantity
    record.full_clean()
    record.save()
    totals.apply(record, +1)
    changes = {
        field: [str(old), str(getattr(record, field))]
        for field, old in before.items()
        if old != getattr(record, field)
    }
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=record,
        recipient_id=record.recipient_id,
        changes=changes,
        details=f"{record.service.name}: исправлено с планшета",
    )
    logger.debug("service record %s corrected by staff %s", record.pk, actor.pk)
    return record
