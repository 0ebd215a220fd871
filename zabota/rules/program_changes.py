"""What a new ИППСУ version changes in the services of a contract: lines added, removed and
changed in volume, with the monthly sums before and after at the same tariffs.

Why a rule: the дополнительное соглашение states these differences to the recipient, who signs
them, so they must come out the same from the page, the printed agreement and the audit entry.
A contract follows its ИППСУ (Приказ Минтруда России от 10.11.2014 № 874н, прил. 1, п. 1 and
п. 13: the program is an integral part of the contract, changed by agreement of the parties).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
LABELS = {ADDED: "добавлена", REMOVED: "исключена", CHANGED: "изменён объём"}
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    """A service of a program: its monthly volume and cost at the tariffs of the comparison."""

    key: str  # the service's identity (its id or code)
    code: str
    name: str
    unit: str
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True)
class LineChange:
    change: str  # ADDED | REMOVED | CHANGED
    code: str
    name: str
    unit: str
    quantity_before: Decimal | None
    quantity_after: Decimal | None
    amount_before: Decimal
    amount_after: Decimal

    @property
    def label(self) -> str:
        return LABELS[self.change]


@dataclass(frozen=True)
class ProgramChanges:
    lines: list[LineChange]
    cost_before: Decimal
    cost_after: Decimal

    @property
    def services_changed(self) -> bool:
        return bool(self.lines)


def compare(before: list[Line], after: list[Line]) -> ProgramChanges:
    """The differences between two programs, in the order of the new program with the removed
    lines at the end; lines whose volume did not change are left out."""
    old = {line.key: line for line in before}
    new = {line.key: line for line in after}
    changes = []
    for line in after:
        previous = old.get(line.key)
        if previous is None:
            changes.append(_change(ADDED, line, None, line))
        elif previous.quantity != line.quantity:
            changes.append(_change(CHANGED, line, previous, line))
    for line in before:
        if line.key not in new:
            changes.append(_change(REMOVED, line, line, None))
    return ProgramChanges(
        lines=changes,
        cost_before=sum((line.amount for line in before), start=ZERO),
        cost_after=sum((line.amount for line in after), start=ZERO),
    )


def _change(kind: str, line: Line, previous: Line | None, current: Line | None) -> LineChange:
    return LineChange(
        change=kind,
        code=line.code,
        name=line.name,
        unit=line.unit,
        quantity_before=previous.quantity if previous else None,
        quantity_after=current.quantity if current else None,
        amount_before=previous.amount if previous else ZERO,
        amount_after=current.amount if current else ZERO,
    )
