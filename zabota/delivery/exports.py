"""The service log as a table for XLSX export; a long one is written by the worker
(zabota.jobs.exports, registered in extensions.py)."""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import QueryDict

from zabota.catalog.models import Service
from zabota.core.exports import by_pk, names, values_in_chunks
from zabota.core.forms import PeriodForm, period_filters
from zabota.core.params import flag_param, int_param
from zabota.core.tables import Column, Table
from zabota.delivery.models import ServiceRecord
from zabota.delivery.selectors import search_records
from zabota.jobs.exports import ListExport
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient

NAME = ("last_name", "first_name", "middle_name")


def records_table(
    records: QuerySet[ServiceRecord],
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    **other_filters,
) -> Table:
    """The log's rows; the filters beyond the period are already in `records`."""
    return Table(
        title="Журнал оказанных услуг",
        subtitle=f"с {date_from:%d.%m.%Y} по {date_to:%d.%m.%Y}",
        sheet_name="Журнал",
        columns=[
            Column("Дата", 12, "date"),
            Column("Получатель", 34),
            Column("Код", 10),
            Column("Услуга", 50),
            Column("Кол-во", 10, "number"),
            Column("Тариф, ₽", 12, "money"),
            Column("Сумма, ₽", 12, "money"),
            Column("Мин. по норме", 12, "number"),
            Column("Сотрудник", 26),
            Column("Примечание", 30),
            Column("Отменена", 10),
        ],
        rows=_rows(records),
    )


def _rows(records: QuerySet[ServiceRecord]) -> Iterator[list]:
    fields = (
        "performed_on", "recipient_id", "service_id", "quantity", "price", "amount",
        "norm_minutes", "worker_id", "note", "cancelled_at",
    )  # fmt: skip
    for chunk in values_in_chunks(records, *fields):
        people = names(Recipient.objects.only(*NAME), {row[1] for row in chunk}, "full_name")
        services = by_pk(Service.objects.only("code", "name"), {row[2] for row in chunk})
        workers = names(Staff.objects.only(*NAME), {row[7] for row in chunk}, "short_name")
        for day, person, service, quantity, price, amount, minutes, worker, note, off in chunk:
            what = services[service]
            yield [
                day,
                people[person],
                what.code,
                what.name,
                quantity,
                price,
                amount,
                minutes,
                workers[worker],
                note,
                off is not None,
            ]


def record_filters(query: QueryDict) -> tuple[PeriodForm, dict]:
    """The period form and the filters of the log's page, from its query string."""
    return period_filters(
        query,
        recipient_id=int_param(query, "recipient"),
        worker_id=int_param(query, "worker"),
        department_id=int_param(query, "department"),
        include_cancelled=flag_param(query, "cancelled"),
    )


RECORDS_EXPORT = ListExport(
    code="export.delivery.records",
    label="Выгрузка журнала оказанных услуг",
    filename="Журнал оказанных услуг.xlsx",
    capability="recipients.view",
    filters=lambda query: record_filters(query)[1],
    search=search_records,
    table=records_table,
)
