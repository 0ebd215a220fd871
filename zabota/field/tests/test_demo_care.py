"""On the demo, every approved care plan can be worked: each of its services is recorded on the
tablet by the person who serves the recipient, free (issue 14: all 47 demo plans held
services the sync refused as «нет в ИППСУ»)."""

import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from zabota.delivery.models import Basis, ServiceRecord
from zabota.field.services import TabletRecord, tablet_records_sync
from zabota.ltc.models import CarePlan, CarePlanStatus
from zabota.testing import demo_rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back after it (as test_demo.py)."""
    with demo_rolled_back(django_db_blocker):
        yield


def test_every_service_of_every_approved_demo_care_plan_is_recorded_free(demo):
    today = timezone.localdate()
    plans = CarePlan.objects.filter(status=CarePlanStatus.APPROVED).select_related("recipient")
    assert plans.count() > 20
    refused = []
    for plan in plans:
        person = plan.recipient
        worker = person.caregiver or person.social_worker
        records = [
            TabletRecord(
                uuid=uuid.uuid4(),
                recipient_id=person.pk,
                service_id=line.service_id,
                date=today,
                quantity=Decimal(1),
            )
            for line in plan.services.all()
        ]
        result = tablet_records_sync(actor=worker, records=records)
        refused += result.rejected
        stored = ServiceRecord.objects.filter(uuid__in=[r.uuid for r in records])
        assert stored.filter(basis=Basis.CARE_PLAN, amount=0).count() == len(records)
    assert refused == []


def test_the_demo_log_holds_the_care_plans_services_free(demo):
    care = ServiceRecord.objects.filter(basis=Basis.CARE_PLAN)
    assert care.exists()
    assert not care.exclude(amount=0).exists()
