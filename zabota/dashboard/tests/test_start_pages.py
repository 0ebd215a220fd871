"""Every role lands on its own start page, with only what it may see."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine

from zabota.delivery.services import service_log

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)  # a Tuesday


def headings(response) -> list[str]:
    return re.findall(r"<h2>(.*?)</h2>", response.content.decode())


EXPECTED = {
    "worker1": {"Посещения на сегодня, 24 ноября, вторник", "Мой месяц: план и факт за ноябрь"},
    "caregiver1": {"Посещения на сегодня, 24 ноября, вторник", "Мой месяц: план и факт за ноябрь"},
    "head1": {
        "Оформление на обслуживание",
        "Требует внимания",
        "Сроки документов",
        "Повторные оценки нуждаемости",
        "План и факт по сотрудникам за ноябрь",
        "Качество обслуживания",
        "Маршруты",  # the personas' homes have no coordinates (zabota.field.panels)
    },
    "director": {
        "Оформление на обслуживание",
        "Требует внимания",
        "Сроки документов",
        "Повторные оценки нуждаемости",
        "План и факт по сотрудникам за ноябрь",
        "Качество обслуживания",
        "Обзор учреждения",
        "Маршруты",
    },
    "accountant": {"Плата и акты"},
    "admin": {"Администрирование"},
}


@time_machine.travel(TODAY)
@pytest.mark.parametrize(("persona", "blocks"), EXPECTED.items())
def test_each_role_lands_on_its_working_place(personas, catalog, persona, blocks):
    response = personas.client_for(getattr(personas, persona)).get("/")
    assert response.status_code == 200
    assert set(headings(response)) == blocks


@time_machine.travel(TODAY)
def test_a_worker_sees_todays_visits_of_their_own_recipients_only(personas, catalog):
    # Shopping is planned on Mondays and Thursdays, cleaning on Thursdays: nothing on Tuesday;
    # an extra service recorded today shows the visit anyway.
    service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=catalog.shopping,
        performed_on=TODAY,
        quantity=Decimal(1),
    )
    page = personas.client_for(personas.worker1).get("/").content.decode()
    assert "Иванова Мария Петровна" in page
    assert "Сидоров" not in page and "Кузнецова" not in page
    # The month in hours by the norms: 40 min done of 8 × 40 min + 120 m² × 2 min planned.
    assert "Оказано 0,7 ч из 9,3 ч по программам" in page
    with time_machine.travel(datetime.date(2026, 11, 26)):
        page = personas.client_for(personas.worker2).get("/").content.decode()
    assert "Сидоров Пётр Ильич" in page and "Мытьё пола" in page


@time_machine.travel(TODAY)
def test_the_head_sees_plan_and_fact_per_worker_of_the_department(personas, catalog):
    service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=catalog.shopping,
        performed_on=datetime.date(2026, 11, 2),
        quantity=Decimal(3),
    )
    widgets = dict(personas.client_for(personas.head1).get("/").context["widgets"])
    rows = {row["worker"]: row for row in widgets["dashboard/blocks/workers.html"]["rows"]}
    assert set(rows) == {personas.worker1, personas.worker2, personas.caregiver1}
    # Hours by the norms: 3 purchases × 40 min done; 8 × 40 min + 120 m² × 2 min planned.
    assert rows[personas.worker1]["done"] == Decimal("2.0")
    assert rows[personas.worker1]["planned"] == Decimal("9.3")


@time_machine.travel(TODAY)
def test_the_start_pages_take_a_fixed_number_of_queries(
    personas, catalog, django_assert_max_num_queries
):
    for persona, limit in [
        ("worker1", 25),
        ("head1", 30),
        ("director", 40),
        ("accountant", 20),
        ("admin", 15),
    ]:
        client = personas.client_for(getattr(personas, persona))
        with django_assert_max_num_queries(limit):
            assert client.get("/").status_code == 200
