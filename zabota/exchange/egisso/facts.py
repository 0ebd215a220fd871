"""From our records to facts of assignment: one fact per ИППСУ that governed services in the period.

What a fact says (docs/egisso.md has the table, element by element):
- the measure (ЛМСЗ), the category and the ОНМСЗ code come from the institution's settings;
- the recipient's СНИЛС, ФИО, gender, birth date and identity document from the card;
- the term of the assignment is the term of the ИППСУ, cut at its replacement, at the
  termination of its contracts or at the discharge of the recipient (`Ending`: the earliest,
  with its cause, which decides the record ЕГИССО gets when the fact ends); the decision
  date follows the settings' rule;
- the service form: «количество» is the planned volume of the ИППСУ over the term and the
  «сумма-эквивалент» its planned cost (monthly volume × tariff of the month, partial months in
  proportion to their days) — the XSD defines the sum as «планируется затратить», and a sum
  over the whole term keeps the fact the same in every export (its uuid is stable too).

All records are read in a fixed number of queries whatever the number of programs: those in
force in the period (new facts) and those exported before and still followed (their changes).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import F, Prefetch, Q, QuerySet

from zabota.catalog.selectors import tariff_book
from zabota.core.text import refused_description
from zabota.exchange.egisso.schema import SchemaProblem
from zabota.exchange.egisso.writer import Fact, GroundDocument, IdentityDocument, Person
from zabota.exchange.models import DecisionDateRule, EgissoSettings
from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Staff
from zabota.programs.models import Contract, ContractStatus, Program, ProgramService
from zabota.programs.selectors import GOVERNING
from zabota.recipients.models import BenefitCategory, Enrolment, Gender, Recipient
from zabota.rules.egisso import (
    fact_uuid,
    identity_document_kind,
    month_shares,
    plain_text,
    prorated_total,
)
from zabota.rules.egisso_changes import END_OF_TERM, REPLACED, cause_from_words

GROUND_TITLE = "Индивидуальная программа предоставления социальных услуг"
GENDERS = {Gender.MALE: "Male", Gender.FEMALE: "Female"}
# Where the card's own problems point (as the XSD's paths do): said once per recipient.
CARD_PATH = "mszReceiver/IdentityDoc"


@dataclass(frozen=True)
class Ending:
    """The last day of an assignment and why it is the last (a cause of zabota.rules.
    egisso_changes), with the words that say so."""

    day: datetime.date
    cause: str
    detail: str


@dataclass
class FactDraft:
    """A program on its way to a fact, with what stands in its way."""

    program: Program
    recipient: Recipient
    ending: Ending
    # The program governed services in the exported period (a candidate for a new fact).
    in_period: bool = True
    fact: Fact | None = None
    problems: list[SchemaProblem] = field(default_factory=list)
    # {«code name» of a service: the first day it has no tariff}: a catalog matter, said once
    # for the whole export rather than for every program.
    missing_tariffs: dict[str, datetime.date] = field(default_factory=dict)

    @property
    def label(self) -> str:
        number = f"№ {self.program.number} " if self.program.number else ""
        return f"ИППСУ {number}от {self.program.drawn_up_on:%d.%m.%Y}"


def in_period(date_from: datetime.date, date_to: datetime.date) -> Q:
    """Programs that governed services on at least one day of the period (drafts never did)."""
    ends_in_period = Q(ended_on__isnull=True, valid_until__gte=date_from) | Q(
        ended_on__isnull=False, ended_on__gte=date_from
    )
    # A program replaced before its first day governed nothing.
    return (
        Q(status__in=GOVERNING, valid_from__lte=date_to)
        & ends_in_period
        & ~Q(ended_on__isnull=False, ended_on__lt=F("valid_from"))
    )


def _governs(program: Program, date_from: datetime.date, date_to: datetime.date) -> bool:
    """`in_period` for a program already read."""
    last = program.ended_on or program.valid_until
    return (
        program.status in GOVERNING
        and program.valid_from <= date_to
        and last >= date_from
        and not (program.ended_on and program.ended_on < program.valid_from)
    )


def programs_in_period(
    staff: Staff, date_from: datetime.date, date_to: datetime.date
) -> QuerySet[Program]:
    return Program.objects.filter(recipient_scope(staff, "recipient__")).filter(
        in_period(date_from, date_to)
    )


def fact_drafts(
    *,
    staff: Staff,
    settings: EgissoSettings,
    date_from: datetime.date,
    date_to: datetime.date,
    followed: QuerySet | None = None,
) -> list[FactDraft]:
    """A draft per program in force in the period, and per program of `followed` (ids of
    programs exported before), ordered by recipient; facts built where the records allow (the
    XSD check comes after)."""
    wanted = in_period(date_from, date_to)
    if followed is not None:
        wanted |= Q(pk__in=followed)
    selected = Program.objects.filter(recipient_scope(staff, "recipient__")).filter(wanted)
    programs = list(
        selected.select_related("recipient")
        .prefetch_related(
            Prefetch(
                "recipient__benefit_categories",
                queryset=BenefitCategory.objects.order_by("-free_of_charge", "name", "pk"),
            )
        )
        .order_by(
            "recipient__last_name",
            "recipient__first_name",
            "recipient__middle_name",
            "recipient_id",
            "valid_from",
            "pk",
        )
    )
    if not programs:
        return []
    program_ids = selected.values("pk")
    lines = _lines(program_ids)
    book = tariff_book({service_id for rows in lines.values() for service_id, *_r in rows})
    discharges = _discharges(selected.values("recipient_id"))
    contracts = _contracts(program_ids)
    causes = {c.discharge_reason_id: c.cause for c in settings.discharge_causes.all()}
    categories = {c.benefit_category_id: c.category_id for c in settings.categories.all()}
    institution = staff.institution
    contents: dict[str, str] = {}
    drafts = []
    for program in programs:
        ending = _ending(
            program, discharges.get(program.recipient_id, []), contracts.get(program.pk, []), causes
        )
        draft = FactDraft(
            program=program,
            recipient=program.recipient,
            ending=ending,
            in_period=_governs(program, date_from, date_to),
        )
        if program.form not in contents:
            contents[program.form] = f"Социальные услуги {program.get_form_display()}"
        finish = ending.day
        quantity, cost = _planned(draft, lines.get(program.pk, []), book, finish)
        receiver = _person(draft, settings)
        _control_characters(draft, institution, settings)
        if not draft.problems and not draft.missing_tariffs:
            draft.fact = Fact(
                uuid=fact_uuid(f"{institution.inn}:{institution.pk}", program.pk),
                osz_code=settings.onmsz_code,
                receiver=receiver,
                lmsz_id=settings.lmsz_id,
                category_id=_category(program.recipient, categories, settings.category_id),
                decision_date=_decision_date(program, settings.decision_date_rule, contracts),
                date_start=program.valid_from,
                date_finish=finish,
                ground=GroundDocument(
                    title=GROUND_TITLE,
                    number=plain_text(program.number),
                    issued_on=program.drawn_up_on,
                    authority=plain_text(institution.name),
                    valid_from=program.valid_from,
                    valid_until=program.valid_until,
                ),
                quantity=quantity,
                okei_code=settings.okei_code,
                content=contents[program.form],
                comment=draft.label,
                equivalent_amount=cost,
            )
        drafts.append(draft)
    return drafts


def _lines(program_ids) -> dict[int, list[tuple]]:
    rows = ProgramService.objects.filter(program_id__in=program_ids).values_list(
        "program_id", "service_id", "quantity_per_month", "service__code", "service__name"
    )
    lines: dict[int, list[tuple]] = defaultdict(list)
    for program_id, *line in rows:
        lines[program_id].append(tuple(line))
    return lines


def _discharges(recipient_ids) -> dict[int, list[tuple]]:
    """{recipient: [(day, reason id, reason name)]} of every discharge."""
    dates: dict[int, list[tuple]] = defaultdict(list)
    rows = Enrolment.objects.filter(
        recipient_id__in=recipient_ids, discharged_on__isnull=False
    ).values_list("recipient_id", "discharged_on", "discharge_reason_id", "discharge_reason__name")
    for recipient_id, *discharge in rows:
        dates[recipient_id].append(tuple(discharge))
    return dates


def _contracts(program_ids) -> dict[int, list[tuple]]:
    """{program: [(status, concluded on, terminated on, reason, number)]}, oldest first;
    drafts were never in force and are left out."""
    found: dict[int, list[tuple]] = defaultdict(list)
    rows = (
        Contract.objects.filter(program_id__in=program_ids)
        .exclude(status=ContractStatus.DRAFT)
        .order_by("concluded_on", "pk")
        .values_list(
            "program_id", "status", "concluded_on", "terminated_on", "termination_reason", "number"
        )
    )
    for program_id, *contract in rows:
        found[program_id].append(tuple(contract))
    return found


def _ending(program: Program, discharges: list, contracts: list, causes: dict) -> Ending:
    """The earliest of: the term, the replacement, the termination of every contract of the
    program, the recipient's discharge within the term (the latter win a tie: they say why)."""
    term = program.valid_until
    candidates = [(term, 3, END_OF_TERM, f"срок ИППСУ по {term:%d.%m.%Y}")]
    if program.ended_on:
        candidates.append(
            (
                program.ended_on,
                2,
                REPLACED,
                f"ИППСУ заменена новой, действовала по {program.ended_on:%d.%m.%Y}",
            )
        )
    last = min(term, program.ended_on or term)
    if contracts and all(c[0] == ContractStatus.TERMINATED for c in contracts):
        _status, _concluded, day, reason, number = max(contracts, key=lambda c: c[2])
        if day is not None and program.valid_from <= day <= last:
            candidates.append(
                (
                    day,
                    1,
                    cause_from_words(reason),
                    f"договор № {number} расторгнут {day:%d.%m.%Y}: {reason}",
                )
            )
    within = [d for d in discharges if program.valid_from <= d[0] <= last]
    if within:
        day, reason_id, name = min(within, key=lambda d: d[0])
        candidates.append(
            (
                day,
                0,
                causes.get(reason_id) or cause_from_words(name or ""),
                f"снят с обслуживания {day:%d.%m.%Y}: {name or 'причина не указана'}",
            )
        )
    day, _priority, cause, detail = min(candidates, key=lambda c: (c[0], c[1]))
    return Ending(day, cause, detail)


def _planned(draft: FactDraft, lines, book, finish) -> tuple[Decimal, Decimal]:
    """(Σ volume, Σ cost) over the term: each month's volume × that month's tariff × share."""
    if not lines:
        draft.problems.append(
            SchemaProblem(
                "Услуги ИППСУ", "в программе нет ни одной услуги: сумму-эквивалент не рассчитать"
            )
        )
        return Decimal(0), Decimal(0)
    # Months of the same cost are summed by their shares first: one multiplication per cost.
    shares_by_cost: dict[Decimal, Fraction] = defaultdict(Fraction)
    term = Fraction(0)
    for first_day, share in month_shares(draft.program.valid_from, finish):
        month_cost = Decimal(0)
        for service_id, quantity, code, name in lines:
            price = book.price(service_id, first_day)
            if price is None:
                draft.missing_tariffs.setdefault(f"{code} {name}", first_day)
                continue
            month_cost += quantity * price
        shares_by_cost[month_cost] += share
        term += share
    volume = sum((line[1] for line in lines), start=Decimal(0))
    return prorated_total([(volume, term)]), prorated_total(shares_by_cost.items())


def _person(draft: FactDraft, settings: EgissoSettings) -> Person:
    recipient = draft.recipient
    document = None
    filled = [
        recipient.document_series,
        recipient.document_number,
        recipient.document_issued_on,
        recipient.document_issued_by,
    ]
    if any(filled):
        document = IdentityDocument(
            kind=identity_document_kind(recipient.document_type),
            series=recipient.document_series.replace(" ", ""),
            number=recipient.document_number.replace(" ", ""),
            issued_on=recipient.document_issued_on,
            issued_by=plain_text(recipient.document_issued_by),
        )
    elif settings.require_identity_document:
        draft.problems.append(
            SchemaProblem(
                "Документ, удостоверяющий личность",
                "не заполнен (серия, номер, дата выдачи, кем выдан): заполните в карточке",
                path=CARD_PATH,
            )
        )
    return Person(
        snils=recipient.snils,
        last_name=plain_text(recipient.last_name),
        first_name=plain_text(recipient.first_name),
        middle_name=plain_text(recipient.middle_name),
        gender=GENDERS.get(recipient.gender, recipient.gender),
        birth_date=recipient.birth_date,
        document=document,
    )


def _control_characters(draft: FactDraft, institution, settings: EgissoSettings) -> None:
    """XML 1.0 cannot carry a control character: a text holding one (stored before the forms
    refused them) is a problem of the fact, named, never a broken or silently changed file."""
    recipient = draft.recipient
    card = [
        ("Фамилия", recipient.last_name),
        ("Имя", recipient.first_name),
        ("Отчество", recipient.middle_name),
        ("Документ, удостоверяющий личность: вид", recipient.document_type),
        ("Документ, удостоверяющий личность: серия", recipient.document_series),
        ("Документ, удостоверяющий личность: номер", recipient.document_number),
        ("Документ, удостоверяющий личность: кем выдан", recipient.document_issued_by),
    ]
    own = [
        ("Номер ИППСУ", draft.program.number),
        ("Наименование учреждения", institution.name),
        ("Код ОНМСЗ", settings.onmsz_code),
        ("Код единицы по ОКЕИ", settings.okei_code),
    ]
    for items, path in ((card, CARD_PATH), (own, "")):
        for label, value in items:
            description = refused_description(value or "")
            if description:
                draft.problems.append(
                    SchemaProblem(label, f"{description}: исправьте и проверьте снова", path=path)
                )


def _category(recipient: Recipient, overrides: dict, default):
    """The first benefit category (free ones first, then by name) with its own ЕГИССО id."""
    for category in recipient.benefit_categories.all():
        if category.pk in overrides:
            return overrides[category.pk]
    return default


def _decision_date(program: Program, rule: str, contracts: dict) -> datetime.date:
    if rule == DecisionDateRule.VALID_FROM:
        return program.valid_from
    if rule == DecisionDateRule.CONTRACT:
        # The first contract concluded on the program.
        own = contracts.get(program.pk)
        return own[0][1] if own else program.drawn_up_on
    return program.drawn_up_on
