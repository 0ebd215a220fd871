"""The payment decision end to end: period, family, per-capita income, threshold, fee."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zabota.audit.models import EventKind, SecurityEvent
from zabota.payments.models import FamilyMember, PaymentDecision, ThresholdCoefficient
from zabota.payments.selectors import (
    ParametersMissing,
    coefficient_on,
    decision_on,
    fee_for,
    threshold_on,
)
from zabota.payments.services import income_record, payment_decision_compute
from zabota.payments.tests.factories import add_income, set_minimum
from zabota.rules.payment import income_period, income_threshold, per_capita_income

pytestmark = pytest.mark.django_db
D = Decimal
APPLIED = datetime.date(2026, 3, 10)  # counts incomes of 02.2025 – 01.2026


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.date(2026, 3, 20)):
        yield


def spouse(recipient, **fields) -> FamilyMember:
    return FamilyMember.objects.create(
        recipient=recipient,
        last_name=recipient.last_name,
        first_name="Иван",
        relation="супруг",
        **fields,
    )


def test_the_decision_sums_the_period_divides_by_12_and_by_the_family(personas):
    recipient = personas.recipient_of_worker1
    set_minimum(personas.institution)
    husband = spouse(recipient)
    # The recipient's pension and a monthly payment, the spouse's pension, and incomes outside
    # the period (January 2025 and February 2026) that must not count.
    add_income(recipient, "24000", datetime.date(2025, 1, 1), datetime.date(2026, 2, 1))
    add_income(recipient, "3000", datetime.date(2025, 2, 1), datetime.date(2026, 1, 1), kind="ЕДВ")
    add_income(
        recipient, "18000", datetime.date(2025, 2, 1), datetime.date(2026, 1, 1), member=husband
    )
    decision = payment_decision_compute(
        actor=personas.head1, recipient=recipient, application_date=APPLIED
    )
    start, end = income_period(APPLIED)
    assert (decision.period_start, decision.period_end) == (start, end)
    assert (start, end) == (datetime.date(2025, 2, 1), datetime.date(2026, 1, 31))
    assert decision.family_size == 2
    assert decision.income_total == D("540000.00")  # 12 × (24 000 + 3 000 + 18 000)
    assert decision.income_per_capita == per_capita_income([D("540000")], 2) == D("22500.00")
    assert decision.threshold == income_threshold(D("15000")) == D("22500.00")
    assert (decision.subsistence_minimum, decision.coefficient) == (D("15000"), D("1.50"))
    assert decision.is_current and not decision.free_category
    assert SecurityEvent.objects.filter(
        kind=EventKind.CREATE, object_type="payments.paymentdecision", recipient_id=recipient.pk
    ).exists()


def test_a_family_member_who_left_the_family_neither_counts_nor_brings_income(personas):
    recipient = personas.recipient_of_worker1
    set_minimum(personas.institution)
    former = spouse(recipient, is_active=False)
    add_income(recipient, "30000", datetime.date(2025, 2, 1), datetime.date(2026, 1, 1))
    add_income(
        recipient, "90000", datetime.date(2025, 2, 1), datetime.date(2026, 1, 1), member=former
    )
    decision = payment_decision_compute(
        actor=personas.head1, recipient=recipient, application_date=APPLIED
    )
    assert (decision.family_size, decision.income_per_capita) == (1, D("30000.00"))


def test_missing_months_count_as_months_without_income(personas):
    recipient = personas.recipient_of_worker1
    set_minimum(personas.institution)
    add_income(recipient, "24000", datetime.date(2025, 8, 1), datetime.date(2026, 1, 1))
    decision = payment_decision_compute(
        actor=personas.head1, recipient=recipient, application_date=APPLIED
    )
    assert decision.income_per_capita == D("12000.00")  # 6 × 24 000 ÷ 12


def test_a_new_decision_replaces_the_current_one_and_the_old_is_kept(personas):
    recipient = personas.recipient_of_worker1
    set_minimum(personas.institution)
    first = payment_decision_compute(
        actor=personas.head1, recipient=recipient, application_date=datetime.date(2026, 1, 15)
    )
    second = payment_decision_compute(
        actor=personas.head1, recipient=recipient, application_date=APPLIED
    )
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert PaymentDecision.objects.filter(recipient=recipient).count() == 2
    assert decision_on(recipient, datetime.date(2026, 2, 1)) == first
    assert decision_on(recipient, datetime.date(2026, 3, 15)) == second
    # Before any application the current decision stands in for the month.
    assert decision_on(recipient, datetime.date(2025, 6, 1)) == second


def test_the_threshold_and_coefficient_are_those_in_force_on_the_date_of_application(personas):
    institution = personas.institution
    set_minimum(institution, "14000", datetime.date(2025, 1, 1))
    set_minimum(institution, "15000", datetime.date(2026, 1, 1))
    ThresholdCoefficient.objects.create(
        institution=institution, effective_from=datetime.date(2026, 3, 1), coefficient=D("2")
    )
    assert coefficient_on(institution, datetime.date(2026, 2, 28)) == D("1.5")
    assert threshold_on(institution, datetime.date(2025, 12, 31)) == D("21000.00")
    assert threshold_on(institution, datetime.date(2026, 2, 1)) == D("22500.00")
    assert threshold_on(institution, datetime.date(2026, 3, 1)) == D("30000.00")


def test_without_a_subsistence_minimum_the_decision_is_refused_with_a_clear_message(personas):
    recipient = personas.recipient_of_worker1
    set_minimum(personas.institution, group="working_age")
    with pytest.raises(ParametersMissing) as error:
        payment_decision_compute(
            actor=personas.head1, recipient=recipient, application_date=APPLIED
        )
    assert "Не задан прожиточный минимум (группа «пенсионеры») на 10.03.2026" in str(error.value)
    assert not PaymentDecision.objects.exists()


def test_another_group_s_minimum_may_be_chosen(personas):
    recipient = personas.recipient_of_worker1
    set_minimum(personas.institution, "20000", group="working_age")
    decision = payment_decision_compute(
        actor=personas.head1, recipient=recipient, application_date=APPLIED, group="working_age"
    )
    assert decision.threshold == D("30000.00")


# --- the fee of a month ----------------------------------------------------------------------


def decided(personas, income: str):
    recipient = personas.recipient_of_worker1
    set_minimum(personas.institution)
    add_income(recipient, income, datetime.date(2025, 2, 1), datetime.date(2026, 1, 1))
    payment_decision_compute(actor=personas.head1, recipient=recipient, application_date=APPLIED)
    return recipient


@pytest.mark.parametrize(
    ("income", "cost", "kind", "amount"),
    [
        ("22500", "5000", "free", "0"),
        ("30000", "5000", "partial", "3750"),
        ("30000", "2000", "full", "2000"),
    ],
)
def test_the_fee_of_a_month_follows_the_decision_and_the_cost(personas, income, cost, kind, amount):
    recipient = decided(personas, income)
    fee = fee_for(recipient, D(cost), datetime.date(2026, 3, 31))
    assert (fee.kind, fee.amount) == (kind, D(amount))


def test_a_free_category_pays_nothing_even_without_a_decision(personas):
    recipient = personas.recipient_of_worker1
    recipient.benefit_categories.add(personas.free_category)
    fee = fee_for(recipient, D("5000"), APPLIED)
    assert (fee.kind, fee.amount, fee.free_category) == ("free", D("0.00"), True)
    assert "Льготная категория" in fee.explanation()


def test_a_free_category_pays_nothing_whatever_the_income(personas):
    recipient = decided(personas, "90000")
    recipient.benefit_categories.add(personas.free_category)
    assert fee_for(recipient, D("5000"), APPLIED).kind == "free"


def test_without_a_decision_the_fee_is_not_computed(personas):
    assert fee_for(personas.recipient_of_worker1, D("5000"), APPLIED) is None


# --- incomes -------------------------------------------------------------------------------


def test_an_income_is_recorded_for_each_month_and_a_second_entry_corrects_it(personas):
    recipient = personas.recipient_of_worker1
    first, last = datetime.date(2025, 2, 1), datetime.date(2026, 1, 1)
    income_record(
        actor=personas.head1,
        recipient=recipient,
        family_member=None,
        month_from=first,
        month_to=last,
        kind="пенсия",
        amount=D("21000"),
    )
    income_record(
        actor=personas.head1,
        recipient=recipient,
        family_member=None,
        month_from=datetime.date(2026, 1, 1),
        month_to=last,
        kind="пенсия",
        amount=D("22470"),
    )
    amounts = list(recipient.incomes.order_by("month").values_list("amount", flat=True))
    assert amounts == [D("21000")] * 11 + [D("22470")]
    assert (
        SecurityEvent.objects.filter(
            object_type="payments.monthlyincome", changes__has_key="01.2026"
        ).count()
        == 2
    )


def test_an_income_of_another_recipient_s_family_member_is_refused(personas):
    stranger = spouse(personas.recipient_of_worker2)
    with pytest.raises(ValidationError):
        income_record(
            actor=personas.head1,
            recipient=personas.recipient_of_worker1,
            family_member=stranger,
            month_from=datetime.date(2026, 1, 1),
            month_to=datetime.date(2026, 1, 1),
            kind="пенсия",
            amount=D("1"),
        )
    assert not personas.recipient_of_worker1.incomes.exists()
