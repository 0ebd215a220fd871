"""Builders of regional parameters and incomes for the tests of payments and programs."""

import datetime
from decimal import Decimal

from zabota.payments.models import MonthlyIncome, PopulationGroup, SubsistenceMinimum
from zabota.payments.services import month_starts


def set_minimum(
    institution,
    amount: str = "15000",
    since: datetime.date = datetime.date(2025, 1, 1),
    group: str = PopulationGroup.PENSIONERS,
) -> SubsistenceMinimum:
    """A ПМ of 15 000 ₽ gives the threshold 22 500 ₽ of the regulations' worked example."""
    return SubsistenceMinimum.objects.create(
        institution=institution, group=group, effective_from=since, amount=Decimal(amount)
    )


def add_income(
    recipient,
    amount: str,
    first: datetime.date,
    last: datetime.date,
    *,
    member=None,
    kind: str = "пенсия",
) -> None:
    MonthlyIncome.objects.bulk_create(
        MonthlyIncome(
            recipient=recipient, family_member=member, month=m, amount=Decimal(amount), kind=kind
        )
        for m in month_starts(first, last)
    )
