import datetime
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from zabota.delivery.models import RecordSource, ServiceRecord, Visit
from zabota.delivery.services import month_close
from zabota.field import services as field_services
from zabota.field.services import TABLET_OVER_VOLUME, TabletRecord, tablet_records_sync

# Wednesday 18.11.2026, midday in Kemerovo's centre (the project's zone is Moscow).
NOW = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def at(hour: int, minute: int = 0, day: datetime.date = TODAY) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def record(world, service=None, recipient=None, **fields) -> TabletRecord:
    values = {
        "uuid": uuid.uuid4(),
        "recipient_id": (recipient or world.personas.recipient_of_worker1).pk,
        "service_id": (service or world.shopping).pk,
        "date": TODAY,
        "quantity": Decimal("1"),
    }
    return TabletRecord(**(values | fields))


def test_a_tablet_record_is_stored_once_with_its_visit(world):
    worker1 = world.personas.worker1
    sent = record(world, arrived_at=at(10), left_at=at(10, 40), note="  купила хлеб ")

    result = tablet_records_sync(actor=worker1, records=[sent])

    assert result.accepted == [sent.uuid] and result.rejected == []
    stored = ServiceRecord.objects.get(uuid=sent.uuid)
    assert stored.source == RecordSource.TABLET
    assert stored.worker == worker1 and stored.note == "купила хлеб"
    assert stored.visit.arrived_at == at(10) and stored.visit.left_at == at(10, 40)
    assert stored.visit.source == RecordSource.TABLET


def test_a_batch_sent_twice_and_in_reverse_order_is_stored_once(world):
    worker1 = world.personas.worker1
    batch = [
        record(world, arrived_at=at(9, 30)),
        record(world, service=world.cleaning, quantity=Decimal("25.5"), left_at=at(11)),
        record(world, service=world.windows),
    ]

    first = tablet_records_sync(actor=worker1, records=batch)
    again = tablet_records_sync(actor=worker1, records=list(reversed(batch)))

    uuids = {r.uuid for r in batch}
    assert set(first.accepted) == uuids and set(again.accepted) == uuids
    assert ServiceRecord.objects.filter(uuid__in=uuids).count() == 3
    assert Visit.objects.filter(recipient=world.personas.recipient_of_worker1).count() == 1


def test_records_of_one_visit_arriving_late_and_out_of_order_make_one_visit(world):
    worker1 = world.personas.worker1
    later = record(world, service=world.cleaning, arrived_at=at(10, 15), left_at=at(11, 30))
    earlier = record(world, arrived_at=at(9, 50), left_at=at(10, 20))

    tablet_records_sync(actor=worker1, records=[later])
    tablet_records_sync(actor=worker1, records=[earlier])

    visit = Visit.objects.get(recipient=world.personas.recipient_of_worker1)
    assert visit.arrived_at == at(9, 50) and visit.left_at == at(11, 30)
    assert visit.records.count() == 2


def test_one_bad_record_never_loses_the_others(world):
    worker1 = world.personas.worker1
    good = record(world)
    foreign = record(world, recipient=world.personas.recipient_of_worker2)
    also_good = record(world, service=world.windows)

    result = tablet_records_sync(actor=worker1, records=[good, foreign, also_good])

    assert result.accepted == [good.uuid, also_good.uuid]
    assert result.rejected == [(foreign.uuid, "Получатель не закреплён за вами.")]
    assert not ServiceRecord.objects.filter(recipient=world.personas.recipient_of_worker2).exists()


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"date": TODAY + datetime.timedelta(days=1)}, "Нельзя записать услугу на будущую дату."),
        ({"quantity": Decimal(0)}, "Количество должно быть больше нуля."),
        ({"service": "pressure"}, "Услуги «Измерение артериального давления» нет в ИППСУ"),
        ({"service_id": 10**9}, "Такой услуги нет в каталоге учреждения."),
        ({"arrived_at": at(11), "left_at": at(10)}, "Время ухода раньше времени прихода."),
        (
            {"arrived_at": at(9, day=TODAY - datetime.timedelta(days=5))},
            "Время прихода не относится к дню записи 18.11.2026.",
        ),
        ({"date": datetime.date(2020, 3, 2)}, "02.03.2020 получатель не состоял на обслуживании."),
    ],
)
def test_a_record_the_service_log_refuses_comes_back_with_the_reason_in_russian(
    world, change, reason
):
    if change.get("service") == "pressure":
        change = {"service": world.pressure}
    sent = record(world, **change)

    result = tablet_records_sync(actor=world.personas.worker1, records=[sent])

    assert result.accepted == []
    assert result.rejected[0][0] == sent.uuid
    assert result.rejected[0][1].startswith(reason)
    assert not ServiceRecord.objects.exists() and not Visit.objects.exists()


def test_a_record_of_a_closed_month_is_rejected(world):
    previous = TODAY.replace(day=1) - datetime.timedelta(days=1)
    month_close(actor=world.personas.head1, department=world.personas.department1, month=previous)
    sent = record(world, date=previous)

    result = tablet_records_sync(actor=world.personas.worker1, records=[sent])

    assert result.rejected == [
        (sent.uuid, "Месяц 10.2026 закрыт заведующим: записи в нём не меняются.")
    ]


def test_an_excess_of_the_monthly_volume_is_accepted_and_flagged_for_the_head(world):
    # 120 m² a month in the ИППСУ: 100 + 30 goes over it.
    first = record(world, service=world.cleaning, quantity=Decimal(100))
    over = record(world, service=world.cleaning, quantity=Decimal(30))

    result = tablet_records_sync(actor=world.personas.worker1, records=[first, over])

    assert result.accepted == [first.uuid, over.uuid]
    assert result.flagged == [(over.uuid, TABLET_OVER_VOLUME)]
    assert ServiceRecord.objects.get(uuid=first.uuid).over_volume_reason == ""
    assert ServiceRecord.objects.get(uuid=over.uuid).over_volume_reason == TABLET_OVER_VOLUME


def test_a_visit_marked_far_from_the_home_goes_to_review_and_is_kept(world, settings):
    settings.ZABOTA_VISIT_RADIUS_M = 500
    near = record(world, lat=55.3405, lon=86.0800)  # about 56 m north of the home
    far = record(world, service=world.windows, lat=55.3600, lon=86.0800)  # about 2.2 km

    result = tablet_records_sync(actor=world.personas.worker1, records=[near])
    visit = Visit.objects.get()
    assert result.accepted == [near.uuid]
    assert 50 <= visit.distance_m <= 60 and not visit.needs_review

    result = tablet_records_sync(actor=world.personas.worker1, records=[far])
    visit.refresh_from_db()
    assert result.accepted == [far.uuid]
    assert 2100 <= visit.distance_m <= 2300 and visit.needs_review
    assert visit.latitude == Decimal("55.360000")


def test_a_nearer_mark_does_not_clear_the_review_of_a_far_one(world):
    far = record(world, lat=55.3600, lon=86.0800)
    near = record(world, service=world.windows, lat=55.3401, lon=86.0800)

    tablet_records_sync(actor=world.personas.worker1, records=[far, near])

    visit = Visit.objects.get()
    assert visit.needs_review and visit.distance_m > 2000


def test_without_the_home_position_the_mark_is_kept_but_no_distance_is_computed(world):
    person = world.personas.recipient_of_worker2
    sent = record(world, recipient=person, lat=55.0, lon=86.0)

    result = tablet_records_sync(actor=world.personas.worker2, records=[sent])

    visit = Visit.objects.get()
    assert result.accepted == [sent.uuid]
    assert visit.latitude == Decimal("55.000000") and visit.distance_m is None
    assert not visit.needs_review


def test_a_record_stored_by_a_parallel_request_is_accepted_once(world, monkeypatch):
    """The unique constraint is the last guard: a race lost on insert means «already stored»."""
    worker1 = world.personas.worker1
    sent = record(world)
    tablet_records_sync(actor=worker1, records=[sent])
    real = field_services._stored
    calls = []

    def stored(uuids):
        calls.append(uuids)
        # The batch's look-up misses the row, as if a parallel request were inserting it.
        return {} if len(calls) == 1 else real(uuids)

    monkeypatch.setattr(field_services, "_stored", stored)
    result = tablet_records_sync(actor=worker1, records=[sent])

    assert result.accepted == [sent.uuid] and result.rejected == []
    assert len(calls) == 2  # the second look-up came from the IntegrityError
    assert ServiceRecord.objects.filter(uuid=sent.uuid).count() == 1


def test_the_same_uuid_twice_in_one_batch_is_stored_once(world):
    sent = record(world)

    result = tablet_records_sync(actor=world.personas.worker1, records=[sent, sent])

    assert result.accepted == [sent.uuid, sent.uuid]
    assert ServiceRecord.objects.filter(uuid=sent.uuid).count() == 1


def test_a_uuid_already_used_by_another_worker_is_rejected(world):
    person = world.personas.recipient_of_worker2
    sent = record(world, recipient=person)
    tablet_records_sync(actor=world.personas.worker2, records=[sent])

    result = tablet_records_sync(actor=world.personas.worker1, records=[sent])

    assert result.rejected == [
        (sent.uuid, "Запись с таким идентификатором уже сохранена другим сотрудником.")
    ]
    assert ServiceRecord.objects.get(uuid=sent.uuid).worker == world.personas.worker2


def test_a_caregiver_and_a_social_worker_at_the_same_home_have_separate_visits(world):
    person_tuple = world.personas
    tablet_records_sync(actor=person_tuple.worker1, records=[record(world)])
    tablet_records_sync(
        actor=person_tuple.caregiver1, records=[record(world, service=world.washing)]
    )

    assert Visit.objects.filter(recipient=person_tuple.recipient_of_worker1).count() == 2
    assert set(Visit.objects.values_list("worker__user__username", flat=True)) == {
        "worker1",
        "caregiver1",
    }


def test_each_stored_record_is_written_to_the_audit_journal(world):
    from zabota.audit.models import EventKind, SecurityEvent

    tablet_records_sync(
        actor=world.personas.worker1, records=[record(world), record(world, service=world.windows)]
    )

    events = SecurityEvent.objects.filter(
        kind=EventKind.CREATE, object_type="delivery.servicerecord"
    )
    assert events.count() == 2


def test_a_value_the_database_refuses_rejects_only_that_record(world, monkeypatch):
    from django.db import DataError

    real = field_services.service_log
    real_batch = field_services.service_records_add

    def refusing(**arguments):
        if arguments["note"] == "bad":
            raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
        return real(**arguments)

    def refusing_batch(**arguments):
        if any(c.line.note == "bad" for c in arguments["checked"]):
            raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
        return real_batch(**arguments)

    # The whole batch is refused first; then each record goes alone.
    monkeypatch.setattr(field_services, "service_records_add", refusing_batch)
    monkeypatch.setattr(field_services, "service_log", refusing)
    good, bad = record(world), record(world, service=world.windows, note="bad")

    result = tablet_records_sync(actor=world.personas.worker1, records=[bad, good])

    assert result.accepted == [good.uuid]
    assert result.rejected == [(bad.uuid, "Запись не удалось сохранить: неверные данные.")]
