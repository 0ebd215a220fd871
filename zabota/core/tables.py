"""A table of values that any output format can write: the one interface behind every export.

A list page builds a `Table` from its query; `zabota.core.xlsx` writes it as XLSX. Adding a
format (CSV, PDF) means adding a sibling writer of `Table`, not touching the pages.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 16
    # "text", "date", "int", "money", "number"
    kind: str = "text"


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    subtitle: str = ""
    totals: Sequence[Any] | None = None
    sheet_name: str = "Лист1"
    notes: list[str] = field(default_factory=list)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, bool):
        return "да" if value else "нет"
    return str(value)
