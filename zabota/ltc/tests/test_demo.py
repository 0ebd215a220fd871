"""The demo holds assessments, some overdue and some due soon, and plans that fit their hours."""

import datetime

import pytest

from zabota.catalog.services import care_services_load
from zabota.core.demo import DemoContext
from zabota.ltc import demo
from zabota.ltc.models import Assessment, AssessmentStatus, CarePlan, CarePlanStatus, Methodology
from zabota.ltc.selectors import planned_services, reassessment_counts
from zabota.ltc.tests.conftest import make_care_service
from zabota.organisation import demo as organisation_demo
from zabota.recipients import demo as recipients_demo
from zabota.rules import careplan

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def ctx():
    ctx = DemoContext(recipients=90, months=1, today=TODAY, log=lambda *_: None)
    organisation_demo.populate(ctx)
    recipients_demo.populate(ctx)
    return ctx


def test_the_demo_assesses_a_third_with_due_and_overdue_reassessments(ctx):
    for code, name, minutes in [("7.1", "Кормление", 30), ("7.2", "Умывание", 15)]:
        make_care_service(ctx.institution, code, name, minutes)
    make_care_service(ctx.institution, "7.3", "Стрижка", 30, periodicity_hint="1 раз в месяц")
    demo.populate(ctx)

    in_force = Methodology.objects.get(institution=ctx.institution, is_active=True)
    assert (in_force.code, in_force.is_example) == ("barthel", True)
    assessed = set(
        Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).values_list(
            "recipient_id", flat=True
        )
    )
    active = len(ctx.extra["recipients"])
    assert len(assessed) == len(ctx.extra["recipients"][:: demo.SHARE_ASSESSED])
    assert active // 4 < len(assessed) <= active // 3 + 1
    counts = reassessment_counts(ctx.staff["director"], TODAY, 30)
    assert counts["overdue"] > 0 and counts["due"] > 0
    assert Assessment.objects.filter(status=AssessmentStatus.DRAFT).count() == 2

    plans = CarePlan.objects.filter(status=CarePlanStatus.APPROVED).prefetch_related("services")
    assert plans.exists()
    for plan in plans:
        assert plan.assessment.needs_care
        month = careplan.layout(
            [
                careplan.PlannedService(
                    str(line.pk),
                    "x",
                    line.minutes,
                    line.periodicity,
                    tuple(line.times_by_day),
                )
                for line in plan.services.all()
            ]
        )
        assert month.weekly_minutes == plan.weekly_minutes
        assert careplan.fits(month, plan.hours_per_week)


def test_without_care_services_the_demo_makes_no_plans(ctx):
    demo.populate(ctx)
    assert Assessment.objects.exists()
    assert not CarePlan.objects.exists()


def test_the_demo_plans_are_built_from_the_fifty_one_service_a_slot(ctx):
    care_services_load(actor=None, institution=ctx.institution)
    demo.populate(ctx)
    plans = CarePlan.objects.filter(status=CarePlanStatus.APPROVED).prefetch_related(
        "services__service"
    )
    assert plans.exists()
    for plan in plans:
        chosen = [line.service for line in plan.services.all()]
        assert all(service.care_number for service in chosen)
        slots = [service.care_slot for service in chosen]
        assert len(slots) == len(set(slots))
        volume = careplan.standard_volume(planned_services(list(plan.services.all())))
        assert careplan.standard_fits(volume, plan.hours_per_week)
