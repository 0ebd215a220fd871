"""Payments by hand, refunds, cancellations; the ledger, the overpayment that carries over and
months the accountant has closed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zabota.billing.models import Channel, Charge, PaymentKind
from zabota.billing.selectors import balance_of, charge_due, ledger_rows
from zabota.billing.services.charges import charges_for_month
from zabota.billing.services.closing import ledger_close, ledger_reopen
from zabota.billing.services.payments import payment_cancel, payment_record
from zabota.billing.tests.conftest import NOVEMBER, D, log

pytestmark = pytest.mark.django_db


@pytest.fixture
def charged(personas, october):
    charges_for_month(actor=personas.accountant, month=october)
    return Charge.objects.get(recipient=personas.recipient_of_worker1)


def pay(personas, amount, day=datetime.date(2026, 11, 10), **extra):
    extra.setdefault("channel", Channel.CASH_OFFICE)
    return payment_record(
        actor=personas.accountant,
        recipient=personas.recipient_of_worker1,
        amount=D(amount),
        paid_on=day,
        **extra,
    )


def test_cash_through_the_worker_names_the_worker_and_the_receipt(personas, charged):
    payment = pay(
        personas, "1190.00", channel=Channel.CASH_WORKER, worker=personas.worker1, charge=charged
    )
    assert (payment.month, payment.department) == (NOVEMBER, personas.department1)
    assert balance_of(personas.recipient_of_worker1) == 0
    assert [r.paid for r in ledger_rows(personas.recipient_of_worker1) if r.paid] == [D("1190.00")]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"channel": Channel.CASH_WORKER}, "worker"),
        ({"channel": Channel.CASH_OFFICE, "worker": "worker1"}, "worker"),
        ({"channel": Channel.CASH_WORKER, "worker": "accountant"}, "worker"),
        ({"day": datetime.date(2026, 11, 25)}, "paid_on"),
        ({"amount": "0"}, "amount"),
        ({"amount": "-5.00"}, "amount"),
    ],
)
def test_it_refuses_a_payment_that_does_not_hold(personas, charged, extra, field):
    extra = dict(extra)
    if "worker" in extra:
        extra["worker"] = getattr(personas, extra["worker"])
    amount = extra.pop("amount", "100.00")
    day = extra.pop("day", datetime.date(2026, 11, 10))
    with pytest.raises(ValidationError) as error:
        pay(personas, amount, day, **extra)
    assert field in error.value.message_dict


def test_a_receipt_of_another_recipient_is_refused(personas, october):
    charges_for_month(actor=personas.accountant, month=october)
    other = Charge.objects.get(recipient=personas.recipient_in_department2)
    with pytest.raises(ValidationError, match="другому получателю"):
        pay(personas, "100.00", charge=other)


def test_an_overpayment_carries_to_the_next_receipt(personas, charged, catalog):
    pay(personas, "1500.00")
    assert balance_of(personas.recipient_of_worker1) == D("-310.00")
    # November's services: 2 × 55,00; the receipt asks for nothing, the overpayment covers it.
    log(personas.worker1, personas.recipient_of_worker1, catalog.shopping, 2, 2, month=11)
    charges_for_month(actor=personas.accountant, month=NOVEMBER)
    november = Charge.objects.get(recipient=personas.recipient_of_worker1, service_month=NOVEMBER)
    assert november.amount == D("110.00")
    assert charge_due(november) == 0
    assert balance_of(personas.recipient_of_worker1) == D("-200.00")


def test_a_refund_adds_back_to_the_balance(personas, charged):
    pay(personas, "1500.00")
    pay(personas, "310.00", kind=PaymentKind.REFUND, channel=Channel.BANK)
    assert balance_of(personas.recipient_of_worker1) == 0


def test_a_cancelled_payment_leaves_every_sum(personas, charged):
    payment = pay(personas, "1190.00")
    with pytest.raises(ValidationError):
        payment_cancel(actor=personas.accountant, payment=payment, reason=" ")
    payment_cancel(actor=personas.accountant, payment=payment, reason="ошибка суммы")
    assert balance_of(personas.recipient_of_worker1) == D("1190.00")
    with pytest.raises(ValidationError, match="уже отменён"):
        payment_cancel(actor=personas.accountant, payment=payment, reason="ещё раз")


def test_a_closed_month_takes_no_payment_and_no_cancellation(personas, charged):
    payment = pay(personas, "100.00")
    ledger_close(actor=personas.accountant, month=NOVEMBER)
    with pytest.raises(ValidationError, match="закрыт в учёте оплаты"):
        pay(personas, "100.00")
    with pytest.raises(ValidationError, match="закрыт"):
        payment_cancel(actor=personas.accountant, payment=payment, reason="ошибка")
    with pytest.raises(ValidationError, match="уже закрыт"):
        ledger_close(actor=personas.accountant, month=NOVEMBER)
    ledger_reopen(actor=personas.accountant, month=NOVEMBER, reason="ошибка в выписке")
    pay(personas, "100.00")
    assert balance_of(personas.recipient_of_worker1) == D("990.00")


def test_a_month_to_come_cannot_be_closed(personas, frozen):
    with pytest.raises(ValidationError, match="ещё не начался"):
        ledger_close(actor=personas.accountant, month=datetime.date(2026, 12, 1))
