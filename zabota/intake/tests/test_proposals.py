"""What the intake proposes: the department by the address, the worker by the load, and the
decision on payment from the household step's figures."""

import datetime
from decimal import Decimal

import pytest

from zabota.intake.proposals import (
    decision_from,
    propose_department,
    propose_worker,
    street_of,
)
from zabota.intake.tests.conftest import Walk
from zabota.testing import make_recipient

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 16)


def test_the_street_is_the_address_up_to_the_house():
    assert street_of("г. Кемерово, ул. Весенняя, д. 7, кв. 3") == "г. Кемерово, ул. Весенняя"
    assert street_of("г. Кемерово, пр. Ленина, дом 12") == "г. Кемерово, пр. Ленина"
    assert street_of("Кемерово") == ""


def test_a_head_gets_their_own_department(centre):
    address = "г. Кемерово, ул. Новая, д. 1"
    assert propose_department(centre.head2, address) == centre.department2


def test_the_director_gets_the_department_serving_the_street_or_the_least_busy_one(centre):
    # Department 1 serves two people, department 2 one: with nobody on the street, the 2nd.
    assert propose_department(centre.director, "г. Кемерово, ул. Тихая, д. 1") == (
        centre.department2
    )
    make_recipient(
        centre.institution,
        centre.department1,
        registration_address="г. Кемерово, ул. Луговая, д. 3, кв. 1",
    )
    # A neighbour on the street is served by department 1: the round stays short.
    assert propose_department(centre.director, "г. Кемерово, ул. Луговая, д. 9") == (
        centre.department1
    )


def test_the_worker_with_the_fewest_people_is_proposed(centre):
    # worker1 and worker2 serve one person each in department 1; one more goes to worker1.
    make_recipient(centre.institution, centre.department1, social_worker=centre.worker1)
    assert propose_worker(centre.department1) == centre.worker2
    make_recipient(centre.institution, centre.department1, social_worker=centre.worker2)
    make_recipient(centre.institution, centre.department1, social_worker=centre.worker2)
    assert propose_worker(centre.department1) == centre.worker1


def test_the_decision_is_explained_as_soon_as_the_income_is_known(centre):
    household = {"income": "24350.00", "group": "pensioners"}
    decision = decision_from(centre.institution, household, DAY)
    # ПМ 15 000 × 1,5 = 22 500; 24 350 is above it: a fee of at most half the difference.
    assert decision.threshold == Decimal("22500.00")
    assert not decision.is_free
    assert "не больше 50 % разницы, 925,00 ₽" in decision.text()
    with_family = {**household, "member_last_name": "Смирнов", "member_income": "10000"}
    assert decision_from(centre.institution, with_family, DAY).is_free
    assert decision_from(centre.institution, {"skipped": True}, DAY) is None


def test_the_household_page_computes_the_decision_before_moving_on(centre):
    walk = Walk(centre.client_for(centre.head1))
    response = walk.household(action="compute")
    assert response.status_code == 200
    assert "Среднедушевой доход 24 350,00 ₽" in response.content.decode()
    walk.intake.refresh_from_db()
    assert walk.intake.step == "application"  # nothing kept by the computation
