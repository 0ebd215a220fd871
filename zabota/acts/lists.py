"""The month's list of acts and fees as a function of its GET parameters: the list page and the
accountant's start page read it the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.acts.selectors import ActSummary, month_summaries
from zabota.core.lists import SavedList
from zabota.organisation.roles import Role
from zabota.organisation.selectors import departments_for


def month_param(raw: str | None, today: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        # Acts are made for the month just ended; from the 20th the current one is offered.
        return (
            today.replace(day=1)
            if today.day >= 20
            else (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        )


def billing_departments(staff) -> QuerySet:
    # The accountant bills the whole institution, so sees all its departments.
    if staff.role == Role.ACCOUNTANT:
        from zabota.organisation.models import Department

        return Department.objects.filter(institution_id=staff.institution_id).order_by("number")
    return departments_for(staff)


def act_filters(staff, params: Mapping[str, str], today: datetime.date) -> dict:
    departments = list(billing_departments(staff))
    return {
        "month": month_param(params.get("month"), today),
        "departments": departments,
        "department_id": next(
            (d.pk for d in departments if str(d.pk) == params.get("department")), None
        ),
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
