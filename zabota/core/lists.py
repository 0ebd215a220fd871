"""Pagination and search shared by every list page."""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.urls import reverse

from zabota.core.params import parse_int

PER_PAGE = 25


def page_number(request) -> int | str:
    """?page=: a number from 1, or «last»; anything else is refused (400), not page 1."""
    raw = (request.GET.get("page") or "").strip()
    if raw in ("", "last"):
        return raw or 1
    return parse_int(raw, "page")


def paginate(request, queryset: QuerySet, per_page: int = PER_PAGE) -> Page:
    """The page asked for with ?page=; a number past the end (the list got shorter since the
    link was made) gives the last page."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(page_number(request))


def words_query(text: str, fields: list[str]) -> Q:
    """Every word of `text` must be found in one of `fields` (case-insensitive)."""
    condition = Q()
    for word in text.split()[:6]:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return params.urlencode()


# A list page's rows as a function of (staff, GET parameters, today).
ListRows = Callable[[Any, Mapping[str, str], datetime.date], QuerySet | Sequence]


@dataclass(frozen=True)
class SavedList:
    """A list page as a function of its GET parameters.

    The page shows `rows(staff, request.GET, today)`; a figure elsewhere that says «N such
    rows» (a tile of the start page) calls the same function with the parameters of its link,
    so the number and the list it leads to cannot disagree.
    """

    url_name: str
    rows: ListRows

    def url(self, params: Mapping[str, object] | None = None) -> str:
        query = urlencode(_as_get(params))
        return reverse(self.url_name) + (f"?{query}" if query else "")

    def count(self, staff, params: Mapping[str, object], today: datetime.date) -> int:
        rows = self.rows(staff, _as_get(params), today)
        return rows.count() if isinstance(rows, QuerySet) else len(rows)


def _as_get(params: Mapping[str, object] | None) -> dict[str, str]:
    # The rows see what the page would read from the address: strings, empty ones dropped.
    return {key: str(value) for key, value in (params or {}).items() if value not in (None, "")}
