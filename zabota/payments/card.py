"""The recipient's card: the payment condition with its explanation, the family and incomes."""

from decimal import Decimal

from django.utils import timezone

from zabota.payments.selectors import current_decision, fee_for, has_free_category
from zabota.programs.card import card_program_in_force
from zabota.programs.selectors import planned_monthly_cost, program_in_force
from zabota.rules.payment import FEE_FREE


def payment_condition(recipient, on_date, program=None) -> dict:
    """The fee the person would pay for the month of `on_date` under the program in force
    (`program`, when the caller has already found it)."""
    program = program or program_in_force(recipient, on_date)
    cost = planned_monthly_cost(program, on_date) if program else Decimal("0.00")
    fee = fee_for(recipient, cost, on_date)
    return {
        "program": program,
        "cost": cost,
        "fee": fee,
        # Without an ИППСУ there are no services to price: a fee above zero is not known yet
        # (the rule would call it «полная оплата: 0,00 ₽»), only whether it is free and its cap.
        "fee_pending": program is None and fee is not None and fee.kind != FEE_FREE,
        "decision": current_decision(recipient),
        "free_category": has_free_category(recipient),
    }


def payment_section(request, recipient) -> dict:
    today = timezone.localdate()
    program = card_program_in_force(request, recipient, today)
    return payment_condition(recipient, today, program) | {
        "family": list(recipient.family_members.filter(is_active=True)),
        "can_edit": request.staff.can("recipients.edit"),
    }
