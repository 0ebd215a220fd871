"""«Незавершённые оформления»: the list page and the start page's tile read the same rows
(zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping

from django.db.models import QuerySet

from zabota.core.lists import SavedList, words_query
from zabota.intake.selectors import unfinished_for


def unfinished_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    rows = unfinished_for(staff)
    text = (params.get("q") or "").strip()
    if text:
        rows = rows.filter(words_query(text[:200], ["full_name", "snils"]))
    return rows


UNFINISHED = SavedList("intake:list", unfinished_rows)
