"""The list of visits to review as a function of its GET parameters: the list page and the
start page's tile read it the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.core.lists import SavedList
from zabota.delivery.selectors import visits_to_review


def review_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    return visits_to_review(staff).order_by("-visited_on", "-pk")


VISITS_TO_REVIEW = SavedList("delivery:visit_review", review_rows)
