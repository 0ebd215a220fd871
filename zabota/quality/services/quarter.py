"""What the system proposes each quarter without being asked: the survey sample of every
institution and the inspection plan of every department (both kept once made)."""

import datetime
import logging

from zabota.organisation.models import Department, Institution
from zabota.quality.services.inspections import inspection_plan_build
from zabota.quality.services.surveys import survey_sample_build

logger = logging.getLogger(__name__)


def quarter_prepare(*, today: datetime.date) -> tuple[int, int]:
    """(people proposed for surveys, inspections planned) added for the quarter of `today` in
    every institution; a second run adds only what is missing (a worker hired since)."""
    proposed = planned = 0
    for institution in Institution.objects.order_by("pk"):
        added = quarter_prepare_for(institution=institution, today=today)
        proposed, planned = proposed + added[0], planned + added[1]
    return proposed, planned


def quarter_prepare_for(*, institution: Institution, today: datetime.date) -> tuple[int, int]:
    """The same for one institution (the timer's job of the day's alerts)."""
    proposed = survey_sample_build(actor=None, institution=institution, quarter=today)
    planned = 0
    for department in Department.objects.filter(institution=institution, is_active=True):
        planned += inspection_plan_build(actor=None, department=department, quarter=today)
    logger.info(
        "quarter of %s in institution %s: %d proposed for surveys, %d inspections planned",
        today,
        institution.pk,
        proposed,
        planned,
    )
    return proposed, planned
