"""The billing world: October 2026 logged for the three persona recipients, their payment
decisions, the institution's bank details; time stands on 24.11.2026."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from zabota.billing.services.details import payee_details_save
from zabota.delivery.services import service_log
from zabota.testing import make_payment_decision

TODAY = datetime.date(2026, 11, 24)
OCTOBER = datetime.date(2026, 10, 1)
NOVEMBER = datetime.date(2026, 11, 1)
D = Decimal
BANK = {
    "name": "ГБУ «КЦСОН Тестовый»",
    "inn": "7707083893",
    "kpp": "770701001",
    "account": "40602810700000000025",
    "bank_name": "ПАО «Демобанк»",
    "bic": "049805746",
    "correspondent_account": "30101810800000000746",
}


decide = make_payment_decision


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0), tick=False):
        yield TODAY


def log(actor, recipient, service, day: int, quantity, month: int = 10):
    return service_log(
        actor=actor,
        recipient=recipient,
        service=service,
        performed_on=datetime.date(2026, month, day),
        quantity=D(quantity),
    )


@pytest.fixture
def october(personas, catalog, frozen):
    """recipient_of_worker1: 840,00 ₽ of ИППСУ services (fee capped at 1 250,00) and 350,00 ₽
    of an additional one — 1 190,00 ₽ to pay; recipient_of_worker2: free by income;
    recipient_in_department2: 165,00 ₽, paid in full."""
    w1, w2, w3 = personas.worker1, personas.worker2, personas.worker_other_department
    for day in (1, 5, 8, 12, 15, 19, 22, 26):
        log(w1, personas.recipient_of_worker1, catalog.shopping, day, 1)
    log(w1, personas.recipient_of_worker1, catalog.cleaning, 9, 40)
    log(w1, personas.recipient_of_worker1, catalog.windows, 9, 1)
    log(w2, personas.recipient_of_worker2, catalog.shopping, 2, 2)
    for day in (3, 10, 17):
        log(w3, personas.recipient_in_department2, catalog.shopping, day, 1)
    decide(personas.recipient_of_worker1, "25000.00")
    decide(personas.recipient_of_worker2, "20000.00")
    decide(personas.recipient_in_department2, "40000.00")
    return OCTOBER


@pytest.fixture
def bank(personas):
    return payee_details_save(actor=personas.accountant, **BANK)
