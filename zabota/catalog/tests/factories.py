"""Builders of catalog entries for the tests of the catalog, payments and programs."""

import datetime
from decimal import Decimal

from zabota.catalog.models import Service, ServiceType, Tariff

LAST_YEAR = datetime.date(2025, 1, 1)
THIS_YEAR = datetime.date(2026, 1, 1)


def make_service(
    institution,
    code: str,
    *,
    type_code: int = 1,
    name: str | None = None,
    prices: dict[datetime.date, str] | None = None,
    **fields,
) -> Service:
    """A service with tariffs {date: price}; by default 50,00 ₽ in 2025 and 55,00 ₽ from 2026."""
    defaults = {"unit": "услуга", "time_norm_minutes": 30}
    service = Service.objects.create(
        institution=institution,
        service_type=ServiceType.objects.get(code=type_code),
        code=code,
        name=name or f"Услуга {code}",
        **(defaults | fields),
    )
    if prices is None:
        prices = {LAST_YEAR: "50.00", THIS_YEAR: "55.00"}
    for effective_from, price in prices.items():
        Tariff.objects.create(service=service, effective_from=effective_from, price=Decimal(price))
    return service
