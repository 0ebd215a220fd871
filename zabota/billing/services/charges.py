"""Charges (начисления) from the act's figures.

`charges_for_month` is run when a month is closed (the delivery app's after-close hook) and by
the accountant's «Начислить за месяц»; running it again changes nothing unless the act's
figures changed, and then it adds an adjusting charge with the difference — a charge is never
edited. `charge_adjust` is the accountant's own correction with a reason."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from zabota.acts.selectors import ActSummary, month_summaries
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.billing.models import Charge, ChargeKind
from zabota.billing.selectors import ZERO, first_open_month, month_start
from zabota.billing.services.numbering import lock_institution, next_number
from zabota.organisation.access import billing_scope
from zabota.organisation.models import Department, Staff
from zabota.recipients.models import Recipient
from zabota.rules.payment import KOPECK

logger = logging.getLogger(__name__)


@dataclass
class ChargeRun:
    month: datetime.date
    created: list[Charge] = field(default_factory=list)
    adjusted: list[Charge] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)

    @property
    def message(self) -> str:
        return (
            f"Начислено за {self.month:%m.%Y}: новых начислений {len(self.created)}, "
            f"корректировок {len(self.adjusted)}, без изменений {self.unchanged}, "
            f"не начислено {len(self.skipped)}."
        )


def _new_charge(
    *,
    actor: Staff | None,
    recipient: Recipient,
    department_id: int,
    service_month: datetime.date,
    kind: str,
    amount: Decimal,
    services_total: Decimal,
    due_total: Decimal,
    fee_kind: str = "",
    reason: str = "",
) -> Charge:
    month = first_open_month(recipient.institution_id, service_month)
    sequence, number = next_number(recipient.institution_id, month)
    charge = Charge(
        institution_id=recipient.institution_id,
        department_id=department_id,
        recipient=recipient,
        number=number,
        sequence=sequence,
        kind=kind,
        month=month,
        service_month=service_month,
        amount=amount,
        services_total=services_total,
        due_total=due_total,
        fee_kind=fee_kind,
        reason=reason,
        created_by=actor,
    )
    charge.full_clean()
    charge.save()
    return charge


def _kopecks(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(KOPECK, rounding=ROUND_HALF_UP)


def _charged(recipient_id: int, service_month: datetime.date) -> tuple[bool, Decimal]:
    charges = Charge.objects.filter(recipient_id=recipient_id, service_month=service_month)
    has_monthly = charges.filter(kind=ChargeKind.MONTHLY).exists()
    return has_monthly, _kopecks(charges.aggregate(s=Sum("amount"))["s"] or ZERO)


def _charge_summary(actor, summary: ActSummary, month: datetime.date, run: ChargeRun) -> None:
    recipient = summary.recipient
    if summary.fee is None:
        run.skipped.append(
            (recipient.full_name, "условие оплаты не рассчитано: начисления нет до расчёта")
        )
        return
    # Sums read from SQLite come back as floats turned Decimal (840.0000000001): to kopecks.
    due = _kopecks(summary.to_pay or ZERO)
    total = _kopecks(summary.total)
    has_monthly, charged = _charged(recipient.pk, month)
    if not has_monthly:
        if due <= 0:
            run.unchanged += 1  # free this month: nothing to charge
            return
        run.created.append(
            _new_charge(
                actor=actor,
                recipient=recipient,
                department_id=recipient.department_id,
                service_month=month,
                kind=ChargeKind.MONTHLY,
                amount=due,
                services_total=total,
                due_total=due,
                fee_kind=summary.fee.kind,
            )
        )
    elif due != charged:
        run.adjusted.append(
            _new_charge(
                actor=actor,
                recipient=recipient,
                department_id=recipient.department_id,
                service_month=month,
                kind=ChargeKind.ADJUSTMENT,
                amount=due - charged,
                services_total=total,
                due_total=due,
                fee_kind=summary.fee.kind,
                reason=f"Перерасчёт по акту за {month:%m.%Y}: было {charged} ₽, стало {due} ₽.",
            )
        )
    else:
        run.unchanged += 1


@transaction.atomic
def charges_for_month(
    *, actor: Staff, month: datetime.date, department: Department | None = None
) -> ChargeRun:
    """One charge per recipient with a fee for the month of services, from the act's figures
    (zabota.acts.selectors.month_summaries, in the actor's billing scope); a figure that
    changed since gives an adjusting charge; a person whose services were all cancelled gets
    the charged sum reversed."""
    month = month_start(month)
    lock_institution(actor.institution_id)
    run = ChargeRun(month=month)
    summaries = month_summaries(actor, month, department_id=department.pk if department else None)
    for summary in summaries:
        _charge_summary(actor, summary, month, run)
    seen = {s.recipient.pk for s in summaries}
    stale = Charge.objects.filter(institution_id=actor.institution_id, service_month=month)
    if department is not None:
        stale = stale.filter(recipient__department=department)
    stale = stale.filter(billing_scope(actor, "recipient__")).exclude(recipient_id__in=seen)
    for row in stale.values("recipient_id").annotate(s=Sum("amount")).filter(s__gt=0):
        recipient = Recipient.objects.get(pk=row["recipient_id"])
        run.adjusted.append(
            _new_charge(
                actor=actor,
                recipient=recipient,
                department_id=recipient.department_id,
                service_month=month,
                kind=ChargeKind.ADJUSTMENT,
                amount=-_kopecks(row["s"]),
                services_total=ZERO,
                due_total=ZERO,
                reason=f"Перерасчёт по акту за {month:%m.%Y}: услуг за месяц не осталось.",
            )
        )
    if run.created or run.adjusted:
        audit_event(
            kind=EventKind.CREATE,
            actor=actor,
            object_type="billing.charge",
            object_repr=f"Начисления за {month:%m.%Y}",
            details=run.message + (f" Отделение: {department}." if department is not None else ""),
        )
    logger.info(
        "charges for %s: %d created, %d adjusted, %d unchanged, %d skipped (staff %s)",
        f"{month:%Y-%m}",
        len(run.created),
        len(run.adjusted),
        run.unchanged,
        len(run.skipped),
        actor.pk,
    )
    return run


@transaction.atomic
def charge_adjust(
    *,
    actor: Staff,
    recipient: Recipient,
    service_month: datetime.date,
    amount: Decimal,
    reason: str,
) -> Charge:
    """The accountant's correction of a month's charge: a new adjusting charge with the
    difference (above zero adds to the debt, below takes from it) and its reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Укажите основание корректировки."})
    if not amount:
        raise ValidationError({"amount": "Сумма корректировки не может быть нулевой."})
    service_month = month_start(service_month)
    lock_institution(recipient.institution_id)
    _, charged = _charged(recipient.pk, service_month)
    if charged + amount < 0:
        raise ValidationError(
            {
                "amount": f"За {service_month:%m.%Y} начислено {charged} ₽: уменьшить "
                f"начисление можно не больше чем на эту сумму."
            }
        )
    charge = _new_charge(
        actor=actor,
        recipient=recipient,
        department_id=recipient.department_id,
        service_month=service_month,
        kind=ChargeKind.ADJUSTMENT,
        amount=amount,
        services_total=ZERO,
        due_total=charged + amount,
        reason=reason,
    )
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=charge,
        recipient_id=recipient.pk,
        details=f"Корректировка за {service_month:%m.%Y}: {amount} ₽; {reason}",
    )
    return charge


def after_month_closed(*, actor: Staff, department: Department, month: datetime.date) -> None:
    """The delivery app's after-close hook: the closed month's charges of the department."""
    charges_for_month(actor=actor, month=month, department=department)
