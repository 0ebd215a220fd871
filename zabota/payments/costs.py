"""The monthly cost of services a fee is computed on (442-ФЗ ст. 32): the planned cost of the
ИППСУ in force. Programs sits above payments — a contract states the fee computed here — so it
tells payments that cost through this point (registered in zabota.programs.extensions)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class CostSource:
    # (recipient, day, request or None) -> (the program in force or None, its monthly cost);
    # a page passes its request, so that the card asks for the day's program once.
    of_recipient: Callable[..., tuple[Any, Decimal]]
    # (recipient ids — a subquery, day) -> {recipient id: monthly cost}, in fixed queries.
    of_recipients: Callable[..., dict[int, Decimal]]


_SOURCE: list[CostSource] = []


def register(source: CostSource) -> None:
    _SOURCE[:] = [source]


def cost_source() -> CostSource:
    return _SOURCE[0]
