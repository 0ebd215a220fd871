"""The journal of events as a function of its GET parameters: the journal page and the start
page's tiles read a saved filter the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.audit.models import EventKind
from zabota.audit.selectors import events_for
from zabota.core.lists import SavedList
from zabota.recipients.forms import PeriodForm


def event_filters(params: Mapping[str, str]) -> tuple[dict, PeriodForm]:
    period = PeriodForm(params or None)
    data = period.cleaned_data if period.is_valid() else {}
    success = {"1": True, "0": False}.get(params.get("success", ""))
    recipient = params.get("recipient", "")
    kind = params.get("kind", "")
    return {
        "kind": kind if kind in EventKind.values else "",
        "username": params.get("username", "").strip(),
        "date_from": data.get("date_from"),
        "date_to": data.get("date_to"),
        "recipient_id": int(recipient) if recipient.isdigit() else None,
        "success": success,
        "text": params.get("q", "").strip(),
    }, period


def event_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    filters, _period = event_filters(params)
    return events_for(staff, **filters)


EVENTS = SavedList("audit:events", event_rows)
