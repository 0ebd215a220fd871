"""Reading regional parameters, incomes and payment decisions; the fee of a month."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from zabota.payments.models import (
    FamilyMember,
    MonthlyIncome,
    PaymentDecision,
    PopulationGroup,
    SubsistenceMinimum,
    ThresholdCoefficient,
)
from zabota.recipients.models import Recipient
from zabota.rules.payment import MIN_THRESHOLD_COEFFICIENT, Fee, income_threshold, monthly_fee


class ParametersMissing(ValidationError):
    """No прожиточный минимум entered for the group on the date: the threshold is unknown."""


def subsistence_minimum_on(
    institution, on_date: datetime.date, group: str = PopulationGroup.PENSIONERS
) -> SubsistenceMinimum | None:
    return (
        SubsistenceMinimum.objects.filter(
            institution=institution, group=group, effective_from__lte=on_date
        )
        .order_by("-effective_from")
        .first()
    )


def coefficient_on(institution, on_date: datetime.date) -> Decimal:
    """The regional coefficient in force on the date; 1.5 (the federal floor) when none set."""
    value = (
        ThresholdCoefficient.objects.filter(institution=institution, effective_from__lte=on_date)
        .order_by("-effective_from")
        .values_list("coefficient", flat=True)
        .first()
    )
    return value if value is not None else MIN_THRESHOLD_COEFFICIENT


def threshold_parts(
    institution, on_date: datetime.date, group: str = PopulationGroup.PENSIONERS
) -> tuple[Decimal, Decimal, Decimal]:
    """(прожиточный минимум, coefficient, предельная величина) in force on the date."""
    minimum = subsistence_minimum_on(institution, on_date, group)
    if minimum is None:
        raise ParametersMissing(
            f"Не задан прожиточный минимум (группа «{PopulationGroup(group).label}») "
            f"на {on_date:%d.%m.%Y}: заполните региональные параметры."
        )
    coefficient = coefficient_on(institution, on_date)
    return minimum.amount, coefficient, income_threshold(minimum.amount, coefficient)


def threshold_on(
    institution, on_date: datetime.date, group: str = PopulationGroup.PENSIONERS
) -> Decimal:
    """Предельная величина среднедушевого дохода on a date (442-ФЗ ст. 31 ч. 5)."""
    return threshold_parts(institution, on_date, group)[2]


def has_free_category(recipient) -> bool:
    """442-ФЗ ст. 31 ч. 1: a category served free whatever the income."""
    return recipient.benefit_categories.filter(free_of_charge=True).exists()


def current_decision(recipient) -> PaymentDecision | None:
    return recipient.payment_decisions.filter(is_current=True).first()


def decision_on(recipient, on_date: datetime.date) -> PaymentDecision | None:
    """The decision that applied on a date: the latest one made on an application not after
    the date; the current one when none had been made yet (it was computed for that time)."""
    return DecisionBook([recipient.pk]).decision_on(recipient.pk, on_date)


def fee_for(recipient, services_cost: Decimal, on_date: datetime.date) -> Fee | None:
    """The monthly fee for services costing `services_cost`; None when never computed.

    A recipient of a free category (442-ФЗ ст. 31 ч. 1) pays nothing even without a decision.
    """
    return DecisionBook([recipient.pk]).fee(recipient.pk, services_cost, on_date)


def fee_from_decision(
    decision: PaymentDecision, services_cost: Decimal, *, free_category: bool
) -> Fee:
    return monthly_fee(
        income_per_capita=decision.income_per_capita,
        threshold=decision.threshold,
        services_cost=services_cost,
        free_category=free_category,
    )


def family_of(recipient) -> QuerySet[FamilyMember]:
    return recipient.family_members.all()


def incomes_of(
    recipient, start: datetime.date | None = None, end: datetime.date | None = None
) -> QuerySet[MonthlyIncome]:
    queryset = recipient.incomes.select_related("family_member")
    if start:
        queryset = queryset.filter(month__gte=start)
    if end:
        queryset = queryset.filter(month__lte=end)
    return queryset.order_by("-month", "family_member_id", "kind")


class DecisionBook:
    """The payment decisions and free categories of many recipients, read in two queries, to
    price a month's fee for each of them (acts of a month, fee lines of reports) the way
    `fee_for` does for one person."""

    def __init__(self, recipient_ids):
        ids = list(recipient_ids)
        self._free = set(
            Recipient.benefit_categories.through.objects.filter(
                recipient_id__in=ids, benefitcategory__free_of_charge=True
            ).values_list("recipient_id", flat=True)
        )
        self._decisions: dict[int, list[PaymentDecision]] = {}
        self._current: dict[int, PaymentDecision] = {}
        for decision in PaymentDecision.objects.filter(recipient_id__in=ids).order_by(
            "recipient_id", "-application_date", "-computed_at", "-pk"
        ):
            self._decisions.setdefault(decision.recipient_id, []).append(decision)
            if decision.is_current:
                self._current[decision.recipient_id] = decision

    def is_free(self, recipient_id: int) -> bool:
        return recipient_id in self._free

    def decision_on(self, recipient_id: int, on_date: datetime.date) -> PaymentDecision | None:
        """As `decision_on`: the latest decision on an application not after the date, else the
        current one."""
        for decision in self._decisions.get(recipient_id, ()):
            if decision.application_date <= on_date:
                return decision
        return self._current.get(recipient_id)

    def fee(self, recipient_id: int, services_cost: Decimal, on_date: datetime.date) -> Fee | None:
        free = self.is_free(recipient_id)
        decision = self.decision_on(recipient_id, on_date)
        if decision is None:
            if not free:
                return None
            zero = Decimal("0.00")
            return monthly_fee(
                income_per_capita=zero,
                threshold=zero,
                services_cost=services_cost,
                free_category=True,
            )
        return fee_from_decision(decision, services_cost, free_category=free)
