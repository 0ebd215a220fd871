"""Showing a `zabota.core.tables.Table` on a page exactly as the XLSX writer writes it."""

import datetime
from decimal import Decimal

from django import template

from zabota.core.tables import Table

register = template.Library()
NUMERIC = {"int", "money", "number"}


def display(value, kind: str) -> str:
    """1 234,56 for money, 12,5 for hours, 1 234 for counts; dates as 01.10.2026."""
    if value is None:
        # A number that could not be computed (a fee without a payment decision).
        return "—" if kind in NUMERIC else ""
    if value == "":
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, int | Decimal) and kind in NUMERIC:
        # Sums and hours always with kopecks/hundredths, counts without: 1 234,50 / 1 234.
        text = f"{value:,.2f}" if isinstance(value, Decimal) else f"{value:,}"
        return text.replace(",", "\u00a0").replace(".", ",")
    return str(value)


@register.filter
def cells(row, table: Table) -> list[tuple[str, str, str]]:
    """[(text, css class, header)] of one row, for `class="responsive"` tables."""
    result = []
    for value, column in zip(row, table.columns, strict=True):
        css = "num" if column.kind in NUMERIC else ""
        result.append((display(value, column.kind), css, column.header))
    return result


@register.filter
def numeric(column) -> bool:
    return column.kind in NUMERIC
