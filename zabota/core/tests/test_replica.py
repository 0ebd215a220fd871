"""The replica router's decisions, without a replica (the pair itself: test_replica_pair.py)."""

import pytest
from django.contrib.sessions.models import Session

from zabota.core import replica
from zabota.core.replica import REPLICA, Reads, ReplicaRouter
from zabota.recipients.models import Recipient


@pytest.fixture
def reading():
    """A request that may read from the replica, which has caught up."""
    state = Reads(wanted=True, caught_up=True)
    token = replica._reads.set(state)
    yield state
    replica._reads.reset(token)


def test_it_reads_a_report_from_the_replica(reading):
    assert ReplicaRouter().db_for_read(Recipient) == REPLICA


def test_it_reads_nothing_from_the_replica_outside_a_report():
    assert ReplicaRouter().db_for_read(Recipient) == "default"


def test_it_reads_back_from_the_primary_after_the_request_wrote(reading):
    reading.wrote = True
    assert ReplicaRouter().db_for_read(Recipient) == "default"


def test_it_waits_for_a_replica_behind_the_sessions_last_write(reading):
    reading.caught_up = False
    assert ReplicaRouter().db_for_read(Recipient) == "default"


def test_it_reads_sessions_and_logins_from_the_primary(reading):
    assert ReplicaRouter().db_for_read(Session) == "default"


@pytest.mark.django_db
def test_it_reads_inside_a_transaction_from_the_primary(reading):
    assert ReplicaRouter().db_for_read(Recipient) == "default"


def test_it_writes_to_the_primary_whatever_the_object_was_read_from(reading):
    recipient = Recipient()
    recipient._state.db = REPLICA
    assert ReplicaRouter().db_for_write(Recipient, instance=recipient) == "default"
    assert ReplicaRouter().allow_migrate(REPLICA, "recipients") is False


def test_a_write_inside_the_block_pins_the_rest_to_the_primary():
    def execute(sql, params, many, context):
        return None

    state = Reads(wanted=True)
    replica._noting_writes(state)(execute, "SELECT 1", None, False, {})
    assert state.wrote is False
    replica._noting_writes(state)(execute, '  insert INTO "x" VALUES (1)', None, False, {})
    assert state.wrote is True
