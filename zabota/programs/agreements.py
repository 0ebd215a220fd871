"""Contracts follow their programs (reads).

A new ИППСУ version, once approved, replaces the old one («заменена»), but a contract in force
still names the old program until a дополнительное соглашение moves it (Приказ Минтруда России
№ 874н, прил. 1, п. 1: the program is part of the contract; п. 13: changes by agreement). Here:
which contracts are left behind, and what the agreement that moves one would change — the
services, the monthly cost and the fee — for the contract and program pages and the form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from zabota.documents.wording import quantity_with_unit
from zabota.payments.selectors import fee_for
from zabota.programs.models import Contract, ContractAmendment, ContractStatus, Program
from zabota.programs.models import ProgramStatus as Status
from zabota.programs.selectors import priced_lines
from zabota.rules.payment import Fee
from zabota.rules.program_changes import (
    ADDED,
    CHANGED,
    REMOVED,
    Line,
    LineChange,
    ProgramChanges,
    compare,
)


def program_successor(program: Program) -> Program | None:
    """The program in force that replaced `program` (its new version or its next term), or None
    while `program` is not replaced. Approval replaces every earlier program of the person that
    reaches into the new term, so the successor is the person's latest program in force."""
    if program.status != Status.REPLACED:
        return None
    return (
        Program.objects.filter(recipient_id=program.recipient_id, status=Status.IN_FORCE)
        .exclude(pk=program.pk)
        .order_by("-valid_from", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Behind:
    """A contract in force on a replaced program, and the program that replaced it."""

    contract: Contract
    successor: Program

    @property
    def warning(self) -> str:
        old, new = self.contract.program, self.successor
        return (
            f"Договор № {self.contract.number} заключён по ИППСУ № {old.number} от "
            f"{old.drawn_up_on:%d.%m.%Y}, которая заменена ИППСУ № {new.number} от "
            f"{new.drawn_up_on:%d.%m.%Y}: оформите дополнительное соглашение."
        )


def contracts_behind(recipient, today: datetime.date) -> list[Behind]:
    """The person's contracts in force whose program has been replaced."""
    contracts = Contract.objects.filter(
        recipient=recipient,
        status=ContractStatus.ACTIVE,
        valid_until__gte=today,
        program__status=Status.REPLACED,
    ).select_related("program")
    result = []
    for contract in contracts:
        successor = program_successor(contract.program)
        if successor is not None:
            result.append(Behind(contract, successor))
    return result


def contract_behind(contract: Contract, today: datetime.date) -> Behind | None:
    if contract.status != ContractStatus.ACTIVE or contract.valid_until < today:
        return None
    successor = program_successor(contract.program)
    return Behind(contract, successor) if successor is not None else None


# --- what an agreement changes -----------------------------------------------------------


def program_lines(program: Program, on_date: datetime.date) -> list[Line]:
    return [
        Line(
            key=str(priced.line.service_id),
            code=priced.line.service.code,
            name=priced.line.service.name,
            unit=priced.line.service.unit,
            quantity=priced.line.quantity_per_month,
            amount=priced.amount,
        )
        for priced in priced_lines(program, on_date)
    ]


def program_changes(old: Program, new: Program, on_date: datetime.date) -> ProgramChanges:
    """The services the move from `old` to `new` changes, both priced at the tariffs in force
    on `on_date` (the day of the agreement), so only volumes make the difference."""
    return compare(program_lines(old, on_date), program_lines(new, on_date))


def describe(old: Program, new: Program, changes: ProgramChanges) -> str:
    """The «содержание изменений» line the form proposes."""
    # Lower case: the agreement prints it after «Содержание изменений:».
    text = (
        f"переход на ИППСУ № {new.number} от {new.drawn_up_on:%d.%m.%Y} "
        f"взамен ИППСУ № {old.number} от {old.drawn_up_on:%d.%m.%Y}"
    )
    if not changes.lines:
        return text + "; перечень и объём услуг не изменились."
    parts = [f"{SAID[line.change]} «{line.name}» ({_volumes(line)})" for line in changes.lines]
    return f"{text}: {'; '.join(parts)}."


SAID = {ADDED: "добавлена услуга", REMOVED: "исключена услуга", CHANGED: "изменён объём услуги"}


def _volumes(line: LineChange) -> str:
    def v(quantity) -> str:
        return quantity_with_unit(quantity, line.unit)

    if line.quantity_before is None:
        return f"{v(line.quantity_after)} в месяц"
    if line.quantity_after is None:
        return f"было {v(line.quantity_before)} в месяц"
    return f"было {v(line.quantity_before)}, стало {v(line.quantity_after)} в месяц"


@dataclass(frozen=True)
class Proposal:
    """The agreement the pages propose for a contract left behind."""

    behind: Behind
    on_date: datetime.date
    changes: ProgramChanges
    fee_after: Fee | None  # None: the payment condition is not computed
    new_valid_until: datetime.date | None
    description: str

    @property
    def contract(self) -> Contract:
        return self.behind.contract

    @property
    def fee_changes(self) -> bool:
        return self.fee_after is None or (
            self.fee_after.kind,
            self.fee_after.amount,
        ) != (self.contract.fee_kind, self.contract.monthly_fee)


def agreement_proposal(contract: Contract, on_date: datetime.date) -> Proposal | None:
    """What the agreement moving `contract` to its program's successor would say on `on_date`:
    the services, the cost at that day's tariffs, the fee by the payment decision, and a longer
    term when the contract would end before the new program starts."""
    behind = contract_behind(contract, on_date)
    if behind is None:
        return None
    old, new = contract.program, behind.successor
    changes = program_changes(old, new, on_date)
    new_valid_until = new.valid_until if contract.valid_until < new.valid_from else None
    return Proposal(
        behind=behind,
        on_date=on_date,
        changes=changes,
        fee_after=fee_for(contract.recipient, changes.cost_after, on_date),
        new_valid_until=new_valid_until,
        description=describe(old, new, changes),
    )


# --- stored differences ------------------------------------------------------------------


def changes_as_json(changes: ProgramChanges) -> list[dict]:
    def text(value: Decimal | None):
        return None if value is None else str(value)

    return [
        {
            "change": line.change,
            "code": line.code,
            "name": line.name,
            "unit": line.unit,
            "quantity_before": text(line.quantity_before),
            "quantity_after": text(line.quantity_after),
            "amount_before": text(line.amount_before),
            "amount_after": text(line.amount_after),
        }
        for line in changes.lines
    ]


def stored_changes(amendment: ContractAmendment) -> list[LineChange]:
    """The service lines an agreement recorded, as signed."""

    def number(value):
        return None if value in (None, "") else Decimal(value)

    return [
        LineChange(
            change=item["change"],
            code=item.get("code", ""),
            name=item["name"],
            unit=item.get("unit", ""),
            quantity_before=number(item.get("quantity_before")),
            quantity_after=number(item.get("quantity_after")),
            amount_before=number(item.get("amount_before")) or Decimal("0.00"),
            amount_after=number(item.get("amount_after")) or Decimal("0.00"),
        )
        for item in amendment.service_changes or []
    ]
