"""After the demo's bulk load: statistics for the planner, and VACUUM on PostgreSQL.

Apart from test_demo.py, whose module-wide demo would meet the personas' logins."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_after_a_bulk_load_the_planner_gets_statistics_and_postgresql_a_vacuum(personas):
    from django.db import connection

    from zabota.core.demo import analyze

    analyze()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL "
                "FROM pg_stat_user_tables WHERE relname = 'recipients_recipient'"
            )
            assert cursor.fetchone() == (True, True)
        else:
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'recipients_recipient'")
            assert cursor.fetchone()[0] > 0


@pytest.mark.django_db
def test_inside_a_transaction_it_gathers_statistics_only(personas):
    from zabota.core.demo import analyze

    analyze()  # VACUUM would raise inside a transaction block on PostgreSQL
