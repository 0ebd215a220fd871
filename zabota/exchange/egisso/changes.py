"""What the next package says: new facts, and the changes of facts exported before.

Changes are found by comparing, at export time, what ЕГИССО was last told of each followed fact
(`EgissoFact.sent`) with the fact built from today's records — no hook in the lower apps, and
every path that changes a record (a form, an import, the API, a fix in the database) is seen.
The event behind a change is read from the records themselves (`facts.Ending`: a discharge and
its reason, a terminated contract, a replacement, the term). The table of events and records
is `zabota.rules.egisso_changes.EVENT_RECORDS`.

- A fact cut short after it was sent (discharge, contract terminated, replaced) gets the record
  of its cause at once; a fact whose last day is before the exported period is closed by the
  record of its cause (the end of the term included), with the services actually delivered.
- Data of the fact that differ otherwise (ФИО, СНИЛС, document, dates, category) make a
  correction carrying the whole fact; a sum that differs alone, a recalculation.
- A waiting invalidation (an administrator's) replaces every other record of its fact.
- A record ЕГИССО returned with an error is not sent again unchanged (`held_back`).
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from zabota.delivery.models import Basis, ServiceRecord
from zabota.exchange.egisso.facts import FactDraft
from zabota.exchange.egisso.models import EgissoFact, EgissoRecord, FactStatus
from zabota.exchange.egisso.snapshots import body_changed, changes_text, fact_snapshot
from zabota.exchange.egisso.writer import Change
from zabota.rules.egisso import KOPECK, decimal_text
from zabota.rules.egisso_changes import (
    DATA_ERROR,
    DEATH_OR_MOVING,
    END_OF_TERM,
    FACT,
    NEW,
    PREVIOUS_ERRORS,
    RECALCULATED,
    RECALCULATION,
    RECORD_OF,
    RECORD_TITLES,
    TERMINATIONS,
)

# Delivered services that belong to the assignment (the ИППСУ and its care plan), not the paid
# additional ones.
ASSIGNED = (Basis.PROGRAM, Basis.CARE_PLAN)


@dataclass
class Planned:
    """A record on its way into a package, with the words that say why."""

    kind: str
    cause: str
    fact_uuid: uuid.UUID
    reason: str
    draft: FactDraft | None = None
    followed: EgissoFact | None = None
    queued: EgissoRecord | None = None
    date_finish: datetime.date | None = None
    amount: Decimal | None = None
    quantity: Decimal | None = None

    @property
    def recipient(self):
        return self.draft.recipient if self.draft else self.followed.recipient

    @property
    def program(self):
        return self.draft.program if self.draft else self.followed.program

    @property
    def title(self) -> str:
        return RECORD_TITLES[self.kind]

    @property
    def label(self) -> str:
        if self.draft is not None:
            return self.draft.label
        program = self.followed.program
        number = f"№ {program.number} " if program.number else ""
        return f"ИППСУ {number}от {program.drawn_up_on:%d.%m.%Y}"

    def data(self) -> dict:
        """The values written, as stored with the record."""
        values: dict = {}
        if self.date_finish is not None:
            values["date_finish"] = self.date_finish.isoformat()
        if self.amount is not None:
            values["amount"] = decimal_text(self.amount)
        if self.quantity is not None:
            values["quantity"] = decimal_text(self.quantity)
        if self.kind == PREVIOUS_ERRORS:
            values["fact"] = fact_snapshot(self.draft.fact)
        return values

    def record(self, event_uuid: uuid.UUID):
        """What the writer writes: the new fact itself, or a change with the event's uuid."""
        if self.kind == FACT:
            return self.draft.fact
        return Change(
            kind=self.kind,
            uuid=event_uuid,
            fact_uuid=self.fact_uuid,
            date_finish=self.date_finish,
            amount=self.amount,
            quantity=self.quantity,
            fact=self.draft.fact if self.kind == PREVIOUS_ERRORS else None,
        )


@dataclass
class Plan:
    records: list[Planned] = field(default_factory=list)
    # Records equal to one ЕГИССО returned with an error: not sent until the data change.
    held_back: list[Planned] = field(default_factory=list)


def plan(
    *,
    drafts: list[FactDraft],
    followed: list[EgissoFact],
    known: set[uuid.UUID],
    queued: list[EgissoRecord],
    date_from: datetime.date,
) -> Plan:
    """The records of the next package. `known`: uuids of facts exported before (never sent
    as new again, whatever their state); `followed`: those whose changes are still sent."""
    result = Plan()
    by_program = {draft.program.pk: draft for draft in drafts}
    waiting = {record.fact_id: record for record in queued}
    changes: list[Planned] = []
    for fact in followed:
        if fact.pk in waiting:
            continue
        draft = by_program.get(fact.program_id)
        if draft is None or draft.fact is None:
            continue
        changes += _changes(draft, fact, date_from)
    _fill_delivered(changes)
    errors = _last_errors([f for f in followed if f.status == FactStatus.LOAD_ERROR])
    for planned in changes:
        failed = errors.get(planned.followed.pk)
        if failed is not None and (failed.kind, failed.data) == (planned.kind, planned.data()):
            result.held_back.append(planned)
        else:
            result.records.append(planned)
    new = [
        Planned(
            FACT,
            NEW,
            draft.fact.uuid,
            "ИППСУ действовала в периоде, в ЕГИССО ещё не выгружалась",
            draft=draft,
        )
        for draft in drafts
        if draft.in_period and draft.fact is not None and draft.fact.uuid not in known
    ]
    result.records = new + result.records
    for record in queued:
        result.records.append(
            Planned(
                record.kind,
                record.cause,
                record.fact.uuid,
                record.reason,
                draft=by_program.get(record.fact.program_id),
                followed=record.fact,
                queued=record,
            )
        )
    return result


def _changes(draft: FactDraft, fact: EgissoFact, date_from: datetime.date) -> list[Planned]:
    sent = fact.sent
    current = fact_snapshot(draft.fact)
    ending = draft.ending
    sent_finish = _date(sent.get("date_finish"))
    changed = body_changed(sent, current)
    # A term longer than sent cannot be said by a termination: the fact was wrong.
    if sent_finish is not None and ending.day > sent_finish:
        changed.append("date_finish")
    records = []
    common = {"fact_uuid": fact.uuid, "draft": draft, "followed": fact}
    if changed:
        records.append(
            Planned(
                PREVIOUS_ERRORS,
                DATA_ERROR,
                reason=f"исправлено: {changes_text(sent, current, changed)}",
                **common,
            )
        )
    cut_short = sent_finish is not None and ending.day < sent_finish and ending.cause != END_OF_TERM
    if ending.day < date_from or cut_short:
        kind = RECORD_OF[ending.cause]
        planned = Planned(
            kind, ending.cause, reason=ending.detail, date_finish=ending.day, **common
        )
        if kind == DEATH_OR_MOVING:
            # The size of the assignment recomputed to its new last day.
            planned.amount = draft.fact.equivalent_amount
        records.append(planned)
    elif not changed and current["equivalent_amount"] != sent.get("equivalent_amount"):
        records.append(
            Planned(
                RECALCULATION,
                RECALCULATED,
                reason=(
                    "сумма-эквивалент пересчитана: "
                    f"{sent.get('equivalent_amount')} → {current['equivalent_amount']}"
                ),
                amount=draft.fact.equivalent_amount,
                **common,
            )
        )
    return records


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _fill_delivered(changes: list[Planned]) -> None:
    """A termination carries what was actually delivered from the first day to the last: the
    sum at the tariffs of the days of service, and the quantity (one query for all)."""
    ending = [p for p in changes if p.kind in TERMINATIONS]
    if not ending:
        return
    days: dict[int, list[tuple]] = defaultdict(list)
    rows = (
        ServiceRecord.objects.filter(
            recipient_id__in={p.recipient.pk for p in ending},
            cancelled_at__isnull=True,
            basis__in=ASSIGNED,
            performed_on__gte=min(p.program.valid_from for p in ending),
            performed_on__lte=max(p.date_finish for p in ending),
        )
        .values("recipient_id", "performed_on")
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"))
        .values_list("recipient_id", "performed_on", "quantity", "amount")
    )
    for recipient_id, day, quantity, amount in rows:
        days[recipient_id].append((day, quantity, amount))
    for planned in ending:
        first, last = planned.program.valid_from, planned.date_finish
        within = [row for row in days[planned.recipient.pk] if first <= row[0] <= last]
        planned.quantity = sum((row[1] for row in within), start=Decimal(0)).quantize(KOPECK)
        planned.amount = sum((row[2] for row in within), start=Decimal(0)).quantize(KOPECK)


def _last_errors(facts: list[EgissoFact]) -> dict[int, EgissoRecord]:
    if not facts:
        return {}
    last: dict[int, EgissoRecord] = {}
    rows = EgissoRecord.objects.filter(fact__in=facts, error__gt="").order_by("created_at", "pk")
    for record in rows:
        last[record.fact_id] = record
    return last
