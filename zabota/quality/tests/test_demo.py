"""The demo's quality data: what issue 18 promises a visitor finds there."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import INSTALLATION_ROLES, Role
from zabota.quality.models import Alert, AlertKind, Complaint, Inspection, Outcome, Survey
from zabota.rules import quality as rules
from zabota.testing import demo_rolled_back

pytestmark = pytest.mark.django_db
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def frozen():
    """The demo is built for the real today (overrides the package's frozen clock)."""
    yield


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_rolled_back(django_db_blocker):
        yield


def test_the_demo_holds_a_year_of_surveys_at_about_97_percent(demo):
    quarters = {
        rules.quarter_start(day) for day in Survey.objects.values_list("taken_on", flat=True)
    }
    assert len(quarters) == 4
    sums = Survey.objects.aggregate(answers=Sum("answer_count"), top=Sum("satisfied_count"))
    assert 94 <= 100 * sums["top"] / sums["answers"] < 100
    assert Survey.objects.filter(status="refused").exists()


def test_the_demo_has_a_justified_appeal_and_one_past_its_deadline(demo):
    # In each institution of the demo; here the first one's.
    appeals = Complaint.objects.filter(institution__staff__user__username="director")
    assert appeals.filter(outcome=Outcome.JUSTIFIED).count() == 1
    overdue = appeals.filter(status="open", due_on__lt=timezone.localdate())
    assert overdue.count() == 1
    assert overdue.get().responsible.role == "director"


def test_the_demo_inspects_every_department(demo):
    inspected = set(Inspection.objects.values_list("department_id", flat=True))
    assert inspected == set(Department.objects.values_list("pk", flat=True))


def test_the_demo_alerts_every_role_and_a_second_run_adds_nothing(demo):
    roles = dict(Alert.objects.values_list("person__role").annotate(n=Count("pk")).order_by())
    # The roles above the institutions (supervisor, installation administrator) read aggregates
    # and the installation's journal; the alerts are of an institution's own work.
    assert set(roles) == set(Role) - INSTALLATION_ROLES
    kinds = set(Alert.objects.values_list("person__role", "kind"))
    assert ("caregiver", AlertKind.SYNC_REJECTED) in kinds
    assert ("accountant", AlertKind.JOB_FAILED) in kinds
    assert ("admin", AlertKind.FAILURES) in kinds
    # Every caregiver, not only the lucky one with a missed visit.
    caregivers = Staff.objects.filter(role=Role.CAREGIVER)
    assert caregivers and all(Alert.objects.filter(person=c).exists() for c in caregivers)
    call_command("generate_alerts", stdout=open("/dev/null", "w"))
    assert (
        dict(Alert.objects.values_list("person__role").annotate(n=Count("pk")).order_by()) == roles
    )
