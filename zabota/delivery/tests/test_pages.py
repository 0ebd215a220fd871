"""The pages of the service log as a worker and a head use them."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from zabota.delivery.models import MonthClosing, ServiceRecord, Visit
from zabota.delivery.services import service_log
from zabota.testing import xlsx_rows

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


def key(service) -> str:
    """The visit form's row of a service: its basis and id."""
    return f"{'additional' if service.is_additional else 'program'}-{service.pk}"


def post_visit(client, recipient, data: dict):
    """Open the visit form, as a person does, and send it with the form's own id."""
    form = client.get(f"/delivery/visit/{recipient.pk}/")
    return client.post(
        f"/delivery/visit/{recipient.pk}/", {"visit_uuid": str(form.context["visit_uuid"])} | data
    )


@time_machine.travel(TODAY)
def test_a_worker_records_a_visit_in_one_form(personas, catalog):
    client = personas.client_for(personas.worker1)
    recipient = personas.recipient_of_worker1
    page = client.get(f"/delivery/visit/{recipient.pk}/")
    assert [row["service"] for row in page.context["program_rows"]] == [
        catalog.shopping,
        catalog.cleaning,
    ]
    text = page.content.decode()
    assert "(план 8 услуг в месяц" in text and "(план 120 м² в месяц" in text
    response = post_visit(
        client,
        recipient,
        {
            "performed_on": "2026-11-24",
            "arrived": "10:00",
            "left": "11:10",
            f"do_{key(catalog.shopping)}": "on",
            f"qty_{key(catalog.shopping)}": "1",
            f"do_{key(catalog.cleaning)}": "on",
            f"qty_{key(catalog.cleaning)}": "32,5",
            f"do_{key(catalog.windows)}": "on",
            f"qty_{key(catalog.windows)}": "1",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    from django.utils import timezone

    assert timezone.localtime(visit.arrived_at).hour == 10 and visit.left_at.minute == 10
    assert sorted((r.service.code, r.quantity) for r in visit.records.all()) == [
        ("1.1", Decimal("1.00")),
        ("1.5", Decimal("32.50")),
        ("Д.1", Decimal("1.00")),
    ]


@time_machine.travel(TODAY)
def test_the_visit_form_shows_the_problem_on_its_line_and_keeps_what_was_typed(personas, catalog):
    client = personas.client_for(personas.worker1)
    recipient = personas.recipient_of_worker1
    for day in range(1, 9):
        service_log(
            actor=personas.worker1,
            recipient=recipient,
            service=catalog.shopping,
            performed_on=datetime.date(2026, 11, day),
            quantity=Decimal(1),
        )
    response = post_visit(
        client,
        recipient,
        {
            "performed_on": "2026-11-24",
            f"do_{key(catalog.shopping)}": "on",
            f"qty_{key(catalog.shopping)}": "1",
            f"do_{key(catalog.cleaning)}": "on",
            f"qty_{key(catalog.cleaning)}": "abc",
        },
    )
    rows = {row["service"]: row for row in response.context["program_rows"]}
    assert rows[catalog.cleaning]["error"] == "Количество — число больше нуля."
    assert rows[catalog.cleaning]["quantity"] == "abc"
    response = post_visit(
        client,
        recipient,
        {
            "performed_on": "2026-11-24",
            f"do_{key(catalog.shopping)}": "on",
            f"qty_{key(catalog.shopping)}": "1",
        },
    )
    rows = {row["service"]: row for row in response.context["program_rows"]}
    assert "Укажите причину превышения" in rows[catalog.shopping]["error"]
    assert ServiceRecord.objects.count() == 8
    response = post_visit(
        client,
        recipient,
        {
            "performed_on": "2026-11-24",
            f"do_{key(catalog.shopping)}": "on",
            f"qty_{key(catalog.shopping)}": "1",
            f"reason_{key(catalog.shopping)}": "Просьба получателя",
        },
    )
    assert response.status_code == 302
    assert ServiceRecord.objects.count() == 9


@time_machine.travel(TODAY)
def test_a_visit_in_the_future_or_with_nothing_ticked_is_refused(personas, catalog):
    client = personas.client_for(personas.worker1)
    recipient = personas.recipient_of_worker1
    response = post_visit(
        client,
        recipient,
        {"performed_on": "2026-11-25", f"do_{key(catalog.shopping)}": "on"},
    )
    assert "будущую дату" in str(response.context["header"].errors)
    response = post_visit(client, recipient, {"performed_on": "2026-11-24"})
    assert "Отметьте хотя бы одну услугу." in response.context["problems"]
    assert not ServiceRecord.objects.exists()


@time_machine.travel(TODAY)
def test_repeat_the_last_visit_ticks_the_same_services(personas, catalog):
    client = personas.client_for(personas.worker1)
    recipient = personas.recipient_of_worker1
    post_visit(
        client,
        recipient,
        {
            "performed_on": "2026-11-20",
            f"do_{key(catalog.cleaning)}": "on",
            f"qty_{key(catalog.cleaning)}": "30",
        },
    )
    rows = {
        r["service"]: r
        for r in client.get(f"/delivery/visit/{recipient.pk}/?repeat=1").context["program_rows"]
    }
    assert rows[catalog.cleaning]["checked"] and rows[catalog.cleaning]["quantity"] == Decimal(
        "30.00"
    )
    assert not rows[catalog.shopping]["checked"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker1", 200),
        ("caregiver1", 200),
        ("head1", 200),
        ("worker2", 404),
        ("head2", 404),
        ("director", 403),
        ("accountant", 403),
    ],
)
def test_who_may_open_the_visit_form_of_a_recipient(personas, catalog, persona, status):
    client = personas.client_for(getattr(personas, persona))
    assert client.get(f"/delivery/visit/{personas.recipient_of_worker1.pk}/").status_code == status


@time_machine.travel(TODAY)
def test_the_log_lists_only_records_in_scope_and_exports_them(
    personas, catalog, django_assert_max_num_queries
):
    for recipient, worker in [
        (personas.recipient_of_worker1, personas.worker1),
        (personas.recipient_of_worker2, personas.worker2),
    ]:
        for day in range(1, 8):
            service_log(
                actor=worker,
                recipient=recipient,
                service=catalog.shopping,
                performed_on=datetime.date(2026, 11, day),
                quantity=Decimal(1),
            )
    client = personas.client_for(personas.worker1)
    client.get("/")
    with django_assert_max_num_queries(10):
        response = client.get("/delivery/?date_from=2026-11-01&date_to=2026-11-30")
    assert {r.recipient for r in response.context["page"].object_list} == {
        personas.recipient_of_worker1
    }
    rows = xlsx_rows(
        client.get("/delivery/?date_from=2026-11-01&date_to=2026-11-30&format=xlsx").content
    )
    assert sum(1 for r in rows if r[1] == "Иванова Мария Петровна") == 7
    head = personas.client_for(personas.head1).get(
        "/delivery/?date_from=2026-11-01&date_to=2026-11-30"
    )
    assert head.context["page"].paginator.count == 14


@time_machine.travel(TODAY)
def test_the_head_closes_and_reopens_a_month_from_the_page(personas, catalog):
    client = personas.client_for(personas.head1)
    page = client.get("/delivery/months/")
    assert [d for d, _states in page.context["grid"]] == [personas.department1]
    client.post(f"/delivery/months/{personas.department1.pk}/close/", {"month": "2026-10"})
    assert MonthClosing.objects.filter(
        month=datetime.date(2026, 10, 1), reopened_at__isnull=True
    ).exists()
    response = client.post(
        f"/delivery/months/{personas.department1.pk}/reopen/", {"month": "2026-10", "reason": ""}
    )
    assert "reason" in response.context["form"].errors
    client.post(
        f"/delivery/months/{personas.department1.pk}/reopen/",
        {"month": "2026-10", "reason": "Исправление"},
    )
    assert not MonthClosing.objects.filter(reopened_at__isnull=True).exists()
    assert (
        client.post(
            f"/delivery/months/{personas.department2.pk}/close/", {"month": "2026-10"}
        ).status_code
        == 404
    )
    client.post(f"/delivery/months/{personas.department1.pk}/close/", {"month": "2026-13"})
    assert MonthClosing.objects.count() == 1


@time_machine.travel(TODAY)
def test_plan_versus_fact_for_a_month(personas, catalog):
    recipient = personas.recipient_of_worker1
    for day in (2, 5, 9):
        service_log(
            actor=personas.worker1,
            recipient=recipient,
            service=catalog.shopping,
            performed_on=datetime.date(2026, 11, day),
            quantity=Decimal(1),
        )
    service_log(
        actor=personas.worker1,
        recipient=recipient,
        service=catalog.windows,
        performed_on=datetime.date(2026, 11, 9),
        quantity=Decimal(1),
    )
    lines = {
        line.code: line
        for line in personas.client_for(personas.head1)
        .get(f"/delivery/plan/{recipient.pk}/?month=2026-11")
        .context["lines"]
    }
    assert (lines["1.1"].planned, lines["1.1"].done, lines["1.1"].percent) == (
        8,
        3,
        Decimal("37.5"),
    )
    assert lines["1.5"].done == 0
    assert lines["Д.1"].percent is None and lines["Д.1"].done == 1
