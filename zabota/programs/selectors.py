"""Reading programs (ИППСУ) and contracts, always through the person's scope.

Statuses are stored, and also read lazily: a program «действует» whose `valid_until` has passed
counts as «истёк срок» in every list (annotation `effective_status`) even before the nightly
`expire_programs` command writes it down. The same holds for contracts.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from zabota.catalog.selectors import tariffs_on
from zabota.core.lists import words_query
from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Staff
from zabota.programs.models import (
    Contract,
    ContractStatus,
    Program,
    ProgramService,
    ProgramStatus,
    TypicalSet,
    TypicalSetLine,
)
from zabota.recipients.models import RecipientStatus

KOPECK = Decimal("0.01")
# The list filters beyond the stored statuses.
EXPIRING = "expiring"
EXPIRED_LIST = "expired"
# Statuses of a program that once governed services (a draft never did).
GOVERNING = [ProgramStatus.IN_FORCE, ProgramStatus.EXPIRED, ProgramStatus.REPLACED]
SEARCH_FIELDS = [
    "number",
    "recipient__last_name",
    "recipient__first_name",
    "recipient__middle_name",
]


def _program_status(today: datetime.date):
    return Case(
        When(
            status=ProgramStatus.IN_FORCE,
            valid_until__lt=today,
            then=Value(ProgramStatus.EXPIRED.value),
        ),
        default=F("status"),
        output_field=CharField(),
    )


def _contract_status(today: datetime.date):
    return Case(
        When(
            status=ContractStatus.ACTIVE,
            valid_until__lt=today,
            then=Value(ContractStatus.EXPIRED.value),
        ),
        default=F("status"),
        output_field=CharField(),
    )


def _program_in_force_today(today: datetime.date) -> Exists:
    """The recipient has a program governing services today (a replaced one up to its end)."""
    return Exists(
        Program.objects.filter(governing_on(today), recipient_id=OuterRef("recipient_id"))
    )


def _later_program_started(today: datetime.date) -> Exists:
    """Another approved program of the same person began after this one and by today: the
    recipient's latest lapse is that one, so each person is listed once."""
    return Exists(
        Program.objects.filter(recipient_id=OuterRef("recipient_id"), valid_from__lte=today)
        .exclude(pk=OuterRef("pk"))
        .exclude(status=ProgramStatus.DRAFT)
        .filter(
            Q(valid_from__gt=OuterRef("valid_from"))
            | Q(valid_from=OuterRef("valid_from"), pk__gt=OuterRef("pk"))
        )
    )


def _approved_successor() -> Exists:
    """An approved program of the same person that runs past this one's end (a draft is work
    in progress, not a successor)."""
    return Exists(
        Program.objects.filter(
            recipient_id=OuterRef("recipient_id"),
            status=ProgramStatus.IN_FORCE,
            valid_until__gt=OuterRef("valid_until"),
        ).exclude(pk=OuterRef("pk"))
    )


def programs_for(staff: Staff, today: datetime.date | None = None) -> QuerySet[Program]:
    today = today or datetime.date.today()
    return (
        Program.objects.filter(recipient_scope(staff, "recipient__"))
        .select_related("recipient", "recipient__department")
        .annotate(effective_status=_program_status(today))
    )


def get_program_for(staff: Staff, pk: int) -> Program:
    """The program if the person may see its recipient; 404 otherwise."""
    return get_object_or_404(programs_for(staff).select_related("replaces"), pk=pk)


def search_programs(
    staff: Staff,
    *,
    today: datetime.date,
    text: str = "",
    status: str = "",
    days: int = 30,
    department_id: int | None = None,
) -> QuerySet[Program]:
    if status == EXPIRING:
        queryset = programs_expiring(staff, today, days)
    elif status == EXPIRED_LIST:
        queryset = programs_expired(staff, today)
    else:
        queryset = programs_for(staff, today)
        if status:
            queryset = queryset.filter(effective_status=status)
        queryset = queryset.order_by("recipient__last_name", "recipient__first_name", "-valid_from")
    text = text.strip()
    if text:
        queryset = queryset.filter(words_query(text, SEARCH_FIELDS))
    if department_id:
        queryset = queryset.filter(recipient__department_id=department_id)
    return queryset


def programs_expiring(staff: Staff, today: datetime.date, days: int) -> QuerySet[Program]:
    """Programs in force that end within `days` days, of active recipients, with no approved
    successor yet."""
    return (
        programs_for(staff, today)
        .filter(
            status=ProgramStatus.IN_FORCE,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=days),
            recipient__status=RecipientStatus.ACTIVE,
        )
        .exclude(_approved_successor())
        .order_by("valid_until", "recipient__last_name", "pk")
    )


def programs_expired(staff: Staff, today: datetime.date) -> QuerySet[Program]:
    """One row per active recipient who has no program in force today: their latest program,
    which has ended (expired, or replaced by one that has not begun yet).

    A program that ended and was followed by one in force is history, not a lapse."""
    return (
        programs_for(staff, today)
        .filter(
            Q(status=ProgramStatus.EXPIRED)
            | Q(status=ProgramStatus.IN_FORCE, valid_until__lt=today)
            | Q(status=ProgramStatus.REPLACED, ended_on__lt=today),
            recipient__status=RecipientStatus.ACTIVE,
        )
        .exclude(_program_in_force_today(today))
        .exclude(_later_program_started(today))
        .order_by("valid_until", "recipient__last_name", "pk")
    )


def program_in_force(recipient, on_date: datetime.date) -> Program | None:
    """The ИППСУ that governed the recipient's services on a date (the service log, the tablet).

    Today that is the program «действует» whose term holds the date. For a past date it is the
    program that governed then, even if it has since expired or been replaced (a replaced
    program governs up to its `ended_on`), so a past month is checked against its own program.
    """
    return (
        Program.objects.filter(governing_on(on_date), recipient=recipient)
        .order_by("-valid_from", "-pk")
        .first()
    )


def governing_on(on_date: datetime.date, prefix: str = "") -> Q:
    """A filter over Program (or a model reaching it through `prefix`, e.g. "program__"): the
    programs that governed services on the date."""
    return Q(
        **{
            f"{prefix}status__in": GOVERNING,
            f"{prefix}valid_from__lte": on_date,
            f"{prefix}valid_until__gte": on_date,
        }
    ) & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on_date}))


def programs_of(recipient, today: datetime.date) -> QuerySet[Program]:
    return recipient.programs.annotate(effective_status=_program_status(today)).order_by(
        "-valid_from", "-pk"
    )


def latest_program(recipient) -> Program | None:
    """The program a new one starts from: the newest that is not a draft."""
    return (
        recipient.programs.exclude(status=ProgramStatus.DRAFT)
        .order_by("-valid_from", "-pk")
        .first()
    )


# --- money -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PricedLine:
    line: ProgramService
    price: Decimal | None
    amount: Decimal


def priced_lines(program: Program, on_date: datetime.date) -> list[PricedLine]:
    """The program's lines with the tariff in force on `on_date` and quantity × tariff."""
    lines = list(
        program.services.select_related("service", "service__service_type").order_by(
            "service__service_type__code", "service__code"
        )
    )
    prices = tariffs_on([line.service_id for line in lines], on_date)
    result = []
    for line in lines:
        price = prices.get(line.service_id)
        amount = _kopecks(line.quantity_per_month * price) if price is not None else Decimal("0.00")
        result.append(PricedLine(line, price, amount))
    return result


def planned_monthly_cost(program: Program, on_date: datetime.date) -> Decimal:
    """Σ monthly volume × tariff in force on `on_date`: the cost the fee of a contract uses."""
    return planned_costs([program.pk], on_date).get(program.pk, Decimal("0.00"))


def planned_costs(program_ids, on_date: datetime.date) -> dict[int, Decimal]:
    """{program id: planned monthly cost} in two queries; `program_ids` may be a subquery."""
    if not isinstance(program_ids, QuerySet):
        program_ids = list(program_ids)
    lines = list(
        ProgramService.objects.filter(program_id__in=program_ids).values_list(
            "program_id", "service_id", "quantity_per_month"
        )
    )
    prices = tariffs_on({service_id for _p, service_id, _q in lines}, on_date)
    totals: dict[int, Decimal] = {}
    for program_id, service_id, quantity in lines:
        price = prices.get(service_id)
        if price is not None:
            totals[program_id] = totals.get(program_id, Decimal(0)) + quantity * price
    return {pk: _kopecks(total) for pk, total in totals.items()}


def _kopecks(value: Decimal) -> Decimal:
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


# --- contracts ---------------------------------------------------------------------------


def contracts_for(staff: Staff, today: datetime.date | None = None) -> QuerySet[Contract]:
    today = today or datetime.date.today()
    return (
        Contract.objects.filter(recipient_scope(staff, "recipient__"))
        .select_related("recipient", "recipient__department", "program", "representative")
        .annotate(effective_status=_contract_status(today))
    )


def get_contract_for(staff: Staff, pk: int) -> Contract:
    return get_object_or_404(contracts_for(staff), pk=pk)


def search_contracts(
    staff: Staff,
    *,
    today: datetime.date,
    text: str = "",
    status: str = "",
    days: int = 30,
    department_id: int | None = None,
) -> QuerySet[Contract]:
    if status == EXPIRING:
        queryset = contracts_expiring(staff, today, days)
    elif status == EXPIRED_LIST:
        queryset = contracts_expired(staff, today)
    else:
        queryset = contracts_for(staff, today).order_by("-year", "-sequence")
        if status:
            queryset = queryset.filter(effective_status=status)
    text = text.strip()
    if text:
        queryset = queryset.filter(words_query(text, SEARCH_FIELDS))
    if department_id:
        queryset = queryset.filter(recipient__department_id=department_id)
    return queryset


def covering_on(on_date: datetime.date, prefix: str = "") -> Q:
    """A filter over Contract: the contracts that covered services on the date (expired or
    terminated since is fine for a past date; a terminated one covers the days before
    `terminated_on`)."""
    return Q(
        **{
            f"{prefix}status__in": [
                ContractStatus.ACTIVE,
                ContractStatus.EXPIRED,
                ContractStatus.TERMINATED,
            ],
            f"{prefix}valid_from__lte": on_date,
            f"{prefix}valid_until__gte": on_date,
        }
    ) & (
        Q(**{f"{prefix}terminated_on__isnull": True}) | Q(**{f"{prefix}terminated_on__gt": on_date})
    )


def contracts_expiring(staff: Staff, today: datetime.date, days: int) -> QuerySet[Contract]:
    """Contracts in force that end within `days` days, of active recipients, with no signed
    contract running past their end (a draft is not one yet)."""
    return (
        contracts_for(staff, today)
        .filter(
            status=ContractStatus.ACTIVE,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=days),
            recipient__status=RecipientStatus.ACTIVE,
        )
        .exclude(
            Exists(
                Contract.objects.filter(
                    recipient_id=OuterRef("recipient_id"),
                    status=ContractStatus.ACTIVE,
                    valid_until__gt=OuterRef("valid_until"),
                ).exclude(pk=OuterRef("pk"))
            )
        )
        .order_by("valid_until", "recipient__last_name", "pk")
    )


def contracts_expired(staff: Staff, today: datetime.date) -> QuerySet[Contract]:
    """One row per active recipient with no contract in force today whose latest contract
    ran out of its term (a terminated one is not «истёк»; an expired one followed by a
    contract in force is history)."""
    in_force_today = Exists(
        Contract.objects.filter(covering_on(today), recipient_id=OuterRef("recipient_id"))
    )
    later_started = Exists(
        Contract.objects.filter(recipient_id=OuterRef("recipient_id"), valid_from__lte=today)
        .exclude(pk=OuterRef("pk"))
        .exclude(status=ContractStatus.DRAFT)
        .filter(
            Q(valid_from__gt=OuterRef("valid_from"))
            | Q(valid_from=OuterRef("valid_from"), pk__gt=OuterRef("pk"))
        )
    )
    return (
        contracts_for(staff, today)
        .filter(
            Q(status=ContractStatus.EXPIRED)
            | Q(status=ContractStatus.ACTIVE, valid_until__lt=today),
            recipient__status=RecipientStatus.ACTIVE,
        )
        .exclude(in_force_today)
        .exclude(later_started)
        .order_by("valid_until", "recipient__last_name", "pk")
    )


def contracts_of(recipient, today: datetime.date) -> QuerySet[Contract]:
    return (
        recipient.contracts.select_related("program", "representative")
        .annotate(effective_status=_contract_status(today))
        .order_by("-concluded_on", "-pk")
    )


def contract_in_force(recipient, on_date: datetime.date) -> Contract | None:
    """The contract that covered the recipient's services on a date (see covering_on)."""
    return (
        Contract.objects.filter(covering_on(on_date), recipient=recipient)
        .order_by("-valid_from", "-pk")
        .first()
    )


# --- typical sets ------------------------------------------------------------------------


def typical_sets_of(institution, *, text: str = "", active: bool | None = True):
    """The institution's typical sets for their list and the ИППСУ editor, lines prefetched."""
    queryset = TypicalSet.objects.filter(institution=institution).prefetch_related(
        Prefetch("lines", TypicalSetLine.objects.select_related("service"))
    )
    text = text.strip()
    if text:
        queryset = queryset.filter(words_query(text, ["name", "note"]))
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset.order_by("name", "pk")


def get_typical_set_of(institution, pk: int) -> TypicalSet:
    """A set of the institution; 404 for another centre's."""
    return get_object_or_404(TypicalSet, institution=institution, pk=pk)
