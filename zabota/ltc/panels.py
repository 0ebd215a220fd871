"""What long-term care shows on other pages: the recipient's card and the start page."""

import datetime

from django.utils import timezone

from zabota.core.tiles import list_tile
from zabota.ltc.lists import REASSESSMENTS
from zabota.ltc.models import CarePlan, CarePlanStatus
from zabota.ltc.selectors import OVERDUE, UPCOMING, assessments_of, current_care_plan

WIDGET_DAYS = 30
SOON_DAYS = 30


def card_context(request, recipient) -> dict:
    """The card's section: the current level, the plan in force, the history of assessments."""
    history = list(assessments_of(recipient)[:50])
    today = timezone.localdate()
    return {
        "history": history,
        "latest": next((a for a in history if not a.is_draft), None),
        "draft": next((a for a in history if a.is_draft), None),
        "plan": current_care_plan(recipient),
        "draft_plans": list(
            CarePlan.objects.filter(recipient=recipient, status=CarePlanStatus.DRAFT)
        ),
        "can_assess": request.staff.can("assessments.edit"),
        "today": today,
        "soon": today + datetime.timedelta(days=SOON_DAYS),
    }


def widget_context(request) -> dict:
    """Overdue reassessments and those due within a month: saved filters of their list."""
    staff, today = request.staff, timezone.localdate()
    return {
        "tiles": [
            list_tile("Просрочены", REASSESSMENTS, staff, today, state=OVERDUE),
            list_tile(
                f"Предстоят в {WIDGET_DAYS} дн.",
                REASSESSMENTS,
                staff,
                today,
                state=UPCOMING,
                days=WIDGET_DAYS,
            ),
        ]
    }
