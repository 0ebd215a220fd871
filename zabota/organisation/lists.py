"""The list of staff accounts as a function of its GET parameters: the list page and the start
page's tiles read a saved filter the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.core.lists import SavedList
from zabota.core.params import choice_param
from zabota.organisation.roles import Role
from zabota.organisation.selectors import search_staff

# ?active=: accounts that may log in, those switched off, or all.
ACTIVE_CHOICES = [("", "все"), ("1", "действуют"), ("0", "отключены")]


def staff_filters(params: Mapping[str, str]) -> dict:
    return {
        "text": params.get("q", ""),
        "role": choice_param(params, "role", Role.values),
        "active": {"1": True, "0": False}.get(choice_param(params, "active", ("1", "0"))),
    }


def staff_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    return search_staff(staff, **staff_filters(params))


STAFF = SavedList("organisation:staff_list", staff_rows)
