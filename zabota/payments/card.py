"""The recipient's card: the payment condition with its explanation, the family and incomes."""

from django.utils import timezone

from zabota.payments.costs import cost_source
from zabota.payments.selectors import current_decision, fee_for, has_free_category
from zabota.rules.payment import FEE_FREE


def payment_condition(recipient, on_date, request=None) -> dict:
    """The fee the person would pay for the month of `on_date` under the program in force
    (found once per page when the caller gives its `request`)."""
    program, cost = cost_source().of_recipient(recipient, on_date, request)
    fee = fee_for(recipient, cost, on_date)
    return {
        "program": program,
        "cost": cost,
        "fee": fee,
        # Without an ИППСУ there are no services to price: a fee above zero is not known yet
        # (the rule would call it «полная оплата: 0,00 ₽»), only whether it is free and its cap.
        "fee_pending": program is None and fee is not None and fee.kind != FEE_FREE,
        # An ИППСУ whose services have no tariff yet prices to zero: «полная оплата: 0,00 ₽»
        # would read as a fact, it is a gap in the catalogue.
        "cost_missing": program is not None
        and not cost
        and fee is not None
        and fee.kind != FEE_FREE,
        "decision": current_decision(recipient),
        "free_category": has_free_category(recipient),
    }


def payment_section(request, recipient) -> dict:
    today = timezone.localdate()
    return payment_condition(recipient, today, request) | {
        "family": list(recipient.family_members.filter(is_active=True)),
        "can_edit": request.staff.can("recipients.edit"),
    }
