import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zabota.absences.services import absence_create, covers_confirm
from zabota.delivery.entitlements import in_pieces
from zabota.field.selectors import plan_for
from zabota.organisation.access import recipient_scope
from zabota.programs.models import ProgramService
from zabota.recipients.models import Recipient
from zabota.rota.models import RotaMove
from zabota.rota.selectors import DAY_OFF, NO_TIME, NO_WORKER
from zabota.rota.services import rota_move
from zabota.rota.tests.conftest import (
    DAYS,
    MONDAY,
    assert_the_tablets_follow_the_rota,
    rota_of,
    row_of,
)
from zabota.rules import rota as rules
from zabota.rules.schedule import parse_weekdays, per_visit
from zabota.testing import make_recipient, make_staff

# Every test runs on Monday 16.11.2026, 08:00 UTC (the `world` fixture travels there).
pytestmark = pytest.mark.django_db


def minutes_by_day(row) -> list[int]:
    return [cell.minutes for cell in row.cells]


@pytest.mark.parametrize(
    ("who", "by_day", "week"),
    [
        # Mon: 3 purchases (120); Thu: 3 purchases (120) + 30 m² of floor (60).
        ("worker1", [120, 0, 0, 180, 0, 0, 0], 300),
        # Washing: the care plan's twice on Mon and once on Wed, the ИППСУ's Tue and Fri; the
        # care plan's blood pressure, monthly, in calculation week 3: Mon (10) — the care
        # plan's services are the caregiver's.
        ("caregiver1", [70, 30, 30, 0, 30, 0, 0], 160),
        # No caregiver: the social worker washes too (ИППСУ only).
        ("worker2", [120, 30, 0, 180, 30, 0, 0], 360),
    ],
)
def test_the_rotas_minutes_are_the_ippsu_and_care_plan_volumes(world, who, by_day, week):
    row = row_of(rota_of(world), getattr(world.personas, who))

    assert minutes_by_day(row) == by_day
    assert row.minutes == week
    assert row.capacity == 40 * 60


def test_the_departments_minutes_equal_the_ippsu_lines_counted_apart(world):
    """The ИППСУ part of the week, counted straight from the program lines: volume spread over
    the month's visit days, times the norm, on each of the line's weekdays of the week; plus
    the care plan's 60 + 30 + 10 min (its washing replaces none of the ИППСУ's days)."""
    department = world.personas.department1
    expected = 0
    lines = ProgramService.objects.filter(program__recipient__department=department).select_related(
        "service"
    )
    for line in lines:
        weekdays = parse_weekdays(line.weekdays)
        quantity = per_visit(
            line.quantity_per_month, weekdays, MONDAY, whole=in_pieces(line.service)
        )
        days = [d for d in DAYS if rules.works_on(weekdays, d)]
        expected += rules.visit_minutes([(quantity, line.service.time_norm_minutes)]) * len(days)
    care_plan = 60 + 30 + 10

    assert rota_of(world).minutes == expected + care_plan


def test_the_load_is_read_against_the_staff_cards_hours(world, settings):
    settings.ZABOTA_ROTA_UNDERLOAD_PERCENT = 80
    worker2 = world.personas.worker2
    worker2.hours_per_week = 5
    worker2.save()

    row = row_of(rota_of(world), worker2)

    assert (row.capacity, row.percent, row.state) == (300, 120, rules.OVER)
    assert row_of(rota_of(world), world.personas.worker1).state == rules.UNDER


def test_recipients_over_the_norm_show_as_an_overload(world, settings):
    settings.ZABOTA_ROTA_RECIPIENTS_PER_WORKER = 1
    personas = world.personas
    make_recipient(personas.institution, personas.department1, social_worker=personas.worker1)

    rota = rota_of(world)

    assert row_of(rota, personas.worker1).recipients == 2
    assert row_of(rota, personas.worker1).recipients_state == rules.OVER
    assert row_of(rota, personas.worker2).recipients_state == rules.NORMAL


def test_visits_that_cannot_be_placed_are_listed(world):
    personas = world.personas
    worker2 = personas.worker2
    worker2.working_days = "mon,tue,wed,fri"  # not Thursday
    worker2.hours_per_week = 1  # 12 minutes a day
    worker2.save()
    orphan = personas.recipient_of_worker2
    orphan.social_worker = None
    orphan.save()
    unplaced = {(u.visit.recipient.pk, u.visit.day, u.reason) for u in rota_of(world).unplaced}

    assert (orphan.pk, MONDAY, NO_WORKER) in unplaced

    orphan.social_worker = worker2
    orphan.save()
    unplaced = {(u.visit.day, u.reason) for u in rota_of(world).unplaced}

    assert (MONDAY, NO_TIME) in unplaced
    assert (MONDAY + datetime.timedelta(days=3), DAY_OFF) in unplaced


def move(world, visit_worker, planned_on, new_worker, new_on, expected=None, recipient=None):
    personas = world.personas
    return rota_move(
        actor=personas.head1,
        recipient=recipient or personas.recipient_of_worker1,
        planned_worker=visit_worker,
        planned_on=planned_on,
        new_worker=new_worker,
        new_on=new_on,
        expected_move=expected,
    )


def test_the_tablets_follow_the_computed_week(world):
    assert_the_tablets_follow_the_rota(world)


def test_a_visit_moved_to_another_day_leaves_the_old_day_on_the_rota_and_the_tablet(world):
    worker1 = world.personas.worker1
    tuesday = MONDAY + datetime.timedelta(days=1)
    person = world.personas.recipient_of_worker1

    move(world, worker1, MONDAY, worker1, tuesday)

    row = row_of(rota_of(world), worker1)
    assert minutes_by_day(row)[:2] == [0, 120]
    assert row.minutes == 300  # moved, not lost or doubled
    plans = plan_for(worker1, MONDAY, 7)
    assert person.pk not in [v.recipient_id for v in plans[0].visits]
    assert person.pk in [v.recipient_id for v in plans[1].visits]
    assert_the_tablets_follow_the_rota(world)


def test_a_visit_moved_to_another_worker_appears_on_their_tablet_only(world):
    personas = world.personas
    person = personas.recipient_of_worker1

    moved = move(world, personas.worker1, MONDAY, personas.worker2, MONDAY)

    rota = rota_of(world)
    assert minutes_by_day(row_of(rota, personas.worker1))[0] == 0
    assert minutes_by_day(row_of(rota, personas.worker2))[0] == 240
    assert [v.move for v in row_of(rota, personas.worker2).cells[0].visits if v.move] == [moved]
    assert person.pk in [v.recipient_id for v in plan_for(personas.worker2, MONDAY)[0].visits]
    assert person.pk not in [v.recipient_id for v in plan_for(personas.worker1, MONDAY)[0].visits]
    assert_the_tablets_follow_the_rota(world)


def test_a_move_onto_a_day_the_recipient_is_visited_adds_the_services(world):
    worker1 = world.personas.worker1
    thursday = MONDAY + datetime.timedelta(days=3)

    move(world, worker1, MONDAY, worker1, thursday)

    assert minutes_by_day(row_of(rota_of(world), worker1))[3] == 300
    day = plan_for(worker1, thursday)[0]
    shopping = [s for v in day.visits for s in v.services if s.service_id == world.shopping.pk]
    assert [s.quantity for s in shopping] == [6]
    assert_the_tablets_follow_the_rota(world)


def test_moving_back_to_the_plan_undoes_the_move(world):
    worker1 = world.personas.worker1
    moved = move(world, worker1, MONDAY, worker1, MONDAY + datetime.timedelta(days=2))

    assert move(world, worker1, MONDAY, worker1, MONDAY, expected=moved.pk) is None

    moved.refresh_from_db()
    assert moved.cancelled_at is not None
    assert minutes_by_day(row_of(rota_of(world), worker1))[0] == 120
    assert_the_tablets_follow_the_rota(world)


def test_a_moved_visit_moved_again_keeps_its_planned_day(world):
    worker1 = world.personas.worker1
    first = move(world, worker1, MONDAY, worker1, MONDAY + datetime.timedelta(days=1))

    second = move(
        world, worker1, MONDAY, worker1, MONDAY + datetime.timedelta(days=2), expected=first.pk
    )

    assert (second.planned_on, second.new_on.day) == (MONDAY, 18)
    assert RotaMove.objects.filter(cancelled_at__isnull=True).count() == 1
    assert_the_tablets_follow_the_rota(world)


@pytest.mark.parametrize("day", [5, 6])  # Saturday, Sunday
def test_a_move_to_a_weekend_is_refused_in_russian_and_nothing_changes(world, day):
    worker1 = world.personas.worker1

    with pytest.raises(ValidationError, match="выходной день работника"):
        move(world, worker1, MONDAY, worker1, MONDAY + datetime.timedelta(days=day))

    assert not RotaMove.objects.exists()


def test_a_move_to_a_day_the_worker_does_not_work_is_refused(world):
    personas = world.personas
    personas.worker2.working_days = "mon,tue"
    personas.worker2.save()

    with pytest.raises(ValidationError, match="выходной день работника"):
        move(world, personas.worker1, MONDAY, personas.worker2, MONDAY + datetime.timedelta(2))

    assert not RotaMove.objects.exists()


def test_a_second_click_of_the_same_move_is_refused_not_doubled(world):
    worker1 = world.personas.worker1
    tuesday = MONDAY + datetime.timedelta(days=1)
    move(world, worker1, MONDAY, worker1, tuesday)

    with pytest.raises(ValidationError, match="График изменился"):
        move(world, worker1, MONDAY, worker1, tuesday)

    assert RotaMove.objects.count() == 1


def test_a_move_outside_the_week_or_of_a_visit_the_plan_has_not_is_refused(world):
    worker1 = world.personas.worker1

    with pytest.raises(ValidationError, match="пределах своей недели"):
        move(world, worker1, MONDAY, worker1, MONDAY + datetime.timedelta(days=7))
    with pytest.raises(ValidationError, match="Такого посещения в графике нет"):
        move(world, worker1, MONDAY + datetime.timedelta(days=2), worker1, MONDAY)
    assert not RotaMove.objects.exists()


def test_a_worker_of_another_department_or_institution_is_refused(world):
    personas = world.personas
    outsider = make_staff(
        personas.outsider_recipient.institution,
        "social_worker",
        "outsider_worker",
        personas.outsider_recipient.department,
    )
    for worker in (personas.worker_other_department, outsider, personas.head1):
        with pytest.raises(ValidationError, match="отделения получателя"):
            move(world, personas.worker1, MONDAY, worker, MONDAY)
    assert not RotaMove.objects.exists()


def test_the_worker_a_visit_is_moved_to_may_record_it_on_that_day_only(world):
    """The rota's move widens the tablet's scope for the day of the visit (organisation.access's
    covered recipients), as a substitute's cover does."""
    personas = world.personas
    person = personas.recipient_of_worker1
    tuesday = MONDAY + datetime.timedelta(days=1)
    move(world, personas.worker1, MONDAY, personas.worker2, tuesday)

    def seen_on(day) -> bool:
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(9)), tick=False):
            return Recipient.objects.filter(
                recipient_scope(personas.worker2), pk=person.pk
            ).exists()

    assert [seen_on(MONDAY), seen_on(tuesday), seen_on(tuesday + datetime.timedelta(days=1))] == [
        False,
        True,
        False,
    ]


def test_an_absent_workers_visits_go_to_the_substitute_or_cannot_be_placed(world):
    """Cover (zabota.absences) and the rota agree: on the days of an absence the covered
    recipient's visits stand in the substitute's row, the others among those not placed, and
    every tablet still shows what the rota shows."""
    personas = world.personas
    absence = absence_create(
        actor=personas.head1,
        worker=personas.worker1,
        kind="sick",
        starts_on=MONDAY,
        ends_on=MONDAY,
    )
    before = minutes_by_day(row_of(rota_of(world), personas.worker2))[0]
    rota = rota_of(world)
    assert minutes_by_day(row_of(rota, personas.worker1))[0] == 0
    unplaced = {(u.visit.recipient.pk, u.visit.day, u.reason) for u in rota.unplaced}
    assert (personas.recipient_of_worker1.pk, MONDAY, NO_WORKER) in unplaced
    assert_the_tablets_follow_the_rota(world)

    covers_confirm(
        actor=personas.head1,
        absence=absence,
        chosen={personas.recipient_of_worker1.pk: personas.worker2.pk},
    )
    rota = rota_of(world)
    assert minutes_by_day(row_of(rota, personas.worker1))[0] == 0
    assert minutes_by_day(row_of(rota, personas.worker2))[0] == before + 120
    assert_the_tablets_follow_the_rota(world)
