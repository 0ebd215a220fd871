"""Pagination and search shared by every list page."""

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

PER_PAGE = 25


def paginate(request, queryset: QuerySet, per_page: int = PER_PAGE) -> Page:
    """The page asked for with ?page=; a wrong or too large number gives the last valid page."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


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
