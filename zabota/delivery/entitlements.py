"""What a recipient may receive on a day, on what basis, and how much of it is due then.

One question, one place: the visit form, the tablet's plan and catalog, the sync, the service
log's checks and the acts all ask `Entitlements`. The answers come from sources, each read for
many recipients and days at once: the ИППСУ in force is built in (programs sits below
delivery), and apps above register theirs in their `extensions` module — long-term care
registers the approved care plan (zabota.ltc.entitlements), so delivery never imports ltc.

Additional paid services are not an entitlement of a person: any recipient may order them from
the price list (catalog.Service.is_additional), and the service log checks them on their own.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from zabota.catalog.models import Service
from zabota.delivery.models import Basis
from zabota.programs.models import Program, ProgramService
from zabota.programs.selectors import governing_on
from zabota.rules.schedule import CareSchedule, WeekdaySchedule, parse_weekdays

# Counted in pieces (the catalog's default unit «услуга»), not measured (м², кг, …): the tablet
# suggests whole numbers for these.
PIECES = {"услуга", "раз", "шт", "шт.", "посещение"}

# When one service rests on several bases the same day and the worker does not say which, the
# free care plan is used first, then the ИППСУ (the plan details the ИППСУ's care services
# day by day; a recipient is never charged for what the care package covers).
PREFERENCE = (Basis.CARE_PLAN, Basis.PROGRAM)


@dataclass(frozen=True)
class Entitlement:
    """A service a recipient may receive on a day: its basis, monthly volume and schedule."""

    basis: str
    service: Service
    per_month: Decimal
    document: str  # «ИППСУ № 12 от 01.10.2026», «план ухода от 05.11.2026»
    schedule: WeekdaySchedule | CareSchedule
    # Who does it when the recipient has both: a care service falls to the caregiver.
    is_care: bool = False
    # How often, as the document says it: «2 раза в неделю», «Пн ×2, Ср».
    periodicity: str = ""

    @property
    def free(self) -> bool:
        return self.basis == Basis.CARE_PLAN

    def due_on(
        self,
        day: datetime.date,
        done_in_month: Decimal = Decimal(0),
        today: datetime.date | None = None,
    ) -> Decimal:
        """How much is due on the day, with what is done in its month; `today`: the day the
        plan is read (a service of a week of the month shows on one day from it)."""
        return self.schedule.due_on(day, done_in_month, today)


# A source: (recipient ids, days) → {(recipient id, day): [entitlements]}.
Source = Callable[[list[int], list[datetime.date]], dict[tuple, list[Entitlement]]]
_SOURCES: dict[str, Source] = {}


def register(basis: str, source: Source) -> None:
    """An app above delivery adds a basis (long-term care adds the care plan)."""
    _SOURCES[basis] = source


def in_pieces(service: Service) -> bool:
    return service.unit.strip().lower() in PIECES


def programs_by_day(
    recipient_ids: Iterable[int], days: Iterable[datetime.date]
) -> dict[datetime.date, dict[int, Program]]:
    """{day: {recipient id: program}}: the ИППСУ governing each day, one query per day (the
    latest valid_from, then pk, as programs.selectors.program_in_force decides)."""
    recipient_ids = list(recipient_ids)
    result = {}
    for day in set(days):
        chosen: dict[int, Program] = {}
        programs = Program.objects.filter(governing_on(day), recipient_id__in=recipient_ids)
        for program in programs.order_by("recipient_id", "-valid_from", "-pk"):
            chosen.setdefault(program.recipient_id, program)
        result[day] = chosen
    return result


def _from_programs(recipient_ids: list[int], days: list[datetime.date]) -> dict:
    by_day = programs_by_day(recipient_ids, days)
    program_ids = {p.pk for chosen in by_day.values() for p in chosen.values()}
    lines = defaultdict(list)
    rows = ProgramService.objects.filter(program_id__in=program_ids).select_related("service")
    for line in rows.order_by("service__code", "pk"):
        lines[line.program_id].append(line)
    # An entitlement is the same on every day its program governs: made once per program and
    # shared by those days (a year's plan reads twelve days of every recipient).
    of_program: dict[int, list[Entitlement]] = {}
    result = defaultdict(list)
    for day, chosen in by_day.items():
        for recipient_id, program in chosen.items():
            if program.pk not in of_program:
                of_program[program.pk] = _program_entitlements(program, lines[program.pk])
            result[(recipient_id, day)].extend(of_program[program.pk])
    return result


def _program_entitlements(program: Program, lines: list[ProgramService]) -> list[Entitlement]:
    document = f"ИППСУ № {program.number} от {program.drawn_up_on:%d.%m.%Y}"
    return [
        Entitlement(
            basis=Basis.PROGRAM,
            service=line.service,
            per_month=line.quantity_per_month,
            document=document,
            schedule=WeekdaySchedule(
                parse_weekdays(line.weekdays),
                line.quantity_per_month,
                whole=in_pieces(line.service),
            ),
            is_care=line.service.is_care,
            periodicity=line.periodicity,
        )
        for line in lines
    ]


register(Basis.PROGRAM, _from_programs)


class Entitlements:
    """The entitlements of some recipients on some days, read at once: a query or two per
    source and day, whatever the number of people."""

    def __init__(self, recipient_ids: Iterable[int], days: Iterable[datetime.date]):
        recipient_ids, days = list(set(recipient_ids)), sorted(set(days))
        self._by_key: dict[tuple, list[Entitlement]] = defaultdict(list)
        if recipient_ids and days:
            for source in _SOURCES.values():
                for key, found in source(recipient_ids, days).items():
                    self._by_key[key].extend(found)
        order = {basis: index for index, basis in enumerate(PREFERENCE)}
        for found in self._by_key.values():
            found.sort(key=lambda e: (order.get(e.basis, len(order)), e.service.code))

    def on(self, recipient_id: int, day: datetime.date) -> list[Entitlement]:
        """Everything the recipient may receive that day, the preferred basis first."""
        return list(self._by_key.get((recipient_id, day), ()))

    def for_service(
        self, recipient_id: int, service_id: int, day: datetime.date, basis: str | None = None
    ) -> list[Entitlement]:
        """The service's entitlements that day (of one basis, if given), preferred first."""
        return [
            e
            for e in self._by_key.get((recipient_id, day), ())
            if e.service.pk == service_id and (basis is None or e.basis == basis)
        ]
