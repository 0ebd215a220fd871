"""Recipients by payment condition, per department and for the institution.

The condition is the one the card shows: the current payment decision and the planned
monthly cost of the program in force on the date (442-ФЗ ст. 31–32 via rules.payment).
These are counts, not personal data, so they follow the departments a person may report on
(organisation.access.department_scope), which lets the accountant read them too.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from zabota.organisation.selectors import departments_for
from zabota.payments.costs import cost_source
from zabota.payments.models import PaymentDecision
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.rules.payment import FEE_FREE, FEE_FULL, FEE_PARTIAL, monthly_fee

FREE_CATEGORY = "free_category"
FREE_INCOME = "free_income"
NOT_COMPUTED = "not_computed"
CONDITIONS = [
    (FREE_CATEGORY, "бесплатно: льготная категория (ст. 31 ч. 1)"),
    (FREE_INCOME, "бесплатно: доход не выше предельной величины (ст. 31 ч. 2)"),
    (FEE_PARTIAL, "частичная оплата"),
    (FEE_FULL, "полная оплата"),
    (NOT_COMPUTED, "условие оплаты не рассчитано"),
]

# Column headers of the page (the full wording above is the legend and the XLSX header).
SHORT_LABELS = {
    FREE_CATEGORY: "Льготная категория",
    FREE_INCOME: "Бесплатно по доходу",
    FEE_PARTIAL: "Частичная оплата",
    FEE_FULL: "Полная оплата",
    NOT_COMPUTED: "Не рассчитано",
}


@dataclass
class StatisticsRow:
    name: str
    counts: dict[str, int] = field(default_factory=lambda: {key: 0 for key, _l in CONDITIONS})
    fees: Decimal = Decimal("0.00")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts[key] for key, _label in CONDITIONS]

    def labelled(self) -> list[tuple[str, int]]:
        return [(SHORT_LABELS[key], self.counts[key]) for key, _label in CONDITIONS]

    def add(self, condition: str, fee: Decimal) -> None:
        self.counts[condition] += 1
        self.fees += fee


def recipient_conditions(recipients, on_date: datetime.date) -> dict[int, tuple[str, Decimal]]:
    """{recipient id: (condition, monthly fee)} for a queryset of recipients, in six queries
    whatever their number (the queryset is used as a subquery, never as a list of ids)."""
    recipient_ids = recipients.values("pk")
    free_ids = set(
        Recipient.benefit_categories.through.objects.filter(
            recipient_id__in=recipient_ids, benefitcategory__free_of_charge=True
        ).values_list("recipient_id", flat=True)
    )
    decisions = {
        rid: (income, threshold)
        for rid, income, threshold in PaymentDecision.objects.filter(
            recipient_id__in=recipient_ids, is_current=True
        ).values_list("recipient_id", "income_per_capita", "threshold")
    }
    costs = cost_source().of_recipients(recipient_ids, on_date)
    result = {}
    zero = Decimal("0.00")
    for rid in recipients.values_list("pk", flat=True):
        if rid in free_ids:
            result[rid] = (FREE_CATEGORY, zero)
            continue
        if rid not in decisions:
            result[rid] = (NOT_COMPUTED, zero)
            continue
        income, threshold = decisions[rid]
        cost = costs.get(rid, zero)
        fee = monthly_fee(income_per_capita=income, threshold=threshold, services_cost=cost)
        condition = FREE_INCOME if fee.kind == FEE_FREE else fee.kind
        result[rid] = (condition, fee.amount)
    return result


def payment_statistics(staff, on_date: datetime.date) -> tuple[list[StatisticsRow], StatisticsRow]:
    """One row per department the person may report on, and the institution's total."""
    departments = list(departments_for(staff))
    rows = {d.pk: StatisticsRow(d.name) for d in departments}
    queryset = Recipient.objects.filter(
        institution_id=staff.institution_id,
        department_id__in=list(rows),
        status=RecipientStatus.ACTIVE,
    )
    recipients = list(queryset.values_list("pk", "department_id"))
    conditions = recipient_conditions(queryset, on_date)
    total = StatisticsRow("Итого по учреждению" if len(rows) > 1 else "Итого")
    for pk, department_id in recipients:
        condition, fee = conditions[pk]
        rows[department_id].add(condition, fee)
        total.add(condition, fee)
    return list(rows.values()), total
