"""Charges come from the act's figures, once per person and month; a correction is a new
adjusting charge, never an edit; closing a month charges it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zabota.acts.selectors import month_summaries
from zabota.billing.models import Charge, ChargeKind
from zabota.billing.services.charges import charge_adjust, charges_for_month
from zabota.billing.services.closing import ledger_close
from zabota.billing.tests.conftest import NOVEMBER, OCTOBER, D, log
from zabota.delivery.services import service_record_cancel
from zabota.delivery.services.closing import AFTER_CLOSE, month_close, month_reopen

pytestmark = pytest.mark.django_db


def charges_of(recipient):
    return list(Charge.objects.filter(recipient=recipient).order_by("pk"))


def test_each_person_with_a_fee_gets_one_charge_equal_to_the_acts_sum(personas, october):
    run = charges_for_month(actor=personas.accountant, month=october)
    due = {s.recipient.pk: s.to_pay for s in month_summaries(personas.accountant, october)}
    (first,) = charges_of(personas.recipient_of_worker1)
    assert first.amount == due[personas.recipient_of_worker1.pk] == D("1190.00")
    assert (first.kind, first.month, first.service_month) == (ChargeKind.MONTHLY, OCTOBER, OCTOBER)
    assert first.services_total == D("1190.00") and first.fee_kind == "full"
    (third,) = charges_of(personas.recipient_in_department2)
    assert third.amount == D("165.00")
    # Free by income: nothing to charge.
    assert charges_of(personas.recipient_of_worker2) == []
    assert (len(run.created), run.unchanged, run.skipped) == (2, 1, [])


def test_charge_numbers_are_unique_and_carry_the_ledger_month(personas, october):
    charges_for_month(actor=personas.accountant, month=october)
    numbers = sorted(Charge.objects.values_list("number", flat=True))
    assert numbers == ["202610-00001", "202610-00002"]


def test_running_it_again_changes_nothing(personas, october):
    charges_for_month(actor=personas.accountant, month=october)
    run = charges_for_month(actor=personas.accountant, month=october)
    assert (run.created, run.adjusted, run.unchanged) == ([], [], 3)
    assert Charge.objects.count() == 2


def test_a_person_without_a_payment_decision_is_skipped_with_the_reason(personas, october, catalog):
    personas.recipient_in_department2.payment_decisions.all().delete()
    run = charges_for_month(actor=personas.accountant, month=october)
    assert run.skipped == [
        (
            personas.recipient_in_department2.full_name,
            "условие оплаты не рассчитано: начисления нет до расчёта",
        )
    ]


def test_a_correction_after_the_month_is_a_new_adjusting_charge(personas, october, catalog):
    charges_for_month(actor=personas.accountant, month=october)
    ledger_close(actor=personas.accountant, month=october)
    record = log(personas.worker1, personas.recipient_of_worker1, catalog.windows, 20, 1)
    run = charges_for_month(actor=personas.accountant, month=october)
    first, adjustment = charges_of(personas.recipient_of_worker1)
    assert first.amount == D("1190.00")  # never edited
    assert adjustment.kind == ChargeKind.ADJUSTMENT and adjustment.amount == D("350.00")
    # October is closed in the ledger: the correction is booked in November, for October.
    assert (adjustment.month, adjustment.service_month) == (NOVEMBER, OCTOBER)
    assert adjustment.number.startswith("202611-")
    assert "было 1190.00 ₽, стало 1540.00 ₽" in adjustment.reason
    assert run.adjusted == [adjustment]
    # Services all cancelled: the charged sum is reversed.
    for r in personas.recipient_of_worker1.service_records.all():
        service_record_cancel(actor=personas.head1, record=r, reason="ошибка")
    charges_for_month(actor=personas.accountant, month=october)
    assert sum(c.amount for c in charges_of(personas.recipient_of_worker1)) == 0
    assert record.pk


def test_the_head_scope_charges_the_own_department_only(personas, october):
    charges_for_month(actor=personas.head1, month=october)
    assert set(Charge.objects.values_list("department_id", flat=True)) == {personas.department1.pk}


def test_closing_a_month_charges_it(personas, october):
    month_close(actor=personas.head2, department=personas.department2, month=october)
    (charge,) = Charge.objects.all()
    assert charge.recipient == personas.recipient_in_department2
    # Reopened, corrected and closed again: the difference is a new charge.
    month_reopen(
        actor=personas.head2, department=personas.department2, month=october, reason="ошибка"
    )
    month_close(actor=personas.head2, department=personas.department2, month=october)
    assert Charge.objects.count() == 1


def test_a_failing_after_close_step_does_not_keep_the_month_open(personas, october, caplog):
    def broken(**kwargs):
        raise RuntimeError("boom")

    AFTER_CLOSE.append(broken)
    try:
        closing = month_close(actor=personas.head1, department=personas.department1, month=october)
    finally:
        AFTER_CLOSE.remove(broken)
    assert closing.pk and "after-close step" in caplog.text
    assert Charge.objects.filter(department=personas.department1).count() == 1


@pytest.mark.parametrize(
    ("amount", "reason", "says"),
    [
        (D("100.00"), "", "Укажите основание"),
        (D("0"), "перерасчёт", "не может быть нулевой"),
        (D("-2000.00"), "перерасчёт", "не больше чем на эту сумму"),
    ],
)
def test_a_manual_correction_needs_a_reason_and_cannot_go_below_zero(
    personas, october, amount, reason, says
):
    charges_for_month(actor=personas.accountant, month=october)
    with pytest.raises(ValidationError) as error:
        charge_adjust(
            actor=personas.accountant,
            recipient=personas.recipient_of_worker1,
            service_month=october,
            amount=amount,
            reason=reason,
        )
    assert says in str(error.value)


def test_a_manual_correction_is_written_with_its_reason(personas, october):
    charges_for_month(actor=personas.accountant, month=october)
    charge = charge_adjust(
        actor=personas.accountant,
        recipient=personas.recipient_of_worker1,
        service_month=datetime.date(2026, 10, 15),
        amount=D("-190.00"),
        reason="Перерасчёт по заявлению",
    )
    assert (charge.amount, charge.due_total, charge.service_month) == (
        D("-190.00"),
        D("1000.00"),
        OCTOBER,
    )
