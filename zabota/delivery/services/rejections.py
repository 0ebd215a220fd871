"""Tablet records the sync refused: kept by uuid so that the worker's head hears of them."""

import datetime
import logging
import uuid as uuid_module
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zabota.delivery.models import RejectedRecord
from zabota.organisation.models import Staff

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rejection:
    uuid: uuid_module.UUID
    performed_on: datetime.date
    reason: str
    recipient_id: int | None  # None unless the worker may record for that recipient


@transaction.atomic
def rejected_records_note(
    *, actor: Staff, rejected: list[Rejection], accepted: list[uuid_module.UUID]
) -> None:
    """Keep each refusal of a batch (one row per record, however often it is sent) and mark
    the earlier refusals of records now accepted as resolved. Bookkeeping of the sync, which
    writes its own journal entries; nothing here is a decision of a person."""
    now = timezone.now()
    if accepted:
        RejectedRecord.objects.filter(
            uuid__in=accepted, worker=actor, resolved_at__isnull=True
        ).update(resolved_at=now)
    if not rejected:
        return
    known = RejectedRecord.objects.filter(uuid__in=[r.uuid for r in rejected]).in_bulk(
        field_name="uuid"
    )
    for item in rejected:
        row = known.get(item.uuid)
        if row is None:
            RejectedRecord.objects.create(
                uuid=item.uuid,
                institution_id=actor.institution_id,
                worker=actor,
                recipient_id=item.recipient_id,
                performed_on=item.performed_on,
                reason=item.reason[:500],
                rejected_at=now,
            )
        elif row.worker_id == actor.pk:
            # Someone else's uuid sent by this tablet is that person's row: left alone.
            row.reason, row.rejected_at, row.resolved_at = item.reason[:500], now, None
            row.save(update_fields=["reason", "rejected_at", "resolved_at"])
    logger.debug("staff %s: %d rejected tablet records kept", actor.pk, len(rejected))
