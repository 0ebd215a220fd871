"""On the demo, every worker-day of this week in route order is never longer than in the plan's
given order (issue 22: the done-when of routes), and the demo gives the head addresses to fix."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from zabota.field.route_savings import institution_week
from zabota.organisation.models import Institution
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.testing import demo_rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back after it (as test_demo.py)."""
    with demo_rolled_back(django_db_blocker):
        yield Institution.objects.order_by("pk").first()


def test_no_demo_worker_day_is_longer_in_route_order_than_in_the_plans_order(demo):
    today = timezone.localdate()
    days = institution_week(demo.pk, today - datetime.timedelta(days=today.weekday()))
    assert len(days) > 30
    assert [d for d in days if d.ordered_m > d.naive_m] == []
    assert sum(d.ordered_m for d in days) < 0.8 * sum(d.naive_m for d in days)


def test_the_demo_leaves_a_few_active_addresses_without_coordinates(demo):
    unplaced = Recipient.objects.filter(
        institution=demo, status=RecipientStatus.ACTIVE, latitude__isnull=True
    )
    assert unplaced.count() == 3
    assert demo.departments.exclude(latitude__isnull=True).count() == demo.departments.count()


def test_the_command_prints_the_weeks_saving_and_no_longer_day(demo):
    out = io.StringIO()
    call_command("route_savings", institution=demo.pk, stdout=out)
    text = out.getvalue()
    assert "в порядке плана:" in text and "по маршруту:" in text
    assert text.rstrip().endswith("дней, где маршрут длиннее плана: 0")
