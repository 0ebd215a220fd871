"""The check of an ЕГИССО export: the new facts of the period and the changes of the facts
followed, each validated against the XSD on its own so that an error names its recipient;
nothing is written. The export itself is zabota.exchange.egisso.services.
"""

import datetime
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from zabota.exchange.egisso import changes
from zabota.exchange.egisso.changes import Planned
from zabota.exchange.egisso.facts import FactDraft, fact_drafts
from zabota.exchange.egisso.models import (
    FOLLOWED,
    EgissoFact,
    EgissoRecord,
    FactStatus,
    RecordStatus,
)
from zabota.exchange.egisso.schema import SchemaProblem, validate
from zabota.exchange.egisso.writer import CHECK_PACKAGE_ID, Fact, package_document
from zabota.exchange.models import EgissoSettings
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient
from zabota.rules.egisso_changes import FACT, RECORD_ORDER, RECORD_TITLES, conflicts

FORMAT = "10.06.S"
CARD_LABEL = "Карточка получателя"
RECORDS_LABEL = "Записи для ЕГИССО"


@dataclass
class RecipientProblems:
    """What stands in the way of one recipient's facts: (which ИППСУ, what is wrong)."""

    recipient: Recipient
    items: list[tuple[str, SchemaProblem]] = field(default_factory=list)
    # {label of an ИППСУ: its id}, for the link from the problem to the program.
    programs: dict[str, int] = field(default_factory=dict)


@dataclass
class EgissoCheck:
    date_from: datetime.date
    date_to: datetime.date
    # What the package would hold: new facts first, then the changes.
    records: list[Planned] = field(default_factory=list)
    held_back: list[Planned] = field(default_factory=list)
    # Problems of the export as a whole (no settings, a file refused).
    general: list[str] = field(default_factory=list)
    recipients: list[RecipientProblems] = field(default_factory=list)
    programs: int = 0

    @property
    def facts(self) -> list[Fact]:
        return [p.draft.fact for p in self.records if p.kind == FACT]

    @property
    def changes(self) -> list[Planned]:
        return [p for p in self.records if p.kind != FACT]

    @property
    def nothing_new(self) -> bool:
        """Nothing wrong and nothing to send: no package is needed."""
        return not self.records and not self.general and not self.recipients

    @property
    def is_valid(self) -> bool:
        return bool(self.records) and not self.general and not self.recipients

    @property
    def problem_count(self) -> int:
        return len(self.general) + sum(len(r.items) for r in self.recipients)

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(title, number) of each group the package would hold, in the schema's order."""
        counted = Counter(p.kind for p in self.records)
        return [(RECORD_TITLES[kind], counted[kind]) for kind in RECORD_ORDER if counted[kind]]


class EgissoInvalid(Exception):
    """The check found problems: no file is made."""

    def __init__(self, check: EgissoCheck):
        self.check = check
        super().__init__(f"{check.problem_count} problems")


class NothingToExport(Exception):
    """No new fact and no change since the last package: no package is made."""

    def __init__(self, check: EgissoCheck):
        self.check = check
        super().__init__("nothing to export")


NOTHING_MESSAGE = (
    "Нет ни новых фактов, ни изменений с прошлой выгрузки: пакет не нужен, ничего не сформировано."
)


def settings_of(institution) -> EgissoSettings | None:
    return (
        EgissoSettings.objects.filter(institution=institution)
        .prefetch_related("categories", "discharge_causes")
        .first()
    )


def egisso_check(*, actor: Staff, date_from: datetime.date, date_to: datetime.date) -> EgissoCheck:
    """Build every new fact of the period and every change of the facts followed, validate
    each against the XSD; change nothing."""
    if date_from > date_to:
        raise ValidationError("Начало периода позже его конца.")
    check = EgissoCheck(date_from, date_to)
    settings = settings_of(actor.institution)
    if settings is None:
        check.general.append(
            "Не заполнены настройки выгрузки в ЕГИССО (код ОНМСЗ, идентификаторы ЛМСЗ и "
            "категории получателей): их заполняет администратор или директор."
        )
        return check
    own = EgissoFact.objects.filter(institution_id=actor.institution_id)
    followed = list(own.filter(status__in=FOLLOWED).select_related("recipient", "program"))
    known = set(own.exclude(status=FactStatus.RETURNED).values_list("uuid", flat=True))
    queued = list(
        EgissoRecord.objects.filter(
            fact__institution_id=actor.institution_id, status=RecordStatus.QUEUED
        ).select_related("fact__recipient", "fact__program")
    )
    drafts = fact_drafts(
        staff=actor,
        settings=settings,
        date_from=date_from,
        date_to=date_to,
        followed=own.filter(status__in=FOLLOWED).values("program_id"),
    )
    check.programs = sum(1 for d in drafts if d.in_period)
    if not drafts and not queued:
        check.general.append(
            f"В периоде {date_from:%d.%m.%Y}–{date_to:%d.%m.%Y} не действовала ни одна ИППСУ: "
            "выгружать нечего."
        )
        return check
    for draft in drafts:
        if draft.fact is not None:
            draft.problems += validate(package_document([draft.fact], CHECK_PACKAGE_ID))
    planned = changes.plan(
        drafts=drafts, followed=followed, known=known, queued=queued, date_from=date_from
    )
    check.general += _missing_tariffs(drafts)
    check.recipients = _by_recipient(drafts)
    blocked = {d.program.pk for d in drafts if d.problems or d.missing_tariffs}
    check.records = [p for p in planned.records if p.program.pk not in blocked]
    check.held_back = planned.held_back
    _refuse_conflicts(check, known)
    return check


def _refuse_conflicts(check: EgissoCheck, known: set[uuid.UUID]) -> None:
    """Records that cannot go about one fact together, and a change of a fact ЕГИССО never
    took, are a problem of its recipient; each change is also validated alone so that an error
    names its person."""
    by_fact: dict[uuid.UUID, list[Planned]] = defaultdict(list)
    for planned in check.records:
        by_fact[planned.fact_uuid].append(planned)
    grouped = {entry.recipient.pk: entry for entry in check.recipients}
    refused: set[uuid.UUID] = set()
    for fact_uuid, records in by_fact.items():
        reasons = conflicts([p.kind for p in records])
        problems = []
        if reasons:
            problems.append(
                SchemaProblem(
                    RECORDS_LABEL,
                    f"не могут уйти вместе: {'; '.join(reasons)}",
                )
            )
        if fact_uuid not in known and any(p.kind != FACT for p in records):
            problems.append(
                SchemaProblem(
                    RECORDS_LABEL,
                    (
                        "изменение факта, который в ЕГИССО не выгружался или не принят: факт "
                        "сначала уходит как новый"
                    ),
                )
            )
        for planned in records:
            if planned.kind != FACT:
                document = package_document([planned.record(uuid.uuid4())], CHECK_PACKAGE_ID)
                problems += validate(document)
        if not problems:
            continue
        refused.add(fact_uuid)
        first = records[0]
        entry = grouped.get(first.recipient.pk)
        if entry is None:
            entry = grouped[first.recipient.pk] = RecipientProblems(first.recipient)
            check.recipients.append(entry)
        entry.programs[first.label] = first.program.pk
        entry.items += [(first.label, problem) for problem in problems]
    check.records = [p for p in check.records if p.fact_uuid not in refused]


def _missing_tariffs(drafts: list[FactDraft]) -> list[str]:
    first_day: dict[str, datetime.date] = {}
    programs: dict[str, int] = {}
    for draft in drafts:
        for service, day in draft.missing_tariffs.items():
            first_day[service] = min(day, first_day.get(service, day))
            programs[service] = programs.get(service, 0) + 1
    return [
        (
            f"У услуги «{service}» нет тарифа на {day:%d.%m.%Y} (её нет в ИППСУ "
            f"{programs[service]} получателей — сумму-эквивалент не рассчитать): введите тариф "
            "в каталоге услуг."
        )
        for service, day in sorted(first_day.items())
    ]


def _by_recipient(drafts: list[FactDraft]) -> list[RecipientProblems]:
    """Problems grouped by recipient; those of the card (the person's data) said once even when
    the person has several programs in the period."""
    grouped: dict[int, RecipientProblems] = {}
    for draft in drafts:
        if not draft.problems:
            continue
        entry = grouped.setdefault(draft.recipient.pk, RecipientProblems(draft.recipient))
        for problem in draft.problems:
            of_card = "mszReceiver" in problem.path.split("/")
            item = (CARD_LABEL if of_card else draft.label, problem)
            if not of_card:
                entry.programs[draft.label] = draft.program.pk
            if not of_card or item not in entry.items:
                entry.items.append(item)
    return list(grouped.values())
