import datetime
import json
import uuid

import pytest
import time_machine
from django.test import Client

from zabota.audit.models import EventKind, SecurityEvent
from zabota.delivery.models import ServiceRecord, Visit

# Wednesday 18.11.2026 (Moscow time).
NOW = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


class Tablet:
    """A device of one person: a client that signs every request with its key."""

    def __init__(self, world, staff):
        self.client = Client()
        self.auth = {"Authorization": f"Bearer {world.token_for(staff)}"}

    def get(self, path):
        return self.client.get(path, headers=self.auth)

    def sync(self, records):
        return self.client.post(
            "/api/v1/field/sync",
            json.dumps({"records": records}),
            content_type="application/json",
            headers=self.auth,
        )


def payload(world, service=None, recipient=None, **fields):
    return {
        "uuid": str(uuid.uuid4()),
        "recipient_id": (recipient or world.personas.recipient_of_worker1).pk,
        "service_id": (service or world.shopping).pk,
        "date": TODAY.isoformat(),
        "quantity": "1",
        "note": "",
        "arrived_at": None,
        "left_at": None,
        "lat": None,
        "lon": None,
    } | fields


def test_the_day_lists_the_workers_visits_with_address_coordinates_and_services(world):
    response = Tablet(world, world.personas.worker1).get("/api/v1/field/visits?date=2026-11-19")

    assert response.status_code == 200
    data = response.json()
    assert data["date"] == "2026-11-19" and data["today"] == "2026-11-18"
    [visit] = data["visits"]
    person = world.personas.recipient_of_worker1
    assert visit["recipient_id"] == person.pk
    assert visit["name"] == "Иванова Мария Петровна"
    assert visit["address"] == person.address
    assert (visit["latitude"], visit["longitude"]) == (55.34, 86.08)
    # Thursday: shopping (every day) and floors (Thursdays); washing is the caregiver's.
    services = {s["name"]: s for s in visit["services"]}
    assert set(services) == {"Покупка и доставка продуктов питания", "Мытьё пола"}
    assert services["Мытьё пола"]["quantity"] == 30.0  # 120 m² over four Thursdays
    assert services["Мытьё пола"]["unit"] == "м²"
    assert services["Мытьё пола"]["month_planned"] == 120.0


def test_the_caregiver_sees_only_the_care_services_of_the_same_recipient(world):
    response = Tablet(world, world.personas.caregiver1).get("/api/v1/field/visits?date=2026-11-20")

    [visit] = response.json()["visits"]
    assert [s["name"] for s in visit["services"]] == ["Помощь в мытье (уход)"]


def test_a_day_without_visits_is_empty_for_the_caregiver(world):
    # Washing is on Tuesdays and Fridays only.
    response = Tablet(world, world.personas.caregiver1).get("/api/v1/field/visits?date=2026-11-19")

    assert response.json()["visits"] == []


def test_the_week_has_seven_days_from_monday_with_the_days_visits(
    world, django_assert_max_num_queries
):
    tablet = Tablet(world, world.personas.worker1)
    with django_assert_max_num_queries(25):
        response = tablet.get("/api/v1/field/week")

    data = response.json()
    assert data["start"] == "2026-11-16"
    assert [d["date"] for d in data["days"]] == [f"2026-11-{n}" for n in range(16, 23)]
    assert all(len(d["visits"]) == 1 for d in data["days"])


def test_what_is_already_recorded_comes_with_the_day(world):
    tablet = Tablet(world, world.personas.worker1)
    sent = payload(world, arrived_at="2026-11-18T09:30:00+03:00")
    tablet.sync([sent])

    [visit] = tablet.get("/api/v1/field/visits").json()["visits"]

    assert visit["recorded"] == [
        {"uuid": sent["uuid"], "service_id": world.shopping.pk, "quantity": 1.0, "note": ""}
    ]
    assert visit["arrived_at"].startswith("2026-11-18T")


def test_the_catalog_lists_program_lines_and_additional_paid_services(world):
    data = Tablet(world, world.personas.worker1).get("/api/v1/field/catalog").json()

    [person] = data["recipients"]
    assert person["recipient_id"] == world.personas.recipient_of_worker1.pk
    assert [s["code"] for s in person["services"]] == ["1.1", "1.5", "1.9"]
    assert [s["name"] for s in data["additional_services"]] == ["Мытьё окон (платная)"]


def test_a_batch_sent_twice_and_in_reverse_order_stores_nothing_twice_and_loses_nothing(world):
    tablet = Tablet(world, world.personas.worker1)
    batches = [
        [
            payload(world, arrived_at="2026-11-18T09:00:00+03:00"),
            payload(world, service=world.windows),
        ],
        [
            payload(
                world, service=world.cleaning, quantity="20", left_at="2026-11-18T10:30:00+03:00"
            )
        ],
        [payload(world, date="2026-11-17"), payload(world, date="2026-11-16", note="хлеб, молоко")],
    ]
    answers = []
    for batch in batches + [list(reversed(b)) for b in reversed(batches)]:
        response = tablet.sync(batch)
        assert response.status_code == 200
        answers.append(response.json())

    sent = {r["uuid"] for b in batches for r in b}
    assert all(a["rejected"] == [] for a in answers)
    assert {u for a in answers for u in a["accepted"]} == sent
    stored = ServiceRecord.objects.filter(recipient=world.personas.recipient_of_worker1)
    assert {str(u) for u in stored.values_list("uuid", flat=True)} == sent
    assert stored.count() == len(sent) == 5
    visits = Visit.objects.filter(recipient=world.personas.recipient_of_worker1)
    assert sorted(v.visited_on.day for v in visits) == [16, 17, 18]
    today = visits.get(visited_on=TODAY)
    assert today.records.count() == 3 and today.left_at is not None


def test_a_worker_cannot_read_another_workers_recipient(world):
    tablet = Tablet(world, world.personas.worker1)

    own = tablet.get(f"/api/v1/field/recipients/{world.personas.recipient_of_worker1.pk}")
    other = tablet.get(f"/api/v1/field/recipients/{world.personas.recipient_of_worker2.pk}")
    outsider = tablet.get(f"/api/v1/field/recipients/{world.personas.outsider_recipient.pk}")

    assert own.status_code == 200 and own.json()["plan_fact"]
    assert other.status_code == 404 and other.json() == {"detail": "Получатель не найден."}
    assert outsider.status_code == 404
    lists = [tablet.get("/api/v1/field/week").json(), tablet.get("/api/v1/field/catalog").json()]
    assert "Сидоров" not in json.dumps(lists, ensure_ascii=False)


def test_a_worker_cannot_write_for_another_workers_recipient(world):
    sent = payload(world, recipient=world.personas.recipient_of_worker2)

    response = Tablet(world, world.personas.worker1).sync([sent])

    assert response.json()["rejected"] == [
        {"uuid": sent["uuid"], "reason": "Получатель не закреплён за вами."}
    ]
    assert not ServiceRecord.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/field/visits",
        "/api/v1/field/week",
        "/api/v1/field/catalog",
        "/api/v1/field/recipients/1",
    ],
)
def test_an_accountants_key_gets_403_on_field_endpoints(world, path):
    response = Tablet(world, world.personas.accountant).get(path)

    assert response.status_code == 403
    assert response.json() == {"detail": "Эта функция недоступна для вашей роли."}
    assert SecurityEvent.objects.filter(kind=EventKind.ACCESS_DENIED, success=False).exists()


def test_an_accountant_cannot_sync(world):
    response = Tablet(world, world.personas.accountant).sync([payload(world)])

    assert response.status_code == 403
    assert not ServiceRecord.objects.exists()


def test_a_revoked_key_cannot_sync_and_nothing_is_stored(world):
    tablet = Tablet(world, world.personas.worker1)
    world.revoke_all(world.personas.worker1)

    response = tablet.sync([payload(world)])

    assert response.status_code == 401
    assert not ServiceRecord.objects.exists()


def test_the_head_has_no_plan_on_the_tablet_but_may_sync_for_the_department(world):
    tablet = Tablet(world, world.personas.head1)
    sent = payload(world, recipient=world.personas.recipient_of_worker2)

    assert tablet.get("/api/v1/field/visits").json()["visits"] == []
    response = tablet.sync([sent])

    assert response.json()["accepted"] == [sent["uuid"]]
    assert ServiceRecord.objects.get().worker == world.personas.worker2


def test_a_plan_far_from_today_is_refused_with_a_message(world):
    response = Tablet(world, world.personas.worker1).get("/api/v1/field/week?start=9999-12-31")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Дата слишком далека от сегодняшней")


def test_an_over_volume_record_from_the_tablet_is_flagged_in_the_answer(world):
    sent = payload(world, service=world.cleaning, quantity="150")

    data = Tablet(world, world.personas.worker1).sync([sent]).json()

    assert data["accepted"] == [sent["uuid"]]
    assert data["flagged"] == [{"uuid": sent["uuid"], "reason": "сверх объёма ИППСУ (с планшета)"}]
