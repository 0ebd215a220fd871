"""The lists of recipients and of medical certificates as functions of their GET parameters:
the list pages and the start page's tiles read a saved filter the same way
(zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.core.lists import SavedList
from zabota.core.params import choice_param, days_param, int_param
from zabota.recipients.models import RecipientStatus
from zabota.recipients.selectors import (
    CERTIFICATE_EXPIRED,
    CERTIFICATE_EXPIRING,
    certificates_due,
    search_recipients,
)

CERTIFICATE_STATES = [
    ("", "истекли и истекают"),
    (CERTIFICATE_EXPIRED, "истекли или нет заключения"),
    (CERTIFICATE_EXPIRING, "истекают"),
]


def recipient_filters(params: Mapping[str, str]) -> dict:
    """The list shows people on service unless ?status= says otherwise («all»: everyone)."""
    status = choice_param(
        params, "status", [*RecipientStatus.values, "all"], RecipientStatus.ACTIVE
    )
    return {
        "text": params.get("q", ""),
        "department_id": int_param(params, "department"),
        "status": "" if status == "all" else status,
        "worker_id": int_param(params, "worker"),
        "category_id": int_param(params, "category"),
    }


def recipient_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    return search_recipients(staff, **recipient_filters(params))


def certificate_filters(params: Mapping[str, str]) -> dict:
    return {
        "days": days_param(params),
        "department_id": int_param(params, "department"),
        "state": choice_param(params, "state", dict(CERTIFICATE_STATES)),
    }


def certificate_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    return certificates_due(staff, today=today, **certificate_filters(params))


RECIPIENTS = SavedList("recipients:list", recipient_rows)
CERTIFICATES = SavedList("recipients:certificates", certificate_rows)
