"""Pagination and search shared by every list page."""

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

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
