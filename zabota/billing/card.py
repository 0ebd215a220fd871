"""What billing adds to the recipient's card and to the act: the balance of payments."""

import datetime

from zabota.billing.models import Charge
from zabota.billing.selectors import ZERO, balance_of, ledger_rows, personal_account

CARD_ROWS = 6


def balance_section(request, recipient) -> dict:
    """The card's «Оплата услуг» section: the balance now and the latest rows of the ledger.
    Everyone who may open the card sees it (a social worker: their own recipients only)."""
    rows = ledger_rows(recipient)
    balance = balance_of(recipient)
    return {
        "has_ledger": bool(rows),
        "balance": balance,
        "debt": max(balance, ZERO),
        "advance": max(-balance, ZERO),
        "rows": list(reversed(rows[-CARD_ROWS:])),
        "personal_account": personal_account(recipient.pk),
        "can_open_ledger": request.staff.can("billing.view"),
    }


def debt_fields(recipient, month: datetime.date) -> dict:
    """The act's «задолженность на начало месяца» (zabota.acts.documents.register_act_fields):
    the balance on the first day of the ledger month of the act's month."""
    if not Charge.objects.filter(recipient=recipient).exists():
        return {}
    balance = balance_of(recipient, before=month.replace(day=1))
    return {"debt_at_start": max(balance, ZERO), "advance_at_start": max(-balance, ZERO)}
