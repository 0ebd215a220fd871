"""Builders of programs and contracts for the tests."""

import datetime
from decimal import Decimal

from zabota.catalog.tests.factories import make_service
from zabota.programs.models import (
    Contract,
    ContractStatus,
    FeeKind,
    Program,
    ProgramService,
    ProgramStatus,
)
from zabota.programs.services import Line, program_approve, program_draft


class Catalog:
    """Services of the personas' institution (tariffs 50 ₽ in 2025, 55 ₽ from 2026 unless said)
    and one of the neighbouring institution."""

    def __init__(self, personas):
        institution = personas.institution
        self.shopping = make_service(institution, "1.01", name="Покупка продуктов")
        self.floor = make_service(
            institution,
            "1.11",
            name="Мытьё пола",
            unit="м²",
            time_norm_minutes=2,
            prices={datetime.date(2025, 1, 1): "9.00", datetime.date(2026, 1, 1): "10.00"},
        )
        self.pressure = make_service(institution, "2.01", type_code=2, name="Измерение давления")
        self.paid = make_service(institution, "Д.01", name="Мытьё холодильника", is_additional=True)
        self.retired = make_service(institution, "1.99", name="Устаревшая", is_active=False)
        self.foreign = make_service(
            personas.outsider_director.institution, "1.01", name="Услуга соседей"
        )


def lines(catalog: Catalog) -> list[Line]:
    """8 purchases and 120 м² of floor a month: 8 × 55 + 120 × 10 = 1 640 ₽ in 2026."""
    return [
        Line(
            service=catalog.shopping,
            quantity_per_month=Decimal("8"),
            periodicity="2 раза в неделю",
            weekdays=["thu", "mon"],
        ),
        Line(
            service=catalog.floor,
            quantity_per_month=Decimal("120"),
            periodicity="1 раз в неделю",
            weekdays="mon",
        ),
    ]


def draft(actor, recipient, catalog: Catalog, **overrides) -> Program:
    fields = {
        "number": "1/2026",
        "drawn_up_on": datetime.date(2026, 1, 10),
        "valid_from": datetime.date(2026, 1, 12),
        "valid_until": datetime.date(2027, 1, 11),
        "services": lines(catalog),
    }
    return program_draft(actor=actor, recipient=recipient, **(fields | overrides))


def in_force(actor, recipient, catalog: Catalog, **overrides) -> Program:
    program = draft(actor, recipient, catalog, **overrides)
    return program_approve(actor=actor, program=program, expected_version=program.version)


def stored_program(
    recipient, *, valid_from, valid_until, status=ProgramStatus.IN_FORCE, service=None, **fields
) -> Program:
    """A program written straight to the database (for lists on frozen dates)."""
    program = Program.objects.create(
        recipient=recipient,
        number=fields.pop("number", "П-1"),
        drawn_up_on=valid_from,
        valid_from=valid_from,
        valid_until=valid_until,
        provider="КЦСОН",
        status=status,
        **fields,
    )
    if service is not None:
        ProgramService.objects.create(program=program, service=service, quantity_per_month=4)
    return program


def stored_contract(
    program: Program, *, valid_from, valid_until, status=ContractStatus.ACTIVE, **fields
) -> Contract:
    """A contract written straight to the database (for lists on frozen dates), numbered on."""
    recipient = program.recipient
    sequence = Contract.objects.filter(institution_id=recipient.institution_id).count() + 1
    return Contract.objects.create(
        institution_id=recipient.institution_id,
        recipient=recipient,
        program=program,
        year=valid_from.year,
        sequence=sequence,
        number=f"{sequence}/{valid_from.year}",
        concluded_on=valid_from,
        valid_from=valid_from,
        valid_until=valid_until,
        fee_kind=FeeKind.FREE,
        status=status,
        **fields,
    )
