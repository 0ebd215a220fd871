"""The data of the "act" document kind (fields declared in zabota/documents/contexts/act.py)."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects

from zabota.acts.selectors import act_data, recipients_for_billing
from zabota.delivery.selectors import month_bounds
from zabota.documents.contexts.act import payment_fields
from zabota.documents.contexts.common import active_representative
from zabota.documents.rendering import ImageData
from zabota.field.selectors import act_signature_for
from zabota.organisation.models import Staff
from zabota.organisation.roles import Role
from zabota.programs.models import FeeKind
from zabota.programs.selectors import contract_in_force, program_in_force
from zabota.rules.words import month_year_title, rubles_in_words

ZERO_TEXT = "—"

# Fields other apps add to the act's data (billing: the debt at the start of the month),
# registered from their AppConfig.ready(), so acts import none of them:
# callback(recipient, month) -> dict merged into context["act"]. The declared fields they fill
# have neutral values here for an installation without them.
ACT_FIELDS: list[Callable] = []
NEUTRAL_FIELDS = {"debt_at_start": Decimal("0.00"), "advance_at_start": Decimal("0.00")}


def register_act_fields(callback: Callable) -> None:
    if callback not in ACT_FIELDS:
        ACT_FIELDS.append(callback)


def contributed_fields(recipient, month: datetime.date) -> dict:
    fields = dict(NEUTRAL_FIELDS)
    for callback in ACT_FIELDS:
        fields.update(callback(recipient, month))
    return fields


def parse_period(period: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(period, "%Y-%m").date()
    except (TypeError, ValueError):
        raise ValidationError("Для акта нужен месяц в виде ГГГГ-ММ.") from None


def act_context(request) -> dict:
    recipient = request.recipient
    if not recipients_for_billing(request.actor).filter(pk=recipient.pk).exists():
        raise ValidationError("Получатель вам недоступен.")
    month = parse_period(request.period)
    start, end = month_bounds(month)
    data = act_data(recipient, month)
    if not data.has_services:
        raise ValidationError(
            f"За {month_year_title(month.year, month.month)} у получателя нет оказанных услуг: "
            "акт не составляется."
        )
    if data.fee is None:
        raise ValidationError(
            "Условие оплаты получателя не рассчитано: рассчитайте его на карточке, затем "
            "составьте акт."
        )
    program = program_in_force(recipient, end) or program_in_force(recipient, start)
    contract = contract_in_force(recipient, end) or contract_in_force(recipient, start)
    fee = data.fee
    to_pay = data.to_pay
    head = (
        Staff.objects.filter(
            department_id=recipient.department_id, role=Role.HEAD, user__is_active=True
        )
        .order_by("pk")
        .first()
    )
    provider = head or request.actor
    # The one the document's common part names too (active and not expired), read once for both.
    prefetch_related_objects([recipient], "representatives")
    representative = active_representative(recipient)
    signature = act_signature_for(recipient, month)
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
            **contributed_fields(recipient, month),
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
            "customer_name": representative.full_name if representative else recipient.full_name,
            # Drawn by the recipient on the tablet for this month (zabota.field), if at all.
            "customer_signature": ImageData(bytes(signature.image)) if signature else "",
        },
        "document": {"title": f"Акт за {month_year_title(month.year, month.month)}"},
    }
