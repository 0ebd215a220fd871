"""On the demo (two institutions, the `supervisor` over both) the supervisor's totals are the
sums of the two institutions' own reports."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zabota.core.demo import DEMO_PASSWORD
from zabota.organisation.access import supervised_institutions
from zabota.organisation.models import Staff
from zabota.quality.report import quality_report
from zabota.reports.builders import institution_report
from zabota.reports.periods import Period
from zabota.reports.queries import Scope
from zabota.supervision.builders import over_institutions
from zabota.supervision.figures import SERVICES_SECTION
from zabota.supervision.quality import QUALITY_SECTION
from zabota.supervision.tests.test_quality import SAME
from zabota.testing import demo_rolled_back

pytestmark = pytest.mark.django_db
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def frozen():
    """The demo is built for the real today (the reports' tests freeze the clock)."""
    yield


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_rolled_back(django_db_blocker):
        yield Staff.objects.get(user__username="supervisor")


def last_month() -> Period:
    first = timezone.localdate().replace(day=1)
    return Period.month(first - datetime.timedelta(days=1))


def test_the_demos_supervisor_oversees_both_institutions(demo):
    institutions = list(supervised_institutions(demo))
    directors = Staff.objects.filter(user__username__in=["director", "director2"])
    assert {d.institution for d in directors} == set(institutions)
    assert len(institutions) == 2


def test_the_demos_installation_administrator_lists_both_institutions(demo, client):
    assert client.login(username="installation", password=DEMO_PASSWORD)
    page = client.get(reverse("organisation:installation")).content.decode()
    for institution in supervised_institutions(demo):
        assert str(institution) in page
    assert client.get(reverse("recipients:list")).status_code == 403


def test_on_the_demo_the_supervisors_services_are_the_sums_of_both_institutions_reports(demo):
    institutions = list(supervised_institutions(demo))
    period, today = last_month(), timezone.localdate()
    own = [
        institution_report(
            institution=i, scope=Scope(institution_id=i.pk), period=period, today=today
        )
        .tables[0]
        .totals
        for i in institutions
    ]
    totals = over_institutions(SERVICES_SECTION, institutions, period, today).totals
    assert totals == [own[0][k] + own[1][k] for k in range(1, 6)]
    assert all(o[2] > 0 for o in own), "both institutions served people last month"


def test_on_the_demo_the_supervisors_quality_indicators_are_the_sums_of_both_reports(demo):
    institutions = list(supervised_institutions(demo))
    today = timezone.localdate()
    period = Period(today.replace(month=1, day=1), today)
    own = [
        quality_report(institution=i, scope=Scope(institution_id=i.pk), period=period, today=today)[
            0
        ]
        .tables[0]
        .totals
        for i in institutions
    ]
    totals = over_institutions(QUALITY_SECTION, institutions, period, today).totals
    for column, index in SAME.items():
        assert totals[index] == own[0][column] + own[1][column], column
    assert own[0][1] > 0 and own[1][1] > 0, "both institutions surveyed people"


def test_the_demos_supervisor_logs_in_and_reads_the_sums_of_both(demo, client):
    assert client.login(username="supervisor", password=DEMO_PASSWORD)
    page = client.get(reverse("supervision:section", args=["services"])).content.decode()
    for institution in supervised_institutions(demo):
        assert str(institution) in page
