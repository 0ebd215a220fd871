"""Where the care chain's parts meet (issue 14): the care plan is a basis of the service log like
the ИППСУ, records are made exactly once, visits stay apart, and only one's own open records
change."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils import timezone

from zabota.audit.models import EventKind, SecurityEvent
from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.delivery.models import Basis, MonthlyTotal, ServiceRecord, Visit
from zabota.delivery.services import month_close, service_log, service_record_cancel
from zabota.field.selectors import catalog_for, plan_for
from zabota.field.services import TabletRecord, tablet_records_sync
from zabota.field.tests.factories import approved_care_plan

# Wednesday 18.11.2026, midday (the project's zone is Moscow).
NOW = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
TODAY = NOW.date()
EVERY_DAY = (1, 1, 1, 1, 1, 1, 1)
WEDNESDAY = (0, 0, 1, 0, 0, 0, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def feeding(world) -> Service:
    """A care service of the care plan that is not in the ИППСУ (the demo's bug)."""
    service = Service.objects.create(
        institution=world.personas.institution,
        service_type=ServiceType.objects.get(code=1),
        code="1.05",
        name="Помощь в приёме пищи (кормление)",
        time_norm_minutes=30,
        is_care=True,
        periodicity_hint="До 3 раз в день",
    )
    Tariff.objects.create(
        service=service, effective_from=datetime.date(2025, 1, 1), price=Decimal("76.87")
    )
    return service


@pytest.fixture
def plan(world, feeding):
    return approved_care_plan(
        world,
        world.personas.recipient_of_worker1,
        [(feeding, "weekly", EVERY_DAY), (world.washing, "weekly", WEDNESDAY)],
    )


def at(hour: int, minute: int = 0, day: datetime.date = TODAY) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def tablet(world, service, **fields) -> TabletRecord:
    values = {
        "uuid": uuid.uuid4(),
        "recipient_id": world.personas.recipient_of_worker1.pk,
        "service_id": service.pk,
        "date": TODAY,
        "quantity": Decimal(1),
    }
    return TabletRecord(**(values | fields))


# --- 1. the care plan's services are recorded, free --------------------------------------


def test_a_care_service_outside_the_ippsu_is_recorded_free_from_the_tablet(world, plan, feeding):
    sent = tablet(world, feeding)

    result = tablet_records_sync(actor=world.personas.caregiver1, records=[sent])

    assert result.rejected == [] and result.accepted == [sent.uuid]
    stored = ServiceRecord.objects.get(uuid=sent.uuid)
    assert (stored.basis, stored.price, stored.amount) == (Basis.CARE_PLAN, 0, 0)
    assert stored.norm_minutes == 30  # the worker's time still counts


def test_the_tablet_shows_the_care_plan_services_as_free(world, plan, feeding):
    caregiver = world.personas.caregiver1
    person = world.personas.recipient_of_worker1

    today = plan_for(caregiver, TODAY)[0]
    services = {s.name: s for v in today.visits if v.recipient_id == person.pk for s in v.services}
    catalog = catalog_for(caregiver, TODAY).recipients[0].services

    assert services[feeding.name].free and services[feeding.name].source == Basis.CARE_PLAN
    assert {s.name: s.free for s in catalog}[feeding.name] is True


def test_the_web_visit_form_lists_the_care_plan_and_records_it_free(world, plan, feeding):
    client = world.personas.client_for(world.personas.head1)
    person = world.personas.recipient_of_worker1
    form = client.get(f"/delivery/visit/{person.pk}/")
    assert [row["service"] for row in form.context["care_rows"]] == [feeding, world.washing]

    response = client.post(
        f"/delivery/visit/{person.pk}/",
        {
            "visit_uuid": str(form.context["visit_uuid"]),
            "performed_on": TODAY.isoformat(),
            "worker": world.personas.caregiver1.pk,
            f"do_care_plan-{feeding.pk}": "on",
            f"qty_care_plan-{feeding.pk}": "2",
        },
    )

    assert response.status_code == 302
    stored = ServiceRecord.objects.get()
    assert (stored.basis, stored.quantity, stored.amount) == (Basis.CARE_PLAN, 2, 0)


def test_a_service_in_both_rests_on_the_free_plan_until_its_month_is_used(world, plan):
    # Washing: 8 a month in the ИППСУ and on Wednesdays in the care plan (5 in its month).
    caregiver = world.personas.caregiver1
    person = world.personas.recipient_of_worker1
    for day in range(1, 7):
        service_log(
            actor=caregiver,
            recipient=person,
            service=world.washing,
            performed_on=datetime.date(2026, 11, day),
            quantity=Decimal(1),
        )

    bases = list(ServiceRecord.objects.order_by("performed_on").values_list("basis", "amount"))

    assert bases == [(Basis.CARE_PLAN, 0)] * 5 + [(Basis.PROGRAM, Decimal("120.00"))]


def test_a_basis_the_recipient_does_not_have_is_refused_with_the_reason(world, plan, feeding):
    sent = tablet(world, feeding, basis=Basis.PROGRAM)

    result = tablet_records_sync(actor=world.personas.caregiver1, records=[sent])

    assert result.accepted == []
    assert "нет в ИППСУ" in result.rejected[0][1]


def test_without_a_care_plan_its_services_stay_refused(world, feeding):
    result = tablet_records_sync(actor=world.personas.caregiver1, records=[tablet(world, feeding)])

    assert "нет в ИППСУ и в плане ухода" in result.rejected[0][1]


# --- 7. visits ---------------------------------------------------------------------------


def test_a_second_visit_the_same_day_is_a_new_visit(world):
    worker = world.personas.worker1
    morning, evening = uuid.uuid4(), uuid.uuid4()
    tablet_records_sync(
        actor=worker,
        records=[
            tablet(world, world.shopping, visit_uuid=morning, arrived_at=at(9), left_at=at(9, 40))
        ],
    )
    tablet_records_sync(
        actor=worker,
        records=[
            tablet(world, world.cleaning, quantity=Decimal(20), visit_uuid=evening,
                   arrived_at=at(17), left_at=at(17, 30), lat=55.34, lon=86.08)
        ],
    )  # fmt: skip

    visits = list(Visit.objects.order_by("arrived_at"))
    assert [(v.arrived_at, v.left_at) for v in visits] == [(at(9), at(9, 40)), (at(17), at(17, 30))]
    assert visits[0].latitude is None and visits[1].latitude is not None


def test_an_older_tablet_without_visit_ids_keeps_visits_apart_by_their_times(world):
    worker = world.personas.worker1
    tablet_records_sync(
        actor=worker, records=[tablet(world, world.shopping, arrived_at=at(9), left_at=at(10))]
    )
    tablet_records_sync(
        actor=worker,
        records=[tablet(world, world.cleaning, quantity=Decimal(2), arrived_at=at(15, 30))],
    )

    assert Visit.objects.count() == 2
    assert not Visit.objects.filter(left_at__lt=F("arrived_at")).exists()


def test_a_visit_id_of_another_recipient_is_refused(world):
    worker = world.personas.worker1
    shared = uuid.uuid4()
    tablet_records_sync(actor=worker, records=[tablet(world, world.shopping, visit_uuid=shared)])
    other = world.personas.recipient_of_worker2
    world.personas.recipient_of_worker2.social_worker = worker
    other.save(update_fields=["social_worker"])

    result = tablet_records_sync(
        actor=worker,
        records=[tablet(world, world.shopping, recipient_id=other.pk, visit_uuid=shared)],
    )

    assert "другому получателю" in result.rejected[0][1]


def test_a_departure_before_the_arrival_is_refused(world):
    result = tablet_records_sync(
        actor=world.personas.worker1,
        records=[tablet(world, world.shopping, arrived_at=at(14), left_at=at(13))],
    )

    assert result.rejected[0][1] == "Время ухода раньше времени прихода."
    assert not Visit.objects.exists()


# --- 8. records are made exactly once, and changed only by their owner --------------------


def test_a_resend_with_another_quantity_corrects_the_record_and_its_totals(world):
    worker = world.personas.worker1
    first = tablet(world, world.cleaning, quantity=Decimal(20))
    tablet_records_sync(actor=worker, records=[first])

    again = tablet_records_sync(
        actor=worker, records=[TabletRecord(**(first.__dict__ | {"quantity": Decimal(25)}))]
    )

    assert again.accepted == [first.uuid] and again.rejected == []
    assert again.changed == [(first.uuid, "Исправлено: количество 20 → 25")]
    stored = ServiceRecord.objects.get(uuid=first.uuid)
    assert stored.quantity == 25 and stored.amount == Decimal("235.75")
    total = MonthlyTotal.objects.get(service=world.cleaning)
    assert (total.records, total.quantity, total.amount) == (1, 25, Decimal("235.75"))
    assert SecurityEvent.objects.filter(kind=EventKind.UPDATE, object_id=str(stored.pk)).exists()


def test_a_resend_with_another_quantity_in_a_closed_month_is_refused_and_keeps_the_value(world):
    worker, head = world.personas.worker1, world.personas.head1
    first = tablet(world, world.cleaning, quantity=Decimal(20), date=datetime.date(2026, 10, 29))
    tablet_records_sync(actor=worker, records=[first])
    month_close(actor=head, department=world.personas.department1, month=datetime.date(2026, 10, 1))

    again = tablet_records_sync(
        actor=worker, records=[TabletRecord(**(first.__dict__ | {"quantity": Decimal(25)}))]
    )

    assert again.accepted == []
    assert "закрыт" in again.rejected[0][1] and "сохранено: 20" in again.rejected[0][1]
    assert ServiceRecord.objects.get(uuid=first.uuid).quantity == 20


def test_a_resend_for_another_service_under_the_same_id_is_refused(world):
    worker = world.personas.worker1
    first = tablet(world, world.shopping)
    tablet_records_sync(actor=worker, records=[first])

    again = tablet_records_sync(
        actor=worker, records=[TabletRecord(**(first.__dict__ | {"service_id": world.cleaning.pk}))]
    )

    assert "другого получателя, услуги или даты" in again.rejected[0][1]
    assert ServiceRecord.objects.get(uuid=first.uuid).service == world.shopping


def test_a_worker_cannot_cancel_a_caregivers_record(world, plan, feeding):
    personas = world.personas
    record = service_log(
        actor=personas.caregiver1,
        recipient=personas.recipient_of_worker1,
        service=feeding,
        performed_on=TODAY,
        quantity=Decimal(1),
    )
    client = personas.client_for(personas.worker1)

    listed = client.get("/delivery/")
    refused = client.post(f"/delivery/records/{record.pk}/cancel/", {"reason": "ошибка"})

    assert record.pk not in listed.context["changeable"]
    assert f"/delivery/records/{record.pk}/cancel/" not in listed.content.decode()
    assert refused.status_code == 302
    record.refresh_from_db()
    assert record.cancelled_at is None
    with pytest.raises(ValidationError, match="только свою"):
        service_record_cancel(actor=personas.worker1, record=record, reason="ошибка")


def test_nothing_in_a_closed_month_offers_a_change(world):
    personas = world.personas
    october = service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=world.shopping,
        performed_on=datetime.date(2026, 10, 5),
        quantity=Decimal(1),
    )
    november = service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=world.shopping,
        performed_on=TODAY,
        quantity=Decimal(1),
    )
    month_close(
        actor=personas.head1, department=personas.department1, month=datetime.date(2026, 10, 1)
    )

    page = personas.client_for(personas.head1).get("/delivery/?date_from=2026-10-01")

    assert page.context["changeable"] == {november.pk}
    assert f"/delivery/records/{october.pk}/cancel/" not in page.content.decode()


def _visit_post(world, visit_uuid: str) -> dict:
    return {
        "visit_uuid": visit_uuid,
        "performed_on": TODAY.isoformat(),
        f"do_program-{world.shopping.pk}": "on",
        f"qty_program-{world.shopping.pk}": "1",
    }


def test_the_visit_form_sent_twice_records_the_visit_once(world):
    client = world.personas.client_for(world.personas.worker1)
    person = world.personas.recipient_of_worker1
    form = client.get(f"/delivery/visit/{person.pk}/")
    data = _visit_post(world, str(form.context["visit_uuid"]))

    first = client.post(f"/delivery/visit/{person.pk}/", data)
    second = client.post(f"/delivery/visit/{person.pk}/", data, follow=True)

    assert first.status_code == 302
    assert "уже записано" in second.content.decode()
    assert (Visit.objects.count(), ServiceRecord.objects.count()) == (1, 1)


def test_a_visit_form_without_its_id_records_nothing_and_says_why(world):
    client = world.personas.client_for(world.personas.worker1)
    person = world.personas.recipient_of_worker1

    response = client.post(f"/delivery/visit/{person.pk}/", _visit_post(world, "не-uuid"))

    assert response.status_code == 200
    assert "Форма устарела" in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_a_visit_form_that_loses_the_race_to_a_parallel_send_records_nothing(world, monkeypatch):
    """Two sends at once both pass the look-up; the unique visit id stops the second."""
    from zabota.delivery.services import recording

    client = world.personas.client_for(world.personas.worker1)
    person = world.personas.recipient_of_worker1
    data = _visit_post(world, str(uuid.uuid4()))
    client.post(f"/delivery/visit/{person.pk}/", data)
    real, calls = recording._recorded_before, []

    def missed(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(recording, "_recorded_before", missed)
    second = client.post(f"/delivery/visit/{person.pk}/", data, follow=True)

    assert len(calls) == 2  # the second look-up came from the database's refusal
    assert "уже записано" in second.content.decode()
    assert (Visit.objects.count(), ServiceRecord.objects.count()) == (1, 1)


# Threads need connections of their own: the in-memory SQLite test database is one connection
# (the race itself is proven above on every database); CI runs this on PostgreSQL.
@pytest.mark.skipif(
    "sqlite" in settings.DATABASES["default"]["ENGINE"], reason="threads need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_four_parallel_sends_of_one_visit_form_record_it_once(world):
    personas = world.personas
    person = personas.recipient_of_worker1
    data = _visit_post(world, str(uuid.uuid4()))
    clients = [personas.client_for(personas.worker1) for _ in range(4)]
    barrier = threading.Barrier(4, timeout=30)
    answers = []

    def send(client):
        try:
            barrier.wait()
            answers.append(client.post(f"/delivery/visit/{person.pk}/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert answers == [302] * 4
    assert (Visit.objects.count(), ServiceRecord.objects.count()) == (1, 1)
