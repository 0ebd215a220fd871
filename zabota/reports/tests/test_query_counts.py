"""A report asks the database a fixed number of questions, however many departments, workers
and recipients there are: measured on a small log and on one with three departments and more
people, against the same pinned limit."""

import pytest

from zabota.reports.tests.conftest import ServiceLog, decide

pytestmark = pytest.mark.django_db
PERIODS = ["date_from=2026-10-01&date_to=2026-10-31", "date_from=2026-09-15&date_to=2026-11-20"]
# Pinned: the most each page may ask, whether the period is whole months or not.
LIMITS = {
    "worker": 26,
    "department": 33,
    "institution": 33,
    "sobes": 15,
    "analytics": 24,
}


def _urls(personas) -> dict[str, str]:
    return {
        "worker": f"/reports/worker/?worker={personas.worker1.pk}",
        "department": f"/reports/department/?department={personas.department1.pk}",
        "institution": "/reports/institution/",
        "sobes": "/reports/6-sobes/",
        "analytics": "/reports/analytics/?dimension1=care_level&dimension2=payment_condition"
        "&dimension3=benefit_category&measures=recipients&measures=services&measures=rubles",
    }


def _measure(personas, django_assert_max_num_queries) -> dict[str, int]:
    """Open every report for every period within its limit; return the real counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = personas.client_for(personas.director)
    client.get("/reports/")  # the session and the person, loaded once
    counts = {}
    for name, url in _urls(personas).items():
        for period in PERIODS:
            with django_assert_max_num_queries(LIMITS[name]):
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(f"{url}&{period}" if "?" in url else f"{url}?{period}")
            assert response.status_code == 200
            counts[(name, period)] = len(queries)
    return counts


def test_the_count_is_the_same_for_one_and_for_three_departments(
    personas, frozen, django_assert_max_num_queries
):
    log = ServiceLog(personas).build(departments=2, workers=0, recipients=1)
    small = _measure(personas, django_assert_max_num_queries)
    log.build(departments=3, workers=3, recipients=4, seed=11)
    for recipient in personas.institution.recipients.all()[:6]:
        decide(recipient, income="30000.00")
    personas.recipient_of_worker2.benefit_categories.add(personas.category, personas.free_category)
    large = _measure(personas, django_assert_max_num_queries)
    assert large == small
