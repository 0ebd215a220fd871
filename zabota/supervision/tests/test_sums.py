"""A supervisor's totals are the sums of the institutions' own reports (issue 19)."""

import datetime

import pytest

from zabota.reports.builders import conditions_table, institution_report
from zabota.reports.periods import Period
from zabota.reports.queries import Scope
from zabota.reports.sobes import ROWS, sobes_consolidated, sobes_table
from zabota.supervision.builders import over_departments, over_institutions
from zabota.supervision.figures import (
    CONDITIONS_SECTION,
    MOVEMENT_SECTION,
    ON_SERVICE_SECTION,
    SERVICES_SECTION,
)

pytestmark = pytest.mark.django_db
OCTOBER = Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


def own_report(institution, today):
    return institution_report(
        institution=institution,
        scope=Scope(institution_id=institution.pk),
        period=OCTOBER,
        today=today,
    )


def test_the_supervisors_services_and_movement_are_the_sums_of_the_institutions_reports(
    two, frozen
):
    _, institutions = two
    own_totals = [own_report(i, frozen).tables[0].totals for i in institutions]
    # [label, people, services, hours, rubles, fee, enrolled, discharged] per institution.
    summed = [sum(t[k] for t in own_totals) for k in range(1, 8)]
    services = over_institutions(SERVICES_SECTION, institutions, OCTOBER, frozen).totals
    movement = over_institutions(MOVEMENT_SECTION, institutions, OCTOBER, frozen).totals
    assert services == summed[:5]
    assert movement == summed[5:]
    assert summed[1] > 0 and own_totals[1][2] > 0, "both institutions have services"
    assert movement == [own_totals[0][6] + 1, own_totals[0][7] + 1]


def test_people_on_service_and_their_payment_conditions_sum_the_institutions_tables(two, frozen):
    _, institutions = two
    tables = [conditions_table(Scope(institution_id=i.pk), OCTOBER, frozen) for i in institutions]
    # The column «Всего» of each institution's own table, over its departments.
    own = [[sum(r[k] for r in t.rows) for k in range(1, len(t.columns))] for t in tables]
    expected = [a + b for a, b in zip(*own, strict=True)]
    conditions = over_institutions(CONDITIONS_SECTION, institutions, OCTOBER, frozen).totals
    on_service = over_institutions(ON_SERVICE_SECTION, institutions, OCTOBER, frozen).totals
    assert conditions == expected
    assert on_service == [expected[-1]]
    assert on_service[0] > 5


def test_an_institutions_departments_are_its_own_reports_rows(two, frozen):
    _, institutions = two
    report = own_report(institutions[0], frozen)
    own_rows = {row[0]: row[1:6] for row in report.tables[0].rows}
    lines = over_departments(SERVICES_SECTION, institutions[0], OCTOBER, frozen).lines
    assert {line.label: line.values for line in lines} == own_rows


def test_the_consolidated_6_sobes_sums_the_rows_and_keeps_one_column_per_institution(two, frozen):
    _, institutions = two
    own = [
        sobes_table(institution=i, scope=Scope(institution_id=i.pk), period=OCTOBER)[1]
        for i in institutions
    ]
    report = sobes_consolidated(institutions=institutions, period=OCTOBER, today=frozen)
    summed, by_institution = report.tables
    assert [row[2] for row in summed.rows] == [own[0][r] + own[1][r] for r in ROWS]
    assert summed.rows[0][2] == 2, "row 1 counts the organisations"
    assert [row[3:] for row in by_institution.rows] == [[o[r] for o in own] for r in ROWS]
    assert [c.header for c in by_institution.columns[3:]] == [str(i) for i in institutions]
