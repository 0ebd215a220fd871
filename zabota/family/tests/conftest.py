"""A relative of recipient_of_worker1 (Иванова Мария Петровна, department 1) with the login
«relative1» and the personas' password, and the services of October and November 2026 of her."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from zabota.accounts.middleware import LAST_SEEN, LOGGED_IN_AT
from zabota.delivery.services import RecordLine, visit_record
from zabota.family.models import Relative
from zabota.testing import _password_hash, make_payment_decision

TODAY = datetime.date(2026, 11, 24)  # a Tuesday
NOW = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


def make_relative(recipient, username: str, created_by, **fields) -> Relative:
    user = get_user_model().objects.create(username=username, password=_password_hash())
    values = {
        "last_name": "Иванов",
        "first_name": "Сергей",
        "middle_name": "Петрович",
        "relation": "сын",
        "consent_given_on": datetime.date(2026, 11, 1),
    }
    return Relative.objects.create(
        recipient=recipient, user=user, created_by=created_by, **(values | fields)
    )


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[LOGGED_IN_AT] = session[LAST_SEEN] = timezone.now().timestamp()
    session.save()
    return client


@pytest.fixture
def relative(personas) -> Relative:
    return make_relative(personas.recipient_of_worker1, "relative1", personas.head1)


@pytest.fixture
def other_relative(personas) -> Relative:
    """A relative of Сидоров Пётр Ильич, recipient of worker2 in the same department."""
    return make_relative(
        personas.recipient_of_worker2, "relative2", personas.head1, last_name="Сидорова"
    )


@pytest.fixture
def served(personas, catalog):
    """A visit of worker1 on 19.11.2026 10:00–10:50 and one of 15.10.2026 (last month's act)."""
    recipient = personas.recipient_of_worker1

    def at(day, hour, minute=0):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    november = datetime.date(2026, 11, 19)
    october = datetime.date(2026, 10, 15)
    visit_record(
        actor=personas.worker1,
        recipient=recipient,
        performed_on=november,
        lines=[
            RecordLine(service=catalog.shopping, quantity=Decimal(1)),
            RecordLine(service=catalog.cleaning, quantity=Decimal(30)),
        ],
        arrived_at=at(november, 10),
        left_at=at(november, 10, 50),
    )
    visit_record(
        actor=personas.worker1,
        recipient=recipient,
        performed_on=october,
        lines=[RecordLine(service=catalog.shopping, quantity=Decimal(2))],
        arrived_at=at(october, 9),
        left_at=at(october, 9, 40),
    )
    decide(recipient)
    return catalog


def decide(recipient):
    """Income 25 000,00 ₽ against a threshold of 22 500,00 ₽: the fee is charged."""
    return make_payment_decision(recipient)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield
