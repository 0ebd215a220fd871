"""Reading the catalog and its tariffs.

The pricing rule (docs/catalog-programs-payment.md): the price of a service on a date is the
tariff with the latest `effective_from` not after that date. A logged service is priced at the
tariff in force on the day it was rendered, so a past month keeps the prices it had even after
a new tariff is entered; a tariff that starts mid-month prices the days from its start on.
"""

import bisect
import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.core.lists import words_query

KIND_GUARANTEED = "guaranteed"
KIND_ADDITIONAL = "additional"
KIND_CARE = "care"


def service_types() -> QuerySet[ServiceType]:
    return ServiceType.objects.order_by("code")


def services_of(institution) -> QuerySet[Service]:
    """Every service of an institution's catalog, active or not."""
    return Service.objects.filter(institution=institution).select_related("service_type")


def search_services(
    institution,
    *,
    text: str = "",
    type_code: int | None = None,
    kind: str = "",
    active: bool | None = True,
    on_date: datetime.date | None = None,
) -> QuerySet[Service]:
    """The catalog filtered for its list page, each service annotated with `price` on `on_date`."""
    queryset = services_of(institution)
    text = text.strip()
    if text:
        queryset = queryset.filter(words_query(text, ["code", "name"]))
    if type_code:
        queryset = queryset.filter(service_type__code=type_code)
    if kind == KIND_GUARANTEED:
        queryset = queryset.filter(is_additional=False)
    elif kind == KIND_ADDITIONAL:
        queryset = queryset.filter(is_additional=True)
    elif kind == KIND_CARE:
        queryset = queryset.filter(is_care=True)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    if on_date is not None:
        queryset = queryset.annotate(
            price=price_subquery(on_date), price_from=price_subquery(on_date, "effective_from")
        )
    return queryset.order_by("service_type__code", "code")


def price_subquery(
    on_date: datetime.date, value: str = "price", service_ref: str = "pk"
) -> Subquery:
    """The tariff (or its `value` field) in force on `on_date`, for annotations."""
    return Subquery(
        Tariff.objects.filter(service_id=OuterRef(service_ref), effective_from__lte=on_date)
        .order_by("-effective_from")
        .values(value)[:1]
    )


def tariff_on(service: Service | int, on_date: datetime.date) -> Decimal | None:
    """The price of one unit of `service` on `on_date`; None when no tariff had started yet."""
    service_id = service if isinstance(service, int) else service.pk
    tariff = (
        Tariff.objects.filter(service_id=service_id, effective_from__lte=on_date)
        .order_by("-effective_from")
        .values_list("price", flat=True)
        .first()
    )
    return tariff


def tariffs_on(
    services_or_ids: Iterable[Service | int], on_date: datetime.date
) -> dict[int, Decimal]:
    """{service id: price on `on_date`} in one query; services without a tariff then are absent."""
    ids = {s if isinstance(s, int) else s.pk for s in services_or_ids}
    if not ids:
        return {}
    prices: dict[int, Decimal] = {}
    rows = (
        Tariff.objects.filter(service_id__in=ids, effective_from__lte=on_date)
        .order_by("service_id", "-effective_from")
        .values_list("service_id", "price")
    )
    for service_id, price in rows:
        prices.setdefault(service_id, price)
    return prices


class TariffBook:
    """Every tariff of some services, loaded in one query, to price many records by their dates.

    Used by the service log and the acts: `book.price(service_id, record_date)`.
    """

    def __init__(self, history: dict[int, list[tuple[datetime.date, Decimal]]]):
        # Per service: dates ascending and prices in the same order.
        self._dates = {sid: [d for d, _p in rows] for sid, rows in history.items()}
        self._prices = {sid: [p for _d, p in rows] for sid, rows in history.items()}

    def price(self, service_id: int, on_date: datetime.date) -> Decimal | None:
        dates = self._dates.get(service_id)
        if not dates:
            return None
        index = bisect.bisect_right(dates, on_date) - 1
        return self._prices[service_id][index] if index >= 0 else None


def tariff_book(services_or_ids: Iterable[Service | int]) -> TariffBook:
    ids = {s if isinstance(s, int) else s.pk for s in services_or_ids}
    history: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    if ids:
        rows = (
            Tariff.objects.filter(service_id__in=ids)
            .order_by("service_id", "effective_from")
            .values_list("service_id", "effective_from", "price")
        )
        for service_id, effective_from, price in rows:
            history.setdefault(service_id, []).append((effective_from, price))
    return TariffBook(history)


def tariff_history(service: Service) -> QuerySet[Tariff]:
    return service.tariffs.select_related("created_by").order_by("-effective_from")


def get_service_of(institution, pk: int) -> Service:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(services_of(institution), pk=pk)
