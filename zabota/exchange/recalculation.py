"""After an import of incomes: recompute the payment decisions of the people whose incomes changed.

Each current decision is computed again for its own application date and population group, by
the payments service (ПП РФ от 23.12.2024 № 1873, 442-ФЗ ст. 31–32), so a new pension entered
for the 12 months of that application changes the per-capita income the card shows. The
condition of payment before and after is read the way the card and the statistics read it.
"""

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.exchange.models import ImportBatch, ImportKind, ImportStatus
from zabota.organisation.models import Staff
from zabota.payments.models import PaymentDecision
from zabota.payments.services import payment_decision_compute
from zabota.payments.statistics import CONDITIONS, NOT_COMPUTED, recipient_conditions
from zabota.recipients.selectors import recipients_for

logger = logging.getLogger(__name__)

CONDITION_LABELS = dict(CONDITIONS)


def recalculation_rows(report: dict) -> list[dict]:
    return report.get("recalculation", {}).get("rows", [])


@transaction.atomic
def payment_decisions_recalculate(
    *, actor: Staff, batch: ImportBatch, today: datetime.date | None = None
) -> list[dict]:
    """Recompute the current decisions of the batch's affected recipients (those the person may
    see), all or none; store and return one line per recipient, the changed ones first."""
    if batch.kind != ImportKind.INCOMES or batch.status != ImportStatus.COMMITTED:
        raise ValidationError("Пересчитать можно только после загрузки файла доходов.")
    if recalculation_rows(batch.report):
        # A second run would add a second identical decision to every card.
        raise ValidationError("Условия оплаты по этой загрузке уже пересчитаны.")
    today = today or timezone.localdate()
    recipients = recipients_for(actor).filter(pk__in=batch.report.get("affected", []))
    before = recipient_conditions(recipients, today)
    decisions = {
        d.recipient_id: d
        for d in PaymentDecision.objects.filter(recipient__in=recipients, is_current=True)
    }
    incomes_before = {rid: d.income_per_capita for rid, d in decisions.items()}
    people = list(recipients.select_related("institution").order_by("last_name", "first_name"))
    for recipient in people:
        decision = decisions.get(recipient.pk)
        if decision is None:
            continue
        # ParametersMissing (a ValidationError) rolls the whole recalculation back.
        decision = payment_decision_compute(
            actor=actor,
            recipient=recipient,
            application_date=decision.application_date,
            group=decision.group,
        )
        decisions[recipient.pk] = decision
    after = recipient_conditions(recipients, today)
    rows = [_row(r, before, after, incomes_before, decisions) for r in people]
    rows.sort(key=lambda row: (not row["changed"], row["name"]))
    batch.report = batch.report | {
        "recalculation": {
            "at": timezone.now().isoformat(),
            "by": actor.short_name,
            "on": today.isoformat(),
            "rows": rows,
        }
    }
    batch.save(update_fields=["report"])
    logger.info(
        "payment decisions after import batch %s recalculated by staff %s: %d people, %d changed",
        batch.pk,
        actor.pk,
        len(rows),
        sum(1 for row in rows if row["changed"]),
    )
    return rows


def _row(recipient, before, after, incomes_before, decisions) -> dict:
    zero = Decimal("0.00")
    condition_before, fee_before = before.get(recipient.pk, (NOT_COMPUTED, zero))
    condition_after, fee_after = after.get(recipient.pk, (NOT_COMPUTED, zero))
    decision = decisions.get(recipient.pk)
    return {
        "recipient": recipient.pk,
        "name": recipient.full_name,
        "computed": decision is not None,
        "income_before": _money(incomes_before.get(recipient.pk)),
        "income_after": _money(decision.income_per_capita if decision else None),
        "condition_before": str(CONDITION_LABELS[condition_before]),
        "condition_after": str(CONDITION_LABELS[condition_after]),
        "fee_before": _money(fee_before),
        "fee_after": _money(fee_after),
        "changed": condition_before != condition_after,
    }


def _money(value) -> str | None:
    return None if value is None else str(value)
