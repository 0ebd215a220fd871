import datetime
from decimal import Decimal

import pytest
import time_machine

from zabota.delivery.models import Basis
from zabota.field.selectors import catalog_for, field_recipients, plan_for
from zabota.ltc.models import Assessment, CarePlan, CarePlanService, CarePlanStatus, Methodology
from zabota.programs.models import ProgramStatus

PROGRAM, CARE_PLAN = Basis.PROGRAM, Basis.CARE_PLAN
MONDAY = datetime.date(2026, 11, 16)


def care_plan(world, *, times_by_day, status=CarePlanStatus.APPROVED, starts_on=None, ends_on=None):
    personas = world.personas
    methodology = Methodology.objects.create(
        institution=personas.institution, code="m", version="1", title="Пример", data={}
    )
    assessment = Assessment.objects.create(
        recipient=personas.recipient_of_worker1, methodology=methodology, assessor=personas.head1
    )
    plan = CarePlan.objects.create(
        recipient=personas.recipient_of_worker1,
        assessment=assessment,
        status=status,
        hours_per_week=Decimal(14),
        created_by=personas.head1,
        approved_on=datetime.date(2026, 11, 1),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    CarePlanService.objects.create(
        plan=plan, service=world.washing, times_by_day=times_by_day, minutes=30
    )
    CarePlanService.objects.create(
        plan=plan,
        service=world.pressure,
        periodicity="monthly",
        times_by_day=[0] * 7,
        minutes=10,
    )
    return plan


def names(day_plan, recipient_id):
    visit = next(v for v in day_plan.visits if v.recipient_id == recipient_id)
    return {s.name: s for s in visit.services}


def test_the_social_worker_gets_the_program_lines_of_the_weekday(world):
    worker1 = world.personas.worker1
    person = world.personas.recipient_of_worker1

    week = plan_for(worker1, MONDAY, 7)

    assert [d.date for d in week] == [MONDAY + datetime.timedelta(days=n) for n in range(7)]
    assert set(names(week[0], person.pk)) == {"Покупка и доставка продуктов питания"}
    thursday = names(week[3], person.pk)
    assert set(thursday) == {"Покупка и доставка продуктов питания", "Мытьё пола"}
    assert thursday["Мытьё пола"].source == PROGRAM
    assert thursday["Мытьё пола"].quantity == Decimal(30)


def test_care_services_go_to_the_caregiver_not_to_the_social_worker(world):
    caregiver = world.personas.caregiver1
    person = world.personas.recipient_of_worker1

    week = plan_for(caregiver, MONDAY, 7)

    assert [d.date.weekday() for d in week if d.visits] == [1, 4]  # Tuesday, Friday
    assert set(names(week[1], person.pk)) == {"Помощь в мытье (уход)"}
    social = plan_for(world.personas.worker1, MONDAY, 7)
    assert all("Помощь в мытье (уход)" not in names(d, person.pk) for d in social)


def test_without_a_caregiver_the_social_worker_does_the_care_services(world):
    person = world.personas.recipient_of_worker2

    tuesday = plan_for(world.personas.worker2, MONDAY + datetime.timedelta(days=1))[0]

    assert "Помощь в мытье (уход)" in names(tuesday, person.pk)


@time_machine.travel(datetime.datetime(2026, 11, 16, 8, 0, tzinfo=datetime.UTC))
def test_an_approved_care_plan_adds_its_days_and_counts_for_the_caregiver(world):
    care_plan(world, times_by_day=[2, 0, 1, 0, 0, 0, 0])
    person = world.personas.recipient_of_worker1

    week = plan_for(world.personas.caregiver1, MONDAY, 7)

    monday = names(week[0], person.pk)
    assert monday["Помощь в мытье (уход)"].source == CARE_PLAN
    assert monday["Помощь в мытье (уход)"].quantity == 2
    # Tuesday: the program's day; the care plan has none then, so the program line stays.
    assert names(week[1], person.pk)["Помощь в мытье (уход)"].source == PROGRAM
    assert names(week[2], person.pk)["Помощь в мытье (уход)"].quantity == 1
    # A monthly service is due in the third calculation week (days 13–19) until it is done,
    # once: on the first day of that week not before the day the plan is read.
    due = [
        d.date.day
        for d in week
        if any(v.recipient_id == person.pk for v in d.visits)
        and "Измерение артериального давления" in names(d, person.pk)
    ]
    assert due == [16]
    codes = [s.code for s in catalog_for(world.personas.caregiver1, MONDAY).recipients[0].services]
    assert "2.1" in codes


@pytest.mark.parametrize(
    "changes",
    [
        {"status": CarePlanStatus.DRAFT},
        {"starts_on": datetime.date(2026, 12, 1)},
        {"ends_on": datetime.date(2026, 11, 15)},
    ],
)
def test_a_draft_or_out_of_term_care_plan_plans_nothing(world, changes):
    care_plan(world, times_by_day=[2, 0, 1, 0, 0, 0, 0], **changes)

    monday = plan_for(world.personas.caregiver1, MONDAY)[0]

    assert monday.visits == []


def test_a_program_not_in_force_plans_nothing(world):
    program = world.programs[world.personas.recipient_of_worker1.pk]
    program.status = ProgramStatus.DRAFT
    program.save()

    assert plan_for(world.personas.worker1, MONDAY)[0].visits == []


def test_a_discharged_recipient_leaves_the_tablet(world):
    person = world.personas.recipient_of_worker1
    person.status = "discharged"
    person.save()

    assert not field_recipients(world.personas.worker1).exists()
    assert plan_for(world.personas.worker1, MONDAY)[0].visits == []


def test_the_plan_of_a_week_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    care_plan(world, times_by_day=[1, 1, 1, 1, 1, 0, 0])
    with django_assert_max_num_queries(20):
        plan_for(world.personas.caregiver1, MONDAY, 7)
    with django_assert_max_num_queries(20):
        plan_for(world.personas.worker1, MONDAY, 7)
