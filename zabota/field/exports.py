"""The visits (arrival, departure, distance from the home) as a table for XLSX export; a long
one is written by the worker (zabota.jobs.exports, registered in extensions.py)."""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from zabota.core.exports import by_pk, names, values_in_chunks
from zabota.core.forms import PeriodForm, period_filters
from zabota.core.params import flag_param, int_param
from zabota.core.tables import Column, Table
from zabota.delivery.models import Visit
from zabota.field.selectors import search_visits
from zabota.jobs.exports import ListExport
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient

NAME = ("last_name", "first_name", "middle_name")


def visits_table(
    visits: QuerySet[Visit], *, date_from: datetime.date, date_to: datetime.date, **other_filters
) -> Table:
    """The visits' rows; the filters beyond the period are already in `visits`."""
    return Table(
        title="Посещения получателей",
        subtitle=f"с {date_from:%d.%m.%Y} по {date_to:%d.%m.%Y}",
        sheet_name="Посещения",
        columns=[
            Column("Дата", 12, "date"),
            Column("Получатель", 34),
            Column("Адрес", 40),
            Column("Сотрудник", 26),
            Column("Приход", 10),
            Column("Уход", 10),
            Column("Расстояние, м", 12, "number"),
            Column("Услуг", 8, "number"),
            Column("Сверх объёма", 10, "number"),
            Column("Требует проверки", 10),
            Column("Заключение проверки", 30),
        ],
        rows=_rows(visits),
    )


def _time(value) -> str:
    return f"{timezone.localtime(value):%H:%M}" if value else ""


def _rows(visits: QuerySet[Visit]) -> Iterator[list]:
    """`visits` come annotated with `services` and `over_volume` (field.selectors)."""
    fields = (
        "visited_on", "recipient_id", "worker_id", "arrived_at", "left_at", "distance_m",
        "services", "over_volume", "needs_review", "review_note",
    )  # fmt: skip
    people = Recipient.objects.only(*NAME, "actual_address", "registration_address")
    for chunk in values_in_chunks(visits, *fields):
        persons = by_pk(people, {row[1] for row in chunk})
        workers = names(Staff.objects.only(*NAME), {row[2] for row in chunk}, "short_name")
        for day, person, worker, came, left, distance, done, over, review, note in chunk:
            yield [
                day,
                persons[person].full_name,
                persons[person].address,
                workers[worker],
                _time(came),
                _time(left),
                distance,
                done,
                over,
                review,
                note,
            ]


def visit_filters(query: QueryDict) -> tuple[PeriodForm, dict]:
    """The period form and the filters of the visits' page, from its query string."""
    return period_filters(
        query, worker_id=int_param(query, "worker"), far_only=flag_param(query, "far")
    )


VISITS_EXPORT = ListExport(
    code="export.field.visits",
    label="Выгрузка посещений",
    filename="Посещения.xlsx",
    capability="visits.review",
    filters=lambda query: visit_filters(query)[1],
    search=search_visits,
    table=visits_table,
)
