"""A batch of records (the tablet's sync): the facts read at once answer as the database does
one question at a time, and records written together keep the totals equal to the log."""

import datetime
from decimal import Decimal
from itertools import product

import pytest
import time_machine
from django.db import transaction

from zabota.delivery.models import Basis, RecordSource, ServiceRecord
from zabota.delivery.services import month_close, service_log
from zabota.delivery.services.batch import (
    BatchFacts,
    batch_check,
    service_records_add,
)
from zabota.delivery.services.recording import LogFacts, RecordLine
from zabota.delivery.services.totals import totals_rebuild
from zabota.delivery.tests.test_recording import raw_totals
from zabota.programs.models import Program, ProgramStatus
from zabota.recipients.services import recipient_discharge

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
D = Decimal


@time_machine.travel(TODAY)
def test_facts_read_for_a_batch_answer_as_the_database_does(personas, catalog):
    worker = personas.worker1
    own, other = personas.recipient_of_worker1, personas.recipient_of_worker2
    service_log(
        actor=worker,
        recipient=own,
        service=catalog.cleaning,
        performed_on=datetime.date(2026, 11, 3),
        quantity=D("42.5"),
    )
    month_close(
        actor=personas.head1, department=personas.department1, month=datetime.date(2026, 9, 1)
    )
    # A program replaced in October: September is checked against the old one.
    old = catalog.programs[own.pk]
    Program.objects.filter(pk=old.pk).update(
        status=ProgramStatus.REPLACED, ended_on=datetime.date(2026, 9, 30)
    )
    recipient_discharge(
        actor=personas.head1,
        recipient=other,
        expected_version=other.version,
        discharged_on=datetime.date(2026, 11, 10),
        reason=personas.reason,
    )
    people = [own, other, personas.recipient_in_department2]
    services = [catalog.shopping, catalog.cleaning, catalog.pressure, catalog.windows]
    days = [datetime.date(2026, 9, 15), datetime.date(2026, 10, 30), datetime.date(2026, 11, 12)]
    batch = BatchFacts(actor=worker, recipients=people, services=services, days=days)
    one_by_one = LogFacts()
    for person, service, day in product(people, services, days):
        assert batch.in_scope(worker, person, day) == one_by_one.in_scope(worker, person, day)
        assert batch.month_closed(person.department_id, day) == one_by_one.month_closed(
            person.department_id, day
        )
        assert batch.enrolled(person, day) == one_by_one.enrolled(person, day)
        for basis in (None, Basis.PROGRAM, Basis.CARE_PLAN):
            assert batch.entitlements(person, service, day, basis) == one_by_one.entitlements(
                person, service, day, basis
            )
        for basis in (Basis.PROGRAM, Basis.CARE_PLAN):
            assert batch.used_in_month(person, service, day, basis) == (
                one_by_one.used_in_month(person, service, day, basis)
            )
        assert batch.tariff(service, day) == one_by_one.tariff(service, day)
    # Something it did not read is asked of the database.
    later = datetime.date(2026, 11, 20)
    assert batch.entitlements(own, catalog.shopping, later, None) == (
        one_by_one.entitlements(own, catalog.shopping, later, None)
    )


@time_machine.travel(TODAY)
def test_records_written_together_keep_the_totals_equal_to_the_log(
    personas, catalog, django_assert_max_num_queries
):
    worker = personas.worker1
    person = personas.recipient_of_worker1
    service_log(
        actor=worker,
        recipient=person,
        service=catalog.shopping,
        performed_on=datetime.date(2026, 11, 2),
        quantity=D(1),
    )
    lines = [
        (catalog.shopping, datetime.date(2026, 11, day), D(1)) for day in (5, 9, 12, 16, 19)
    ] + [
        (catalog.cleaning, datetime.date(2026, 11, 5), D("30.5")),
        (catalog.windows, datetime.date(2026, 11, 9), D(2)),
        (catalog.shopping, datetime.date(2026, 10, 29), D(1)),
    ]
    facts = BatchFacts(
        actor=worker,
        recipients=[person],
        services=[s for s, _d, _q in lines],
        days={d for _s, d, _q in lines},
    )
    checked = [
        batch_check(
            actor=worker,
            recipient=person,
            line=RecordLine(service=service, quantity=quantity),
            performed_on=day,
            facts=facts,
            excess_reason="сверх объёма (проверка)",
        )
        for service, day, quantity in lines
    ]
    # Six shoppings in November of the eight planned: nothing over the volume.
    assert not any(c.line.over_volume_reason for c in checked)
    with django_assert_max_num_queries(30), transaction.atomic():
        stored = service_records_add(actor=worker, checked=checked, source=RecordSource.TABLET)
    assert all(r.pk for r in stored)
    assert ServiceRecord.objects.count() == 9
    by_service, kept = raw_totals()
    assert kept == by_service
    totals_rebuild()
    assert raw_totals()[1] == by_service


@time_machine.travel(TODAY)
def test_an_excess_within_the_batch_takes_the_reason_and_without_one_is_refused(personas, catalog):
    worker = personas.worker1
    person = personas.recipient_of_worker1
    facts = BatchFacts(actor=worker, recipients=[person], services=[catalog.shopping], days=[TODAY])

    def check(reason=""):
        return batch_check(
            actor=worker,
            recipient=person,
            line=RecordLine(service=catalog.shopping, quantity=D(3)),
            performed_on=TODAY,
            facts=facts,
            excess_reason=reason,
        )

    assert check().line.over_volume_reason == ""
    assert check().line.over_volume_reason == ""  # 6 of 8
    assert check("сверх").line.over_volume_reason == "сверх"  # 9 of 8
    with pytest.raises(Exception, match="Превышен месячный объём"):
        check()
