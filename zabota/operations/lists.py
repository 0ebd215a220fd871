"""The «Ошибки» page's list of server errors as a function of its GET parameters
(zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.core.forms import PeriodForm
from zabota.core.lists import SavedList
from zabota.operations.selectors import error_reports_for


def error_filters(params: Mapping[str, str]) -> tuple[dict, PeriodForm]:
    period = PeriodForm(params or None)
    date_from, date_to = period.chosen()
    return {
        "text": params.get("q", "").strip(),
        "date_from": date_from,
        "date_to": date_to,
    }, period


def error_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    filters, _period = error_filters(params)
    return error_reports_for(staff, **filters)


ERRORS = SavedList("operations:errors", error_rows)
