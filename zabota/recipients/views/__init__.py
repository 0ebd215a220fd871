"""Pages of the registry: cards, the lifecycle of a card, and the journals and lists."""

from zabota.recipients.views.cards import (
    recipient_card,
    recipient_edit,
    recipient_history,
    recipient_list,
    recipient_register,
)
from zabota.recipients.views.lifecycle import (
    certificate_add,
    consent_add,
    consent_withdraw,
    recipient_discharge,
    recipient_enrol,
    representative_edit,
)
from zabota.recipients.views.lists import by_category, certificates, journal_view

__all__ = [
    "by_category",
    "certificate_add",
    "certificates",
    "consent_add",
    "consent_withdraw",
    "journal_view",
    "recipient_card",
    "recipient_discharge",
    "recipient_edit",
    "recipient_enrol",
    "recipient_history",
    "recipient_list",
    "recipient_register",
    "representative_edit",
]
