"""The journal of events as a function of its GET parameters: the journal page and the start
page's tiles read a saved filter the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.audit.models import EventKind
from zabota.audit.selectors import events_for
from zabota.core.forms import PeriodForm
from zabota.core.lists import SavedList
from zabota.core.params import choice_param, int_param


def event_filters(params: Mapping[str, str]) -> tuple[dict, PeriodForm]:
    # An unreadable filter is refused (400): the export for the person responsible for personal
    # data must hold exactly what was asked, not the whole journal with the filter dropped.
    period = PeriodForm(params or None)
    date_from, date_to = period.chosen()
    success = choice_param(params, "success", ("1", "0"))
    return {
        "kind": choice_param(params, "kind", EventKind.values),
        "username": params.get("username", "").strip(),
        "date_from": date_from,
        "date_to": date_to,
        "recipient_id": int_param(params, "recipient"),
        "success": {"1": True, "0": False}.get(success),
        "text": params.get("q", "").strip(),
    }, period


def event_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    filters, _period = event_filters(params)
    return events_for(staff, **filters)


EVENTS = SavedList("audit:events", event_rows)
