"""On the demo, every report says what a GROUP BY over the service log says."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from zabota.core.demo import DEMO_PASSWORD
from zabota.delivery.models import ServiceRecord
from zabota.organisation.models import Department, Staff
from zabota.reports.tests.conftest import direct

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 11, 24, 12, 0)
PERIODS = {
    "the last whole month": (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)),
    "a part of two months": (datetime.date(2026, 10, 12), datetime.date(2026, 11, 20)),
}


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    with time_machine.travel(TODAY, tick=False):
        call_command("demo_data", "--recipients", "60", "--months", "2", stdout=io.StringIO())
    settings.DEBUG = False
    with time_machine.travel(TODAY, tick=False):
        yield


def login(username: str):
    from django.test import Client

    client = Client()
    client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    return client


def values(row: dict) -> list:
    return [row["recipients"], row["services"], row["hours"], row["rubles"]]


def test_the_reports_of_the_demo_equal_a_direct_count_of_the_log(demo):
    """One demo, built once, read for a whole month and for parts of two."""
    for start, end in PERIODS.values():
        _check(start, end)


def _check(start, end):
    query = f"date_from={start}&date_to={end}"
    assert ServiceRecord.objects.filter(performed_on__range=(start, end)).count() > 100
    director = login("director")

    institution = director.get(f"/reports/institution/?{query}").context["report"].tables[0]
    by_department = direct("department_id", start, end)
    for row in institution.rows:
        department = Department.objects.get(name=row[0])
        assert row[1:5] == values(by_department[department.pk])
    assert institution.totals[1:5] == values(direct(None, start, end)[None])

    department = Department.objects.get(number=1)
    report = director.get(f"/reports/department/?department={department.pk}&{query}")
    workers = {t.sheet_name: t for t in report.context["report"].tables}["По сотрудникам"]
    by_worker = direct("worker__last_name", start, end, department=department)
    for row in workers.rows:
        last_name = row[0].split()[0]
        if last_name in by_worker:
            assert row[2:] == values(by_worker[last_name])
        else:
            assert row[2:] == [0, 0, 0, 0]

    worker = Staff.objects.get(user__username="worker1")
    summary = director.get(f"/reports/worker/?worker={worker.pk}&{query}").context["report"]
    assert summary.tables[0].rows[0][:4] == values(direct(None, start, end, worker=worker)[None])

    [form] = director.get(f"/reports/6-sobes/?{query}").context["report"].tables
    rows = {row[1]: row[2] for row in form.rows}
    by_row = direct("service__service_type__sobes_row", start, end)
    assert [rows[str(n)] for n in range(3, 11)] == [
        by_row.get(n, {"services": 0})["services"] for n in range(3, 11)
    ]
    assert (
        rows["2"]
        == sum(rows[str(n)] for n in range(3, 11))
        == direct(None, start, end)[None]["services"]
    )
