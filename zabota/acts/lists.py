"""The month's list of acts and fees as a function of its GET parameters: the list page and the
accountant's start page read it the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.http import Http404

from zabota.acts.selectors import ActSummary, month_summaries
from zabota.core.lists import SavedList
from zabota.core.params import int_param, parse_month
from zabota.organisation.selectors import billing_departments


def default_month(today: datetime.date) -> datetime.date:
    """Acts are made for the month just ended; from the 20th the current one is offered."""
    if today.day >= 20:
        return today.replace(day=1)
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def act_filters(staff, params: Mapping[str, str], today: datetime.date) -> dict:
    """The month and department asked for; an unreadable one is refused (400), another
    institution's department is not found (404) — never silently the whole list."""
    departments = list(billing_departments(staff))
    department_id = int_param(params, "department")
    if department_id is not None and department_id not in {d.pk for d in departments}:
        raise Http404
    return {
        "month": parse_month(params.get("month"), "month") or default_month(today),
        "departments": departments,
        "department_id": department_id,
        "text": params.get("q", ""),
    }


def act_rows(staff, params: Mapping[str, str], today: datetime.date) -> list[ActSummary]:
    """Everyone with services in the month; nothing for a month still to come."""
    filters = act_filters(staff, params, today)
    if filters["month"] > today.replace(day=1):
        return []
    return month_summaries(
        staff, filters["month"], department_id=filters["department_id"], text=filters["text"]
    )


ACTS = SavedList("acts:list", act_rows)
