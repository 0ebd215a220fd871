"""What billing adds to the recipient's card and to the act: the balance of payments."""

import datetime

from zabota.billing.selectors import (
    ZERO,
    balance_of,
    balances_before,
    ledger_rows,
    personal_account,
)

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


def debt_fields(recipient_ids: list[int], month: datetime.date) -> dict[int, dict]:
    """The acts' «задолженность на начало месяца» (zabota.acts.documents.register_act_fields):
    the balance on the first day of the ledger month of the act's month, for a batch of acts at
    once; people who were never charged keep the act's neutral values."""
    return {
        pk: {"debt_at_start": max(balance, ZERO), "advance_at_start": max(-balance, ZERO)}
        for pk, balance in balances_before(recipient_ids, month.replace(day=1)).items()
    }
