"""What the system proposes each quarter without being asked: the survey sample of every
institution and the inspection plan of every department (both kept once made)."""

import datetime
import logging

from zabota.organisation.models import Department, Institution
from zabota.quality.services.inspections import inspection_plan_build
from zabota.quality.services.surveys import survey_sample_build

logger = logging.getLogger(__name__)


def quarter_prepare(*, today: datetime.date) -> tuple[int, int]:
    """(people proposed for surveys, inspections planned) added for the quarter of `today`; a
    second run adds only what is missing (a worker hired since)."""
    proposed = planned = 0
    for institution in Institution.objects.order_by("pk"):
        proposed += survey_sample_build(actor=None, institution=institution, quarter=today)
    for department in Department.objects.filter(is_active=True).select_related("institution"):
        planned += inspection_plan_build(actor=None, department=department, quarter=today)
    logger.info(
        "quarter of %s: %d proposed for surveys, %d inspections planned", today, proposed, planned
    )
    return proposed, planned
