"""The level of long-term care as ЕГИССО's typification of an assessment (`tTypification`,
../shared/reference/ltc-care-services.md §1.2): date, level 1–3 and points. Message 10.06.S has
no place for it; this is where an exchange that carries it takes it from (docs/egisso.md,
«Уровень долговременного ухода»)."""

from zabota.ltc.models import Assessment, AssessmentStatus
from zabota.rules.egisso import Typification, typification


def typification_of(assessment: Assessment) -> Typification | None:
    """The typification of a submitted assessment; None for a draft or an assessment that
    gives no level 1–3."""
    if assessment.status != AssessmentStatus.SUBMITTED:
        return None
    return typification(assessment.assessed_on, assessment.outcome_code, assessment.total)
