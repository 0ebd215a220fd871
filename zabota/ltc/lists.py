"""The list of reassessments due as a function of its GET parameters: the list page and the
start page's tiles read a saved filter the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.core.lists import SavedList
from zabota.core.params import choice_param, days_param, int_param
from zabota.ltc.selectors import OVERDUE, UPCOMING, reassessments_due

STATES = [
    ("", "просроченные и предстоящие"),
    (OVERDUE, "только просроченные"),
    (UPCOMING, "только предстоящие"),
]


def reassessment_filters(params: Mapping[str, str]) -> dict:
    # An unreadable parameter is refused (400), never replaced by a default.
    return {
        "days": days_param(params),
        "department_id": int_param(params, "department"),
        "text": params.get("q", ""),
        "state": choice_param(params, "state", dict(STATES)),
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
