"""The service log's XLSX: its rows read in a fixed number of queries, however many."""

import datetime
from decimal import Decimal

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zabota.delivery.services import service_log, service_record_cancel
from zabota.testing import xlsx_rows

TODAY = datetime.date(2026, 11, 24)
URL = "/delivery/?date_from=2026-11-01&date_to=2026-11-30&format=xlsx"


def log(personas, catalog, days, *people):
    for recipient, worker in people:
        for day in days:
            service_log(
                actor=worker,
                recipient=recipient,
                service=catalog.shopping,
                performed_on=datetime.date(2026, 11, day),
                quantity=Decimal(1),
            )


@time_machine.travel(TODAY)
def test_the_export_reads_the_same_queries_for_two_rows_or_forty(
    personas, catalog, django_assert_num_queries
):
    log(personas, catalog, [1], (personas.recipient_of_worker1, personas.worker1))
    client = personas.client_for(personas.head1)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        assert len(xlsx_rows(client.get(URL).content)) == 5
    log(
        personas,
        catalog,
        range(2, 9),
        (personas.recipient_of_worker1, personas.worker1),
        (personas.recipient_of_worker2, personas.worker2),
    )
    with django_assert_num_queries(len(few.captured_queries)):
        rows = xlsx_rows(client.get(URL).content)
    assert len(rows) == 4 + 15


@time_machine.travel(TODAY)
def test_the_export_names_the_person_the_service_the_worker_and_a_cancellation(personas, catalog):
    log(personas, catalog, [3], (personas.recipient_of_worker1, personas.worker1))
    record = service_log(
        actor=personas.worker2,
        recipient=personas.recipient_of_worker2,
        service=catalog.cleaning,
        performed_on=datetime.date(2026, 11, 5),
        quantity=Decimal("12.5"),
        note="=1+2",
    )
    service_record_cancel(actor=personas.head1, record=record, reason="ошибка")
    client = personas.client_for(personas.head1)

    rows = xlsx_rows(client.get(URL + "&cancelled=1").content)[4:]
    cleaning, shopping = rows
    assert cleaning[0] == datetime.datetime(2026, 11, 5)
    assert cleaning[1] == personas.recipient_of_worker2.full_name
    assert cleaning[2:4] == (catalog.cleaning.code, catalog.cleaning.name)
    assert cleaning[4] == 12.5 and cleaning[6] == float(record.amount)
    assert cleaning[8:] == (personas.worker2.short_name, "=1+2", "да")
    assert shopping[1] == personas.recipient_of_worker1.full_name and shopping[10] == "нет"
