"""The list of reassessments due as a function of its GET parameters: the list page and the
start page's tiles read a saved filter the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.core.lists import SavedList, days_param, int_param
from zabota.ltc.selectors import OVERDUE, UPCOMING, reassessments_due

STATES = [
    ("", "просроченные и предстоящие"),
    (OVERDUE, "только просроченные"),
    (UPCOMING, "только предстоящие"),
]


def reassessment_filters(params: Mapping[str, str]) -> dict:
    state = params.get("state", "")
    return {
        "days": days_param(params.get("days")),
        "department_id": int_param(params.get("department")),
        "text": params.get("q", ""),
        "state": state if state in dict(STATES) else "",
    }


def reassessment_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    filters = reassessment_filters(params)
    return reassessments_due(
        staff,
        today,
        filters["days"],
        filters["department_id"],
        text=filters["text"],
        state=filters["state"],
    )


REASSESSMENTS = SavedList("ltc:reassessments", reassessment_rows)
