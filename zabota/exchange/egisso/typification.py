"""The level of long-term care as ЕГИССО's typification of an assessment (`tTypification`,
../shared/reference/ltc-care-services.md §1.2): date, level 1–3 and points. Message 10.06.S has
no place for it; this is where an exchange that carries it takes it from (docs/egisso.md,
«Уровень долговременного ухода»)."""

from zabota.ltc.models import Assessment, AssessmentStatus
from zabota.rules import ltc as ltc_rules
from zabota.rules.egisso import Typification, typification


def typification_of(assessment: Assessment) -> Typification | None:
    """The typification of a submitted assessment; None for a draft, an assessment that gives
    no level 1–3, one of a methodology of care groups 0–5 (the exchange carries levels only and
    no table maps a group onto a level), or one without a sum of points (an expert's level where
    the region's points are unknown: the exchange requires points, and none is invented)."""
    if assessment.status != AssessmentStatus.SUBMITTED:
        return None
    methodology = getattr(assessment, "methodology", None) if assessment.methodology_id else None
    if methodology is not None and methodology.rules.outcome_kind != ltc_rules.LEVEL:
        return None
    # The outcome's number since methodologies say it (v2); older outcomes' codes were the level.
    level = assessment.outcome_value
    code = str(level) if level is not None else assessment.outcome_code
    return typification(assessment.assessed_on, code, assessment.total)
