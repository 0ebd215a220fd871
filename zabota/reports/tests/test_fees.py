"""Fee sums computed by the database equal the fee lines computed person by person."""

import datetime
from decimal import Decimal

import pytest

from zabota.payments.models import PaymentDecision
from zabota.recipients.models import Recipient
from zabota.reports.fees import fee_lines, fee_totals, fees_by_department
from zabota.reports.periods import Period
from zabota.reports.queries import Scope
from zabota.reports.tests.conftest import TODAY, decide

pytestmark = pytest.mark.django_db
KOPECK = Decimal("0.01")
PERIODS = [
    Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)),
    Period(datetime.date(2026, 9, 15), datetime.date(2026, 11, 20)),
    Period(datetime.date(2026, 10, 3), datetime.date(2026, 10, 27)),
    Period(datetime.date(2026, 9, 1), datetime.date(2026, 12, 31)),
]


def replace_decision(recipient, *, income: str, applied: datetime.date):
    PaymentDecision.objects.filter(recipient=recipient).update(is_current=False)
    return decide(recipient, income=income, applied=applied)


@pytest.fixture
def conditions(personas, log):
    """Every kind of payment condition, and decisions that change within the period."""
    p = personas
    decide(p.recipient_of_worker1, income="100000.00", applied=datetime.date(2026, 8, 1))
    # Applied on the last day of September: it governs September (the whole cost before).
    replace_decision(p.recipient_of_worker1, income="20100.00", applied=datetime.date(2026, 9, 30))
    decide(p.recipient_of_worker2, income="20200.00", applied=datetime.date(2026, 1, 5))
    # From October 14 a new decision: October and later use it, September the old one.
    replace_decision(p.recipient_of_worker2, income="20000.03", applied=datetime.date(2026, 10, 14))
    decide(p.recipient_in_department2, income="15000.00")  # below the threshold: free
    others = list(
        Recipient.objects.filter(institution=p.institution)
        .exclude(pk__in=[p.recipient_of_worker1.pk, p.recipient_of_worker2.pk])
        .exclude(pk=p.recipient_in_department2.pk)
        .order_by("pk")
    )
    for n, person in enumerate(others):
        if n % 4 == 0:
            person.benefit_categories.add(p.free_category)
            decide(person, income="90000.00")
        elif n % 4 == 1:
            decide(person, income=f"{20100 + n * 37}.{n % 100:02d}")  # partial, odd kopecks
        elif n % 4 == 2:
            # Applied on October's last day: it governs October; September falls back to it
            # too, as the current decision.
            decide(person, income="21000.01", applied=datetime.date(2026, 10, 31))
        elif n == 3:
            # Two decisions on one application: the one computed last governs, though an
            # older one stays current.
            old = decide(person, income="25000.00", applied=datetime.date(2026, 9, 10))
            PaymentDecision.objects.filter(pk=old.pk).update(is_current=False)
            new = decide(person, income="20300.00", applied=datetime.date(2026, 9, 10))
            PaymentDecision.objects.filter(pk=new.pk).update(is_current=False)
            PaymentDecision.objects.filter(pk=old.pk).update(is_current=True)
        # n % 4 == 3 otherwise: no decision at all.


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_the_fee_sums_by_department_equal_the_fee_lines(personas, conditions, frozen, period):
    for departments in (None, (personas.department1.pk,)):
        scope = Scope(personas.institution.pk, departments)
        lines = fee_lines(scope, period)
        expected = {d: v.quantize(KOPECK) for d, v in fees_by_department(lines).items()}
        assert fee_totals(scope, period) == expected
        assert sum(expected.values()) > 0


def test_a_half_kopeck_of_the_cap_is_rounded_up(personas, conditions, frozen):
    # recipient_of_worker2 from 14.10: 0.03 ₽ over the threshold, half of it 0.015 → 0.02 ₽.
    october = Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
    [line] = [
        line
        for line in fee_lines(Scope(personas.institution.pk), october)
        if line.recipient_id == personas.recipient_of_worker2.pk
    ]
    assert line.fee == Decimal("0.02")


@pytest.mark.django_db(transaction=True)
def test_the_institution_report_takes_its_fees_from_a_second_connection_and_they_agree(
    personas, conditions, frozen
):
    """Outside a transaction (a page's request) the fee query runs in a thread of its own; its
    column equals the fee lines computed person by person."""
    from django.db import connection

    from zabota.reports.builders import institution_report

    assert not connection.in_atomic_block
    period = PERIODS[1]
    scope = Scope(personas.institution.pk)
    report = institution_report(
        institution=personas.institution, scope=scope, period=period, today=TODAY
    )
    by_name = {row[0]: row[5] for row in report.tables[0].rows}
    expected = fees_by_department(fee_lines(scope, period))
    assert by_name == {
        personas.department1.name: expected[personas.department1.pk].quantize(KOPECK),
        personas.department2.name: expected.get(personas.department2.pk, Decimal(0)).quantize(
            KOPECK
        ),
    }
    assert sum(by_name.values()) > 0
