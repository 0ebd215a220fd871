"""The lists of quality of care as functions of their GET parameters: the list pages, the start
page's tiles and the alerts read a saved filter the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.core.lists import SavedList, words_query
from zabota.core.params import choice_param, date_param, int_param
from zabota.quality.models import Outcome
from zabota.quality.selectors import (
    COMPLAINT_STATES,
    NAME_FIELDS,
    alerts_of,
    inspections_for,
    plan_lines_for,
    search_complaints,
    search_surveys,
    violations_for,
)
from zabota.rules import quality as rules

UNREAD, ALL = "", "all"
ALERT_STATES = [(UNREAD, "непрочитанные"), (ALL, "все")]
TODO, DONE = "todo", "done"
PLAN_STATES = [("", "все"), (TODO, "не проведены"), (DONE, "проведены")]
OPEN, OVERDUE, CORRECTED = "open", "overdue", "corrected"
VIOLATION_STATES = [
    ("", "все"),
    (OPEN, "не устранены"),
    (OVERDUE, "срок устранения истёк"),
    (CORRECTED, "устранены"),
]


def survey_filters(params: Mapping[str, str]) -> dict:
    return {
        "text": params.get("q", ""),
        "department_id": int_param(params, "department"),
        "worker_id": int_param(params, "worker"),
        "date_from": date_param(params, "date_from"),
        "date_to": date_param(params, "date_to"),
    }


def survey_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    return search_surveys(staff, **survey_filters(params))


def complaint_filters(params: Mapping[str, str]) -> dict:
    return {
        "text": params.get("q", ""),
        "state": choice_param(params, "state", dict(COMPLAINT_STATES)),
        "department_id": int_param(params, "department"),
        "outcome": choice_param(params, "outcome", Outcome.values),
    }


def complaint_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    return search_complaints(staff, today=today, **complaint_filters(params))


def inspection_filters(params: Mapping[str, str]) -> dict:
    return {
        "text": params.get("q", ""),
        "department_id": int_param(params, "department"),
        "worker_id": int_param(params, "worker"),
        "date_from": date_param(params, "date_from"),
        "date_to": date_param(params, "date_to"),
    }


def inspection_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    f = inspection_filters(params)
    queryset = inspections_for(staff)
    if f["text"].strip():
        queryset = queryset.filter(words_query(f["text"], NAME_FIELDS))
    if f["department_id"]:
        queryset = queryset.filter(department_id=f["department_id"])
    if f["worker_id"]:
        queryset = queryset.filter(worker_id=f["worker_id"])
    if f["date_from"]:
        queryset = queryset.filter(inspected_on__gte=f["date_from"])
    if f["date_to"]:
        queryset = queryset.filter(inspected_on__lte=f["date_to"])
    return queryset.select_related("recipient", "worker", "inspector", "department").order_by(
        "-inspected_on", "-pk"
    )


def plan_filters(params: Mapping[str, str], today: datetime.date) -> dict:
    quarter = date_param(params, "quarter") or today
    return {
        "quarter": rules.quarter_start(quarter),
        "department_id": int_param(params, "department"),
        "state": choice_param(params, "state", dict(PLAN_STATES)),
    }


def plan_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    f = plan_filters(params, today)
    queryset = plan_lines_for(staff).filter(quarter=f["quarter"])
    if f["department_id"]:
        queryset = queryset.filter(department_id=f["department_id"])
    if f["state"] == TODO:
        queryset = queryset.filter(inspection__isnull=True)
    elif f["state"] == DONE:
        queryset = queryset.filter(inspection__isnull=False)
    return queryset.select_related("worker", "department", "inspection").order_by(
        "planned_on", "worker__last_name", "pk"
    )


def violation_filters(params: Mapping[str, str]) -> dict:
    return {
        "state": choice_param(params, "state", dict(VIOLATION_STATES)),
        "department_id": int_param(params, "department"),
    }


def violation_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    f = violation_filters(params)
    queryset = violations_for(staff)
    if f["state"] in (OPEN, OVERDUE):
        queryset = queryset.filter(corrected_on__isnull=True)
    if f["state"] == OVERDUE:
        queryset = queryset.filter(correct_by__lt=today)
    elif f["state"] == CORRECTED:
        queryset = queryset.filter(corrected_on__isnull=False)
    if f["department_id"]:
        queryset = queryset.filter(inspection__department_id=f["department_id"])
    return queryset.select_related(
        "inspection", "inspection__recipient", "inspection__worker"
    ).order_by("correct_by", "pk")


def alert_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    queryset = alerts_of(staff)
    if choice_param(params, "show", dict(ALERT_STATES)) != ALL:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("read_at", "-created_at", "-pk")


SURVEYS = SavedList("quality:surveys", survey_rows)
COMPLAINTS = SavedList("quality:complaints", complaint_rows)
INSPECTIONS = SavedList("quality:inspections", inspection_rows)
PLAN = SavedList("quality:plan", plan_rows)
VIOLATIONS = SavedList("quality:violations", violation_rows)
ALERTS = SavedList("quality:alerts", alert_rows)
