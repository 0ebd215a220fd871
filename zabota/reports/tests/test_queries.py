"""The numbers of every source equal a GROUP BY straight over the service log."""

import datetime
from decimal import Decimal

import pytest

from zabota.delivery.models import MonthlyTotal, RecipientMonth, ServiceRecord
from zabota.reports.periods import Period
from zabota.reports.queries import (
    HOURS,
    QUANTITY,
    RECIPIENTS,
    RUBLES,
    SERVICES,
    Scope,
    aggregate,
    total,
)
from zabota.reports.tests.conftest import direct

pytestmark = pytest.mark.django_db
ALL = [RECIPIENTS, SERVICES, HOURS, RUBLES]

PERIODS = {
    "one whole month": Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)),
    "two whole months": Period(datetime.date(2026, 9, 1), datetime.date(2026, 10, 31)),
    "inside one month": Period(datetime.date(2026, 10, 10), datetime.date(2026, 10, 20)),
    "across two part months": Period(datetime.date(2026, 9, 17), datetime.date(2026, 10, 9)),
    "part, whole, part": Period(datetime.date(2026, 9, 15), datetime.date(2026, 11, 20)),
    "the current month to its end": Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)),
}
FIELDS = {
    "worker": "worker_id",
    "department": "department_id",
    "service": "service_id",
    "service_type": "service__service_type_id",
    "month": "month",
}


def _measures(rows, dimension, measures):
    return {row[dimension]: {m: row[m] for m in measures} for row in rows}


@pytest.mark.parametrize("name", PERIODS)
def test_sums_by_any_dimension_equal_the_log_for_any_period(personas, log, name):
    period = PERIODS[name]
    scope = Scope(institution_id=personas.institution.pk)
    for dimension, field in FIELDS.items():
        measures = [SERVICES, HOURS, RUBLES] + ([QUANTITY] if dimension == "service" else [])
        found = _measures(aggregate(scope, period, [dimension], measures), dimension, measures)
        expected = {
            key: {m: values[m] for m in measures}
            for key, values in direct(field, period.start, period.end).items()
        }
        assert found == expected, dimension
        assert sum(v[SERVICES] for v in found.values()) > 0


@pytest.mark.parametrize("name", PERIODS)
def test_people_served_are_counted_once_per_group_for_any_period(personas, log, name):
    period = PERIODS[name]
    scope = Scope(institution_id=personas.institution.pk)
    for dimension in ["worker", "department", "service_type", "month"]:
        rows = aggregate(scope, period, [dimension], [RECIPIENTS])
        found = {r[dimension]: r[RECIPIENTS] for r in rows}
        expected = direct(FIELDS[dimension], period.start, period.end)
        assert found == {k: v[RECIPIENTS] for k, v in expected.items()}, dimension


@pytest.mark.parametrize("name", PERIODS)
def test_the_total_of_a_department_counts_each_person_once(personas, log, name):
    period = PERIODS[name]
    scope = Scope(institution_id=personas.institution.pk, department_ids=(personas.department1.pk,))
    expected = direct(None, period.start, period.end, department=personas.department1)[None]
    assert total(scope, period, ALL) == {m: expected[m] for m in ALL}


def test_a_worker_scope_holds_only_that_workers_records(personas, log):
    period = PERIODS["part, whole, part"]
    scope = Scope(institution_id=personas.institution.pk, worker_id=personas.caregiver1.pk)
    expected = direct(None, period.start, period.end, worker=personas.caregiver1)[None]
    assert total(scope, period, ALL) == {m: expected[m] for m in ALL}


def test_cancelled_records_are_left_out_of_every_source(personas, log):
    cancelled = ServiceRecord.objects.get(cancelled_at__isnull=False)
    assert (cancelled.quantity, cancelled.performed_on) == (5, datetime.date(2026, 10, 20))
    scope = Scope(institution_id=personas.institution.pk, worker_id=personas.worker1.pk)
    all_records = ServiceRecord.objects.filter(worker=personas.worker1, service=log.additional)
    for period in (PERIODS["one whole month"], PERIODS["inside one month"]):
        rows = aggregate(scope, period, ["service"], [SERVICES, QUANTITY])
        found = {r["service"]: (r[SERVICES], r[QUANTITY]) for r in rows}[log.additional.pk]
        logged = all_records.filter(performed_on__range=(period.start, period.end))
        quantity = sum(r.quantity for r in logged)
        assert found == (logged.count() - 1, quantity - 5)


def test_whole_months_are_read_from_the_monthly_totals(personas, log, django_assert_num_queries):
    """Proof that the totals are the source: change them and the report follows."""
    october = PERIODS["one whole month"]
    scope = Scope(institution_id=personas.institution.pk)
    before = total(scope, october, [SERVICES])[SERVICES]
    MonthlyTotal.objects.filter(month=october.start).update(records=0)
    RecipientMonth.objects.filter(month=october.start).update(records=0)
    assert before > 0
    assert total(scope, october, [SERVICES])[SERVICES] == 0
    inside = PERIODS["inside one month"]
    assert total(scope, inside, [SERVICES])[SERVICES] > 0


def test_a_period_with_nothing_logged_gives_zeros(personas, log):
    empty = Period(datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
    scope = Scope(institution_id=personas.institution.pk)
    assert total(scope, empty, ALL) == {
        RECIPIENTS: 0,
        SERVICES: 0,
        HOURS: Decimal("0.00"),
        RUBLES: Decimal("0.00"),
    }
    assert aggregate(scope, empty, ["worker"], ALL) == []


def test_another_institution_is_never_counted(personas, log):
    scope = Scope(institution_id=personas.outsider_director.institution_id)
    assert total(scope, PERIODS["part, whole, part"], ALL)[SERVICES] == 0


def test_periods_split_into_whole_months_and_edges():
    period = Period(datetime.date(2026, 9, 15), datetime.date(2026, 11, 20))
    assert period.whole_months() == (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1))
    assert period.edges() == [
        (datetime.date(2026, 9, 15), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 11, 1), datetime.date(2026, 11, 20)),
    ]
    inside = Period(datetime.date(2026, 10, 10), datetime.date(2026, 10, 20))
    assert inside.whole_months() is None and inside.edges() == [(inside.start, inside.end)]
    year = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert year.edges() == [] and year.label == "за 2026 год"
    assert Period(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)).label == "за февраль 2026"
