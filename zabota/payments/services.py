"""Writes of the payment area: regional parameters, family, incomes and the payment decision."""

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, audited_save, created
from zabota.organisation.models import Staff
from zabota.payments.models import (
    FamilyMember,
    MonthlyIncome,
    PaymentDecision,
    PopulationGroup,
    SubsistenceMinimum,
    ThresholdCoefficient,
)
from zabota.payments.selectors import has_free_category, threshold_parts
from zabota.recipients.models import Recipient
from zabota.rules.payment import format_rubles, income_period, per_capita_income

logger = logging.getLogger(__name__)


@transaction.atomic
def subsistence_minimum_set(
    *, actor: Staff, group: str, effective_from: datetime.date, amount: Decimal
) -> SubsistenceMinimum:
    """Enter the region's ПМ for a group from a date (a later date supersedes, history stays)."""
    if SubsistenceMinimum.objects.filter(
        institution=actor.institution, group=group, effective_from=effective_from
    ).exists():
        raise ValidationError(
            {
                "effective_from": f"Прожиточный минимум этой группы с {effective_from:%d.%m.%Y} "
                "уже введён."
            }
        )
    item = SubsistenceMinimum(
        institution=actor.institution,
        group=group,
        effective_from=effective_from,
        amount=amount,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    audit_event(kind=EventKind.SETTINGS, actor=actor, obj=item, changes=created(item))
    logger.info(
        "subsistence minimum (%s, from %s) entered in institution %s by staff %s",
        group,
        effective_from.isoformat(),
        actor.institution_id,
        actor.pk,
    )
    return item


@transaction.atomic
def threshold_coefficient_set(
    *, actor: Staff, effective_from: datetime.date, coefficient: Decimal
) -> ThresholdCoefficient:
    if ThresholdCoefficient.objects.filter(
        institution=actor.institution, effective_from=effective_from
    ).exists():
        raise ValidationError(
            {"effective_from": f"Коэффициент с {effective_from:%d.%m.%Y} уже введён."}
        )
    item = ThresholdCoefficient(
        institution=actor.institution,
        effective_from=effective_from,
        coefficient=coefficient,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    audit_event(kind=EventKind.SETTINGS, actor=actor, obj=item, changes=created(item))
    logger.info(
        "threshold coefficient (from %s) entered in institution %s by staff %s",
        effective_from.isoformat(),
        actor.institution_id,
        actor.pk,
    )
    return item


@transaction.atomic
def family_member_save(*, actor: Staff, member: FamilyMember) -> FamilyMember:
    return audited_save(actor=actor, obj=member)


def month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first` to `last`, both included."""
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


@transaction.atomic
def income_record(
    *,
    actor: Staff,
    recipient: Recipient,
    family_member: FamilyMember | None,
    month_from: datetime.date,
    month_to: datetime.date,
    kind: str,
    amount: Decimal,
    source: str = MonthlyIncome.Source.MANUAL,
) -> list[MonthlyIncome]:
    """The same income for each month of a span (a pension rarely changes within a year).

    A month already entered for that person and kind gets the new amount; amount 0 records
    that there was no such income that month.
    """
    if family_member is not None and family_member.recipient_id != recipient.pk:
        raise ValidationError({"family_member": "Это член семьи другого получателя."})
    if month_to < month_from:
        raise ValidationError({"month_to": "Конец периода раньше начала."})
    months = month_starts(month_from, month_to)
    if len(months) > 36:
        raise ValidationError({"month_to": "Не больше 36 месяцев за один раз."})
    kind = kind.strip()
    if not kind:
        raise ValidationError({"kind": "Укажите вид дохода."})
    saved, changes = [], {}
    for month in months:
        income = MonthlyIncome.objects.filter(
            recipient=recipient, family_member=family_member, month=month, kind=kind
        ).first()
        old = None if income is None else str(income.amount)
        if income is None:
            income = MonthlyIncome(
                recipient=recipient, family_member=family_member, month=month, kind=kind
            )
        income.amount = amount
        income.source = source
        income.full_clean(validate_constraints=False)
        income.save()
        saved.append(income)
        if old != str(income.amount):
            changes[f"{month:%m.%Y}"] = [old, str(income.amount)]
    who = family_member.full_name if family_member else "получатель"
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=recipient,
        object_type="payments.monthlyincome",
        changes=changes,
        details=(
            f"доход «{kind}» ({who}) за {month_from:%m.%Y}–{month_to:%m.%Y}: "
            f"{format_rubles(amount)}"
        ),
    )
    return saved


@transaction.atomic
def payment_decision_compute(
    *,
    actor: Staff,
    recipient: Recipient,
    application_date: datetime.date,
    group: str = PopulationGroup.PENSIONERS,
) -> PaymentDecision:
    """Compute the per-capita income for an application and record the payment condition.

    ПП РФ от 23.12.2024 № 1873: the incomes of the recipient and of the active family members
    over the 12 months before the month preceding the application, ÷ 12 ÷ family size
    (family size = 1 + active family members). The threshold is that in force on the date
    of the application (442-ФЗ ст. 31 ч. 5). The new decision becomes the current one.
    """
    start, end = income_period(application_date)
    members = list(recipient.family_members.filter(is_active=True).values_list("pk", flat=True))
    amounts = list(
        MonthlyIncome.objects.filter(recipient=recipient, month__range=(start, end))
        .filter(_family_filter(members))
        .values_list("amount", flat=True)
    )
    family_size = 1 + len(members)
    minimum, coefficient, threshold = threshold_parts(
        recipient.institution, application_date, group
    )
    PaymentDecision.objects.filter(recipient=recipient, is_current=True).update(is_current=False)
    decision = PaymentDecision(
        recipient=recipient,
        application_date=application_date,
        period_start=start,
        period_end=end,
        group=group,
        family_size=family_size,
        income_total=sum(amounts, start=Decimal("0.00")),
        income_per_capita=per_capita_income(amounts, family_size),
        subsistence_minimum=minimum,
        coefficient=coefficient,
        threshold=threshold,
        free_category=has_free_category(recipient),
        computed_by=actor,
        is_current=True,
    )
    decision.full_clean()
    decision.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=decision,
        changes=created(decision),
        details=(
            f"СДД {format_rubles(decision.income_per_capita)}, "
            f"предельная величина {format_rubles(threshold)}"
        ),
    )
    logger.debug("payment decision %s computed for recipient %s", decision.pk, recipient.pk)
    return decision


def _family_filter(member_ids: list[int]):
    from django.db.models import Q

    return Q(family_member__isnull=True) | Q(family_member_id__in=member_ids)
