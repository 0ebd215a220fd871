"""The data of the "act" document kind (fields declared in zabota/documents/contexts/act.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects

from zabota.acts.selectors import (
    ActData,
    act_signatures,
    acts_data,
    contracts_in_force,
    heads_of,
    programs_in_force,
    recipients_for_billing,
)
from zabota.delivery.selectors import month_bounds
from zabota.documents.contexts.act import payment_fields
from zabota.documents.contexts.common import active_representative
from zabota.documents.rendering import ImageData
from zabota.organisation.models import Staff
from zabota.programs.models import FeeKind
from zabota.rules.words import month_year_title, rubles_in_words

ZERO_TEXT = "—"

# Fields other apps add to the act's data (billing: the debt at the start of the month),
# registered from their extensions module, so acts import none of them:
# callback(recipient_ids, month) -> {recipient_id: dict merged into context["act"]}, read once
# for a whole batch of acts. The declared fields they fill have neutral values here for an
# installation without them.
ACT_FIELDS: list[Callable] = []
NEUTRAL_FIELDS = {"debt_at_start": Decimal("0.00"), "advance_at_start": Decimal("0.00")}


def register_act_fields(callback: Callable) -> None:
    if callback not in ACT_FIELDS:
        ACT_FIELDS.append(callback)


def contributed_fields(ids: list[int], month: datetime.date) -> dict[int, dict]:
    fields = {i: dict(NEUTRAL_FIELDS) for i in ids}
    for callback in ACT_FIELDS:
        for recipient_id, values in callback(ids, month).items():
            fields[recipient_id].update(values)
    return fields


def parse_period(period: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(period, "%Y-%m").date()
    except (TypeError, ValueError):
        raise ValidationError("Для акта нужен месяц в виде ГГГГ-ММ.") from None


def act_context(request) -> dict:
    return ActBatch.read(request.actor, [request.recipient], parse_period(request.period)).context(
        request.recipient
    )


def act_contexts(requests: list) -> list[dict | ValidationError]:
    """The acts of many people of one month (one actor, one period) with their data read in a
    dozen queries whatever their number; a person without an act gets its ValidationError."""
    if not requests:
        return []
    actor, period = requests[0].actor, requests[0].period
    if any(r.actor is not actor or r.period != period for r in requests):
        raise ValueError("act_contexts: one actor and one period per call")
    batch = ActBatch.read(actor, [r.recipient for r in requests], parse_period(period))
    results: list[dict | ValidationError] = []
    for request in requests:
        try:
            results.append(batch.context(request.recipient))
        except ValidationError as error:
            results.append(error)
    return results


@dataclass
class ActBatch:
    """What the acts of many people of one month need, each kind of data read once for all of
    them (a thousand acts took eleven queries each)."""

    actor: Staff
    month: datetime.date
    allowed: set[int]
    data: dict[int, ActData]
    programs: dict[int, list]  # [in force at the end of the month, at its start]
    contracts: dict[int, list]
    heads: dict[int, Staff]
    signatures: dict[int, object]
    contributed: dict[int, dict] = field(default_factory=dict)

    @classmethod
    def read(cls, actor: Staff, recipients: list, month: datetime.date) -> ActBatch:
        start, end = month_bounds(month)
        ids = [r.pk for r in recipients]
        # The representatives and categories serve the act and the document's common part.
        prefetch_related_objects(recipients, "representatives", "benefit_categories")
        programs = (programs_in_force(ids, end), programs_in_force(ids, start))
        contracts = (contracts_in_force(ids, end), contracts_in_force(ids, start))
        allowed = recipients_for_billing(actor).filter(pk__in=ids).values_list("pk", flat=True)
        return cls(
            actor=actor,
            month=month,
            allowed=set(allowed),
            data=acts_data(recipients, month),
            programs={i: [p.get(i) for p in programs] for i in ids},
            contracts={i: [c.get(i) for c in contracts] for i in ids},
            heads=heads_of({r.department_id for r in recipients}),
            signatures=act_signatures(ids, month),
            contributed=contributed_fields(ids, month),
        )

    def context(self, recipient) -> dict:
        month = self.month
        if recipient.pk not in self.allowed:
            raise ValidationError("Получатель вам недоступен.")
        start, end = month_bounds(month)
        data = self.data[recipient.pk]
        if not data.has_services:
            raise ValidationError(
                f"За {month_year_title(month.year, month.month)} у получателя нет оказанных "
                "услуг: акт не составляется."
            )
        if data.fee is None:
            raise ValidationError(
                "Условие оплаты получателя не рассчитано: рассчитайте его на карточке, затем "
                "составьте акт."
            )
        program = next(filter(None, self.programs[recipient.pk]), None)
        contract = next(filter(None, self.contracts[recipient.pk]), None)
        fee = data.fee
        to_pay = data.to_pay
        provider = self.heads.get(recipient.department_id) or self.actor
        representative = active_representative(recipient)
        signature = self.signatures.get(recipient.pk)
        return {
            "act": {
                "period": f"{month:%Y-%m}",
                "month_title": month_year_title(month.year, month.month),
                "date_from": start,
                "date_to": end,
                "program_number": program.number if program else ZERO_TEXT,
                "program_date": program.drawn_up_on if program else None,
                "contract_number": contract.number if contract else ZERO_TEXT,
                "contract_date": contract.concluded_on if contract else None,
                "fee_kind_label": str(FeeKind(fee.kind).label),
                "total": data.total,
                "total_words": rubles_in_words(data.total),
                "income_per_capita": fee.income_per_capita,
                "threshold": fee.threshold,
                "half_difference": fee.cap,
                "to_pay": to_pay,
                "to_pay_words": rubles_in_words(to_pay),
                **payment_fields(
                    fee,
                    free_categories=[
                        c.name for c in recipient.benefit_categories.all() if c.free_of_charge
                    ],
                    additional=data.additional,
                ),
                **self.contributed.get(recipient.pk, NEUTRAL_FIELDS),
            },
            "rows": [
                {
                    "n": n,
                    "name": row.name + (" (дополнительная платная)" if row.is_additional else ""),
                    "unit": row.unit,
                    "quantity": row.quantity,
                    "price": row.price,
                    "sum": row.amount,
                }
                for n, row in enumerate(data.rows, start=1)
            ],
            # Free care services of the care plan: a section of their own, without prices.
            "care_rows": [
                {"n": n, "name": row.name, "unit": row.unit, "quantity": row.quantity}
                for n, row in enumerate(data.care_rows, start=1)
            ],
            "signatures": {
                "provider_position": provider.position or provider.get_role_display(),
                "provider_name": provider.full_name,
                "customer_name": representative.full_name
                if representative
                else recipient.full_name,
                # Drawn by the recipient on the tablet for this month (zabota.field), if at all.
                "customer_signature": ImageData(bytes(signature.image)) if signature else "",
            },
            "document": {"title": f"Акт за {month_year_title(month.year, month.month)}"},
        }
