"""Hostile input to the care plan of the 50 care services (issue 23): another institution's
service, a service that is not a care service, garbage numbers. A Russian message, never a 500,
nothing saved."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from zabota.catalog.models import Service, ServiceType
from zabota.catalog.services import care_services_load
from zabota.ltc import services
from zabota.ltc.models import CarePlanService
from zabota.ltc.selectors import care_services_of
from zabota.ltc.services.careplans import PlanLine
from zabota.ltc.tests.conftest import assess, json_file, small_methodology

pytestmark = pytest.mark.django_db
EVERY_DAY = (1, 1, 1, 1, 1, 1, 1)


@pytest.fixture
def world(personas):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, 0), tick=False):
        yield _world(personas)


def _world(personas):
    services.methodology_upload(
        actor=personas.admin,
        file=json_file(small_methodology()),
        effective_from=datetime.date(2025, 1, 1),
    )
    care_services_load(actor=personas.director, institution=personas.institution)
    outsider = personas.outsider_director
    care_services_load(actor=outsider, institution=outsider.institution)
    assessment = assess(personas.head1, personas.recipient_of_worker1, {"walk": "c", "eat": "c"})
    plan = services.care_plan_create(actor=personas.head1, assessment=assessment)
    ours = {s.care_number: s for s in care_services_of(personas.institution)}
    theirs = {s.care_number: s for s in care_services_of(outsider.institution)}
    return plan, ours, theirs


def test_another_institutions_care_service_is_refused_by_the_service(personas, world):
    plan, _ours, theirs = world
    with pytest.raises(ValidationError, match="не услуга по уходу каталога учреждения"):
        services.care_plan_save(
            actor=personas.head1, plan=plan, lines=[PlanLine(theirs[5], "weekly", EVERY_DAY)]
        )
    assert not CarePlanService.objects.exists()


def test_another_institutions_service_id_in_the_editor_is_ignored(personas, world):
    plan, ours, theirs = world
    foreign = theirs[5].pk
    data = {"starts_on": "10.03.2026", "action": "save", f"place_{foreign}": "plan"}
    data |= {f"periodicity_{foreign}": "weekly", f"day_{foreign}_0": "3"}
    data |= {f"place_{ours[8].pk}": "plan", f"day_{ours[8].pk}_0": "1"}
    response = personas.client_for(personas.head1).post(
        reverse("ltc:care_plan_edit", args=[plan.pk]), data
    )
    assert response.status_code == 302
    assert list(CarePlanService.objects.values_list("service_id", flat=True)) == [ours[8].pk]


def test_a_service_that_is_not_a_care_service_is_refused(personas, world):
    plan, _ours, _theirs = world
    shopping = Service.objects.create(
        institution=personas.institution,
        service_type=ServiceType.objects.get(code=1),
        code="1.01",
        name="Покупка продуктов",
        time_norm_minutes=30,
    )
    with pytest.raises(ValidationError, match="«Покупка продуктов» не услуга по уходу"):
        services.care_plan_save(
            actor=personas.head1, plan=plan, lines=[PlanLine(shopping, "weekly", EVERY_DAY)]
        )
    assert not CarePlanService.objects.exists()


def test_a_care_service_not_among_the_fifty_does_not_stand_in_a_slot(personas, world):
    plan, ours, _theirs = world
    own = Service.objects.create(
        institution=personas.institution,
        service_type=ServiceType.objects.get(code=1),
        code="7.1",
        name="Помощь при приеме пищи (своя)",
        time_norm_minutes=20,
        is_care=True,
        periodicity_hint="1 раз в день",
    )
    services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[PlanLine(ours[5], "weekly", EVERY_DAY), PlanLine(own, "weekly", EVERY_DAY)],
    )
    assert CarePlanService.objects.count() == 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Пн: Выберите корректный вариант"),
        ("99", "Пн: Выберите корректный вариант"),
        ("-1", "Пн: Выберите корректный вариант"),
        ("1e9", "Пн: Выберите корректный вариант"),
        ("3.5", "Пн: Выберите корректный вариант"),
        ("٣", "Пн: Выберите корректный вариант"),
        ("9" * 400, "Пн: Выберите корректный вариант"),
        ("", "Отметьте дни недели"),
    ],
)
def test_garbage_times_a_day_get_a_russian_message(personas, world, value, message):
    plan, ours, _theirs = world
    feeding = ours[5].pk
    data = {"starts_on": "10.03.2026", "action": "save", f"place_{feeding}": "plan"}
    data |= {f"periodicity_{feeding}": "weekly", f"day_{feeding}_0": value}
    response = personas.client_for(personas.head1).post(
        reverse("ltc:care_plan_edit", args=[plan.pk]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CarePlanService.objects.exists()


@pytest.mark.parametrize("value", ["yearly", "0", "<script>", "weekly" * 100])
def test_a_garbage_periodicity_gets_a_russian_message(personas, world, value):
    plan, ours, _theirs = world
    feeding = ours[5].pk
    data = {"starts_on": "10.03.2026", "action": "save", f"place_{feeding}": "plan"}
    data |= {f"periodicity_{feeding}": value, f"day_{feeding}_0": "1"}
    response = personas.client_for(personas.head1).post(
        reverse("ltc:care_plan_edit", args=[plan.pk]), data
    )
    assert response.status_code == 200
    assert "Периодичность: Выберите корректный вариант" in response.content.decode()
    assert not CarePlanService.objects.exists()


def test_a_garbage_plan_id_is_a_404_not_a_500(personas, world):
    client = personas.client_for(personas.head1)
    assert client.get(reverse("ltc:care_plan_edit", args=[999999])).status_code == 404
