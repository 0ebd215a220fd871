"""The list «Адреса без координат» as a function of its GET parameters: the page and the start
page's tile read it the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import Q, QuerySet

from zabota.core.lists import SavedList
from zabota.core.params import int_param
from zabota.recipients.models import RecipientStatus
from zabota.recipients.selectors import search_recipients


def unplaced_filters(params: Mapping[str, str]) -> dict:
    return {
        "text": params.get("q", ""),
        "department_id": int_param(params, "department"),
        "worker_id": int_param(params, "worker"),
    }


def unplaced_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    """People on service whose home has no coordinates: their visits cannot be put on a route."""
    people = search_recipients(staff, status=RecipientStatus.ACTIVE, **unplaced_filters(params))
    return people.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))


UNPLACED = SavedList("field:unplaced", unplaced_rows)
