"""The service log: what may be recorded, by whom, and what the monthly totals say."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum

from zabota.audit.models import EventKind, SecurityEvent
from zabota.delivery.models import MonthlyTotal, RecipientMonth, ServiceRecord, Visit
from zabota.delivery.services import (
    RecordLine,
    VolumeExceededError,
    month_close,
    month_reopen,
    service_log,
    service_record_cancel,
    visit_record,
)
from zabota.delivery.services.totals import totals_rebuild
from zabota.recipients.services import recipient_discharge

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
D = Decimal


@time_machine.travel(TODAY)
def test_a_worker_records_a_service_priced_by_the_tariff_of_its_date(personas, catalog):
    record = service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=catalog.shopping,
        performed_on=datetime.date(2026, 9, 30),
        quantity=D(1),
    )
    assert (record.price, record.amount, record.norm_minutes) == (D("50.00"), D("50.00"), D(40))
    later = service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=catalog.shopping,
        performed_on=datetime.date(2026, 10, 1),
        quantity=D(1),
    )
    assert later.price == D("55.00")
    assert record.worker == personas.worker1 and record.department == personas.department1
    assert (
        SecurityEvent.objects.filter(
            kind=EventKind.CREATE, object_type="delivery.servicerecord"
        ).count()
        == 2
    )


@time_machine.travel(TODAY)
def test_square_metres_are_priced_per_unit(personas, catalog):
    record = service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=catalog.cleaning,
        performed_on=TODAY,
        quantity=D("35.5"),
    )
    assert record.amount == D("355.00")
    assert record.norm_minutes == D("71.0")


REFUSALS = [
    ("future date", {"performed_on": TODAY + datetime.timedelta(days=1)}, "будущую дату"),
    ("not in program", {"service": "pressure"}, "нет в ИППСУ"),
    ("zero quantity", {"quantity": D(0)}, "больше нуля"),
    (
        "not yet enrolled",
        {"performed_on": datetime.date(2025, 1, 10)},
        "не состоял на обслуживании",
    ),
]


@time_machine.travel(TODAY)
@pytest.mark.parametrize(("case", "overrides", "message"), REFUSALS)
def test_a_record_that_breaks_a_rule_is_refused_and_nothing_is_saved(
    personas, catalog, case, overrides, message
):
    arguments = {
        "actor": personas.worker1,
        "recipient": personas.recipient_of_worker1,
        "service": catalog.shopping,
        "performed_on": TODAY,
        "quantity": D(1),
    }
    if overrides.get("service"):
        overrides = {**overrides, "service": getattr(catalog, overrides["service"])}
    arguments.update(overrides)
    with pytest.raises(ValidationError) as error:
        service_log(**arguments)
    assert message in " ".join(error.value.messages)
    assert not ServiceRecord.objects.exists()
    assert not MonthlyTotal.objects.exists()


@time_machine.travel(TODAY)
def test_a_worker_cannot_record_for_someone_elses_recipient(personas, catalog):
    with pytest.raises(ValidationError, match="не закреплён за вами"):
        service_log(
            actor=personas.worker1,
            recipient=personas.recipient_of_worker2,
            service=catalog.shopping,
            performed_on=TODAY,
            quantity=D(1),
        )


@time_machine.travel(TODAY)
def test_an_additional_paid_service_needs_no_program_line(personas, catalog):
    record = service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=catalog.windows,
        performed_on=TODAY,
        quantity=D(2),
    )
    assert record.is_additional and record.amount == D("700.00")
    month = RecipientMonth.objects.get(recipient=personas.recipient_of_worker1)
    assert (month.amount_guaranteed, month.amount_additional) == (D(0), D("700.00"))


@time_machine.travel(TODAY)
def test_going_over_the_monthly_volume_asks_for_a_reason(personas, catalog):
    common = {
        "actor": personas.worker1,
        "recipient": personas.recipient_of_worker1,
        "service": catalog.shopping,
    }
    for day in range(3, 11):
        service_log(**common, performed_on=datetime.date(2026, 11, day), quantity=D(1))
    with pytest.raises(VolumeExceededError, match="по плану 8, уже оказано 8, с этой записью 9"):
        service_log(**common, performed_on=datetime.date(2026, 11, 12), quantity=D(1))
    record = service_log(
        **common,
        performed_on=datetime.date(2026, 11, 12),
        quantity=D(1),
        over_volume_reason="Заболела дочь, попросили чаще",
    )
    assert record.over_volume_reason == "Заболела дочь, попросили чаще"
    # A new month starts from zero.
    service_log(**common, performed_on=datetime.date(2026, 10, 30), quantity=D(1))


@time_machine.travel(TODAY)
def test_a_visit_saves_all_its_services_or_none(personas, catalog):
    lines = [
        RecordLine(service=catalog.shopping, quantity=D(1)),
        RecordLine(service=catalog.pressure, quantity=D(1)),
    ]
    with pytest.raises(ValidationError) as error:
        visit_record(
            actor=personas.worker1,
            recipient=personas.recipient_of_worker1,
            performed_on=TODAY,
            lines=lines,
        )
    assert "1" in error.value.message_dict
    assert not ServiceRecord.objects.exists() and not Visit.objects.exists()
    visit, records = visit_record(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        performed_on=TODAY,
        lines=[
            RecordLine(service=catalog.shopping, quantity=D(1)),
            RecordLine(service=catalog.cleaning, quantity=D(30)),
        ],
    )
    assert visit.records.count() == 2 and len(records) == 2


@time_machine.travel(TODAY)
def test_a_visit_counts_its_own_lines_against_the_volume(personas, catalog):
    lines = [
        RecordLine(service=catalog.shopping, quantity=D(5)),
        RecordLine(service=catalog.shopping, quantity=D(4)),
    ]
    with pytest.raises(ValidationError) as error:
        visit_record(
            actor=personas.worker1,
            recipient=personas.recipient_of_worker1,
            performed_on=TODAY,
            lines=lines,
        )
    assert "Превышен месячный объём" in error.value.message_dict["1"][0]


@time_machine.travel(TODAY)
def test_a_head_records_on_behalf_of_a_worker_of_the_department(personas, catalog):
    record = service_log(
        actor=personas.head1,
        recipient=personas.recipient_of_worker2,
        service=catalog.shopping,
        performed_on=TODAY,
        quantity=D(1),
    )
    assert record.worker == personas.worker2 and record.created_by == personas.head1
    with pytest.raises(ValidationError, match="не работает в отделении"):
        service_log(
            actor=personas.head1,
            recipient=personas.recipient_of_worker2,
            worker=personas.worker_other_department,
            service=catalog.shopping,
            performed_on=TODAY,
            quantity=D(1),
        )


@time_machine.travel(TODAY)
def test_a_closed_month_refuses_new_records_and_cancellations_until_reopened(personas, catalog):
    record = service_log(
        actor=personas.worker1,
        recipient=personas.recipient_of_worker1,
        service=catalog.shopping,
        performed_on=datetime.date(2026, 10, 5),
        quantity=D(1),
    )
    month_close(
        actor=personas.head1, department=personas.department1, month=datetime.date(2026, 10, 1)
    )
    with pytest.raises(ValidationError, match="закрыт"):
        service_log(
            actor=personas.worker1,
            recipient=personas.recipient_of_worker1,
            service=catalog.shopping,
            performed_on=datetime.date(2026, 10, 6),
            quantity=D(1),
        )
    with pytest.raises(ValidationError, match="закрыт"):
        service_record_cancel(actor=personas.head1, record=record, reason="ошибка")
    # Department 2 is not closed.
    service_log(
        actor=personas.worker_other_department,
        recipient=personas.recipient_in_department2,
        service=catalog.shopping,
        performed_on=datetime.date(2026, 10, 6),
        quantity=D(1),
    )
    with pytest.raises(ValidationError, match="причину"):
        month_reopen(
            actor=personas.head1,
            department=personas.department1,
            month=datetime.date(2026, 10, 1),
            reason=" ",
        )
    month_reopen(
        actor=personas.head1,
        department=personas.department1,
        month=datetime.date(2026, 10, 1),
        reason="Поздно сдан лист посещений",
    )
    service_record_cancel(actor=personas.head1, record=record, reason="ошибка")
    assert SecurityEvent.objects.filter(
        kind=EventKind.MONTH_REOPENED, details__contains="Поздно сдан"
    ).exists()


@time_machine.travel(TODAY)
def test_a_future_month_cannot_be_closed_and_a_month_not_twice(personas, catalog):
    with pytest.raises(ValidationError, match="ещё не начался"):
        month_close(
            actor=personas.head1, department=personas.department1, month=datetime.date(2026, 12, 1)
        )
    month_close(
        actor=personas.head1, department=personas.department1, month=datetime.date(2026, 11, 1)
    )
    with pytest.raises(ValidationError, match="уже закрыт"):
        month_close(
            actor=personas.head1, department=personas.department1, month=datetime.date(2026, 11, 1)
        )


@time_machine.travel(TODAY)
def test_after_discharge_no_services_can_be_recorded(personas, catalog):
    recipient_discharge(
        actor=personas.head1,
        recipient=personas.recipient_of_worker1,
        expected_version=personas.recipient_of_worker1.version,
        discharged_on=datetime.date(2026, 11, 10),
        reason=personas.reason,
    )
    service_log(
        actor=personas.head1,
        recipient=personas.recipient_of_worker1,
        service=catalog.shopping,
        performed_on=datetime.date(2026, 11, 10),
        quantity=D(1),
    )
    with pytest.raises(ValidationError, match="не состоял"):
        service_log(
            actor=personas.head1,
            recipient=personas.recipient_of_worker1,
            service=catalog.shopping,
            performed_on=datetime.date(2026, 11, 11),
            quantity=D(1),
        )


def raw_totals():
    """The monthly totals computed the slow way, straight from the service log."""
    by_service = {
        (r["performed_on__month"], r["department_id"], r["worker_id"], r["service_id"]): (
            r["n"],
            r["q"],
            r["m"],
            r["a"],
        )
        for r in ServiceRecord.objects.filter(cancelled_at__isnull=True)
        .values("performed_on__month", "department_id", "worker_id", "service_id")
        .annotate(n=Count("pk"), q=Sum("quantity"), m=Sum("norm_minutes"), a=Sum("amount"))
    }
    kept = {
        (t.month.month, t.department_id, t.worker_id, t.service_id): (
            t.records,
            t.quantity,
            t.norm_minutes,
            t.amount,
        )
        for t in MonthlyTotal.objects.exclude(records=0)
    }
    return by_service, kept


@time_machine.travel(TODAY)
def test_the_monthly_totals_always_equal_the_raw_records(personas, catalog):
    import random

    rng = random.Random(7)
    people = [
        (personas.worker1, personas.recipient_of_worker1),
        (personas.worker2, personas.recipient_of_worker2),
        (personas.worker_other_department, personas.recipient_in_department2),
    ]
    made = []
    for _ in range(120):
        worker, recipient = rng.choice(people)
        service = rng.choice([catalog.shopping, catalog.cleaning, catalog.windows])
        day = datetime.date(2026, rng.choice([9, 10, 11]), rng.randint(1, 24))
        try:
            made.append(
                service_log(
                    actor=worker,
                    recipient=recipient,
                    service=service,
                    performed_on=day,
                    quantity=D(rng.randint(1, 3)),
                    over_volume_reason="проверка",
                )
            )
        except ValidationError:
            pass
        if made and rng.random() < 0.2:
            victim = made.pop(rng.randrange(len(made)))
            service_record_cancel(
                actor=personas.head1
                if victim.department_id == personas.department1.pk
                else personas.head2,
                record=victim,
                reason="проверка",
            )
    by_service, kept = raw_totals()
    assert len(by_service) > 10
    assert kept == by_service
    people_months = {
        (r["recipient_id"], r["worker_id"]): r["a"]
        for r in ServiceRecord.objects.filter(cancelled_at__isnull=True, performed_on__month=11)
        .values("recipient_id", "worker_id")
        .annotate(a=Sum("amount"))
    }
    kept_people = {
        (m.recipient_id, m.worker_id): m.amount_guaranteed + m.amount_additional
        for m in RecipientMonth.objects.filter(month=datetime.date(2026, 11, 1)).exclude(records=0)
    }
    assert kept_people == people_months
    # Rebuilding from scratch gives the same.
    totals_rebuild()
    assert raw_totals()[1] == by_service
