"""The supervisor's start page: their institutions with today's people on service, and the
sections to open (a heavier figure — sums, fees — is one click away, not on every login)."""

from django.utils import timezone

from zabota.organisation.access import supervised_institutions
from zabota.reports.periods import Period
from zabota.supervision.builders import masked, over_institutions
from zabota.supervision.figures import ON_SERVICE_SECTION
from zabota.supervision.sections import sections


def supervisor_block(request) -> dict:
    institutions = list(supervised_institutions(request.staff))
    today = timezone.localdate()
    breakdown = over_institutions(ON_SERVICE_SECTION, institutions, Period.month(today), today)
    rows = [
        {
            "label": line.label,
            "pk": line.opens,
            "on_service": masked(ON_SERVICE_SECTION, line.values)[0],
        }
        for line in breakdown.lines
    ]
    return {
        "rows": rows,
        "total": masked(ON_SERVICE_SECTION, breakdown.totals)[0],
        "sections": sections(),
        "today": today,
    }
