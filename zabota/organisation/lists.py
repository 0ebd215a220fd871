"""The list of staff accounts as a function of its GET parameters: the list page and the start
page's tiles read a saved filter the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.core.lists import SavedList
from zabota.organisation.selectors import search_staff

# ?active=: accounts that may log in, those switched off, or all.
ACTIVE_CHOICES = [("", "все"), ("1", "действуют"), ("0", "отключены")]


def staff_filters(params: Mapping[str, str]) -> dict:
    return {
        "text": params.get("q", ""),
        "role": params.get("role", ""),
        "active": {"1": True, "0": False}.get(params.get("active", "")),
    }


def staff_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    return search_staff(staff, **staff_filters(params))


STAFF = SavedList("organisation:staff_list", staff_rows)
