"""Pytest plugin for `make test-replica` (scripts/test-replica.sh): the tests against a primary
and its streaming replica.

Django creates the test database on the primary only (the replica alias is a test mirror, see
zabota/settings.py); here the alias is then pointed back at the real replica, where the test
database arrives by replication. Without DATABASE_REPLICA_URL this plugin does nothing and the
tests of the pair are not collected.
"""

import os
import time
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from zabota.core.replica import REPLICA, primary_lsn, replica_has

PAIR_TESTS = "test_replica_pair.py"
ENABLED = bool(os.environ.get("DATABASE_REPLICA_URL"))


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    if collection_path.name == PAIR_TESTS and not ENABLED:
        return True
    return None


def wait_for_replica(seconds: float = 30) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    target = primary_lsn()
    deadline = time.monotonic() + seconds
    while not replica_has(target):
        if time.monotonic() > deadline:
            raise AssertionError(f"the replica has not replayed {target} in {seconds} s")
        time.sleep(0.05)


if ENABLED:

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_setup, django_db_blocker):
        replica = connections[REPLICA]
        real = dict(connections.settings[REPLICA])
        real["NAME"] = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
        with django_db_blocker.unblock():
            replica.close()
            replica.settings_dict = real
            wait_for_replica(120)
            with replica.cursor() as cursor:
                cursor.execute("SELECT pg_is_in_recovery()")
                assert cursor.fetchone()[0], "DATABASE_REPLICA_URL is not a standby"
        yield
        with django_db_blocker.unblock():
            replica.close()
