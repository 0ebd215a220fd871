"""The quality indicators as the supervisor sees them equal the institutions' own reports
«Показатели качества»; shares of the total come from the summed counts."""

import datetime

import pytest
from django.urls import reverse

from zabota.quality.indicators import compute
from zabota.quality.report import quality_report
from zabota.quality.tests.conftest import close, complaint, inspect, survey
from zabota.reports.periods import Period
from zabota.reports.queries import Scope
from zabota.rules.small_groups import MASK
from zabota.supervision.builders import as_table, over_institutions
from zabota.supervision.quality import QUALITY_SECTION
from zabota.supervision.sections import SECTIONS

pytestmark = pytest.mark.django_db
D = datetime.date
Q4 = Period(D(2026, 10, 1), D(2026, 12, 31))


@pytest.fixture
def surveyed(two, frozen):
    """The first institution: two surveys with every answer at the top, a justified appeal and
    an inspection with a violation. The other: one survey with every answer at the bottom and
    two appeals, one dismissed."""
    p, institutions = two
    survey(p.head1, p.recipient_of_worker1, 5, on=D(2026, 10, 20))
    survey(p.head1, p.recipient_of_worker2, 5, on=D(2026, 11, 3))
    close(p.head1, complaint(p.head1, p.recipient_of_worker1, worker=p.worker1, on=D(2026, 10, 2)))
    inspect(p.head1, p.recipient_of_worker1, p.worker1, on=D(2026, 11, 5), violations=1)
    other = p.outsider_director
    survey(other, p.outsider_recipient, 1, on=D(2026, 11, 2))
    close(other, complaint(other, p.outsider_recipient, on=D(2026, 10, 12)), "unjustified")
    complaint(other, p.outsider_recipient, on=D(2026, 11, 12))
    return p, institutions, frozen


def own_totals(institution, today) -> list:
    report, _trend = quality_report(
        institution=institution,
        scope=Scope(institution_id=institution.pk),
        period=Q4,
        today=today,
    )
    return report.tables[0].totals


# Columns of the institution's own report (after the label) → the supervisor's section.
SAME = {1: 0, 2: 1, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 10: 10, 11: 11, 12: 12, 13: 13, 15: 15}


def test_the_supervisors_quality_counts_are_the_sums_of_the_institutions_own_reports(surveyed):
    _, institutions, today = surveyed
    own = [own_totals(i, today) for i in institutions]
    breakdown = over_institutions(QUALITY_SECTION, institutions, Q4, today)
    for column, index in SAME.items():
        assert breakdown.totals[index] == own[0][column] + own[1][column], column
    assert breakdown.totals[0] == 3 and breakdown.totals[5] == 3
    for line, totals in zip(breakdown.lines, own, strict=True):
        assert line.values[4] == totals[3], "each line's satisfaction is the institution's own"


def test_the_total_satisfaction_comes_from_summed_answers_not_from_averaged_percentages(
    surveyed,
):
    _, institutions, today = surveyed
    tallies = [
        compute(Scope(institution_id=i.pk), Q4, light=True).total.tally for i in institutions
    ]
    shares = [t.percent for t in tallies]
    assert shares == [100, 0]
    totals = over_institutions(QUALITY_SECTION, institutions, Q4, today).totals
    expected = (tallies[0] + tallies[1]).percent
    assert totals[4] == expected
    assert expected not in (sum(shares) / 2, 100, 0)
    assert totals[2] == tallies[0].answers + tallies[1].answers


def test_the_quality_section_masks_the_counts_of_surveys_and_appeals_under_three(surveyed):
    _, institutions, today = surveyed
    table = as_table(over_institutions(QUALITY_SECTION, institutions, Q4, today), "")
    first, other = table.rows
    assert first[1] == MASK and other[1] == MASK, "two and one surveys"
    assert table.totals[1] == 3
    assert other[6] == MASK and table.totals[6] == 3


def test_the_supervisor_opens_the_quality_section_over_both_institutions(surveyed, client):
    p, institutions, _ = surveyed
    assert SECTIONS["quality"] is QUALITY_SECTION
    client.force_login(p.supervisor.user)
    url = reverse("supervision:section", args=["quality"])
    response = client.get(url, {"date_from": "2026-10-01", "date_to": "2026-11-24"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Удовлетворённость, %" in page
    for institution in institutions:
        assert str(institution) in page
    assert "66,7" in page or "66.7" in page, "2 of 3 surveys' answers at the top"
    assert p.outsider_recipient.last_name not in page
