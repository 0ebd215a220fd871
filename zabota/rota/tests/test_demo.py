"""The demo's rota of department 1: the head's two moves are in it, and every worker's tablet
shows exactly the rota's visits for every day of the demo week."""

import pytest
from django.urls import reverse
from django.utils import timezone

from zabota.field.selectors import plan_for
from zabota.organisation.models import Department, Staff
from zabota.rota.demo import demo_week
from zabota.rota.models import RotaMove
from zabota.rota.selectors import week_rota
from zabota.rota.tests.conftest import cell_contents, tablet_contents
from zabota.testing import demo_rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_rolled_back(django_db_blocker):
        yield


def department1():
    return Department.objects.order_by("institution_id", "number").first()


def test_the_demo_moves_two_visits_of_department_1(demo):
    moves = RotaMove.objects.filter(recipient__department=department1())

    assert moves.count() == 2
    assert {m.created_by.role for m in moves} == {"head"}
    assert any(m.new_on != m.planned_on for m in moves)
    assert any(m.new_worker_id != m.planned_worker_id for m in moves)


def test_the_demo_rota_shows_the_moves_and_the_tablets_follow_it(demo):
    today = timezone.localdate()
    monday = demo_week(today)
    rota = week_rota(department1(), monday, today)

    moved = [v for row in rota.rows for cell in row.cells for v in cell.visits if v.move]
    assert len(moved) == 2
    assert rota.minutes > 0
    for row in rota.rows:
        plans = plan_for(row.worker, monday, 7)
        for cell, day_plan in zip(row.cells, plans, strict=True):
            assert tablet_contents(day_plan) == cell_contents(cell), (
                f"{row.worker.short_name}, {cell.day}"
            )


def test_the_head_of_department_1_opens_the_demo_rota(demo, client):
    head = Staff.objects.get(user__username="head1")
    client.force_login(head.user)

    page = client.get(reverse("rota:week") + f"?week={demo_week(timezone.localdate())}")

    assert page.status_code == 200
    assert "перенесено с" in page.content.decode()
