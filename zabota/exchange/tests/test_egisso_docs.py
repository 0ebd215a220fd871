"""The operator's guide shows the mapping the code uses, line by line, and the assessment gives
ЕГИССО's typification."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from zabota.exchange.egisso.typification import typification_of
from zabota.ltc.models import Assessment, AssessmentStatus
from zabota.rules.egisso import Typification
from zabota.rules.egisso_changes import EVENT_RECORDS

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "egisso.md"


@pytest.mark.parametrize("line", EVENT_RECORDS, ids=[line.cause for line in EVENT_RECORDS])
def test_each_line_of_the_mapping_is_in_the_operator_s_guide(line):
    rows = [row for row in GUIDE.read_text().splitlines() if row.startswith(f"| {line.event} |")]
    assert rows, f"docs/egisso.md has no row for «{line.event}»"
    assert f"`{line.kind}`" in rows[0] and line.fields in rows[0]


def test_the_guide_no_longer_lists_changes_as_not_done():
    not_done = GUIDE.read_text().split("### Не сделано", 1)[1]
    assert "квитанции" not in not_done and "alteration…" not in not_done


def test_a_submitted_assessment_gives_its_date_level_and_points():
    assessment = Assessment(
        status=AssessmentStatus.SUBMITTED,
        assessed_on=datetime.date(2026, 1, 10),
        outcome_code="2",
        total=Decimal("45.50"),
    )
    assert typification_of(assessment) == Typification(
        datetime.date(2026, 1, 10), 2, Decimal("45.50")
    )
    assessment.outcome_code = "0"
    assert typification_of(assessment) is None
    assessment.outcome_code, assessment.status = "2", AssessmentStatus.DRAFT
    assert typification_of(assessment) is None


@pytest.mark.django_db
def test_the_typification_reads_the_outcome_s_number_and_leaves_out_groups_and_expert_levels(
    personas,
):
    from zabota.ltc.services.methodologies import ensure_shipped_methodologies

    methodology = ensure_shipped_methodologies(institution=personas.institution)[0]
    assessment = Assessment(
        methodology=methodology,
        status=AssessmentStatus.SUBMITTED,
        assessed_on=datetime.date(2026, 1, 10),
        outcome_code="moderate",
        outcome_value=3,
        total=Decimal("12"),
    )
    assert typification_of(assessment) == Typification(datetime.date(2026, 1, 10), 3, Decimal(12))
    assessment.total = None  # an expert's level without points: nothing is invented
    assert typification_of(assessment) is None
    assessment.total = Decimal("12")
    methodology.data = {**methodology.data, "outcome_kind": "group"}
    methodology.__dict__.pop("rules", None)
    assessment.outcome_value = 2  # «Группа ухода 2» is not «Уровень нуждаемости 2»
    assert typification_of(assessment) is None
