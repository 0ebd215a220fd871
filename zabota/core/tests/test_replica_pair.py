"""A primary and its streaming replica (`make test-replica`; collected only with
DATABASE_REPLICA_URL, zabota/testing_replica.py): reports are read from the replica, and a replica
that lags never hides a user's own edit."""

from contextlib import contextmanager

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zabota.core.replica import REPLICA
from zabota.testing_replica import wait_for_replica

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@contextmanager
def replay_paused():
    """The replica receives the primary's WAL but applies none of it: a replica far behind."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


def test_the_replica_is_a_standby_of_the_primary():
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        in_recovery, port = cursor.fetchone()
    assert in_recovery is True
    assert str(port) == connections[REPLICA].settings_dict["PORT"]
    assert port != int(connections["default"].settings_dict["PORT"])


def test_it_builds_the_institutions_report_from_the_replica(personas):
    client = personas.client_for(personas.director)
    wait_for_replica()
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("reports:institution"))
    assert response.status_code == 200
    assert any('"delivery_' in query["sql"] for query in on_replica.captured_queries)
    assert not any('"delivery_' in query["sql"] for query in on_primary.captured_queries)


def test_it_reads_a_page_outside_the_reports_from_the_primary(personas):
    client = personas.client_for(personas.director)
    wait_for_replica()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(reverse("recipients:list"))
    assert response.status_code == 200
    assert on_replica.captured_queries == []


def test_a_lagging_replica_never_hides_the_users_own_edit(personas, settings):
    # The institution's page lists its departments: read as a report for this test.
    settings.ZABOTA_REPLICA_NAMESPACES = ["reports", "organisation"]
    editor = personas.client_for(personas.admin)
    onlooker = personas.client_for(personas.admin)  # another session, without the edit
    department = personas.department1
    old_name = department.name
    wait_for_replica()
    with replay_paused():
        response = editor.post(
            reverse("organisation:department_edit", args=[department.pk]),
            {"number": department.number, "name": "Отделение на Липовой", "is_active": "on"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        page = reverse("organisation:institution")
        assert "Отделение на Липовой" in editor.get(page).content.decode()
        # The replica really lags: a session that did not make the edit reads it from there.
        seen = onlooker.get(page).content.decode()
        assert old_name in seen
        assert "Отделение на Липовой" not in seen
    wait_for_replica()
    assert "Отделение на Липовой" in onlooker.get(page).content.decode()
