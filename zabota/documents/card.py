"""The «Документы» section of the recipient's card: the archive of what was issued to the person
and the buttons that issue the recipient-level documents."""

from zabota.documents.kinds import card_kinds
from zabota.documents.selectors import issued_for_recipient

CARD_LIMIT = 10


def documents_section(request, recipient) -> dict:
    # The card itself was opened through get_recipient_for: the person sees this recipient.
    documents = list(issued_for_recipient(recipient, limit=CARD_LIMIT + 1))
    staff = request.staff
    return {
        "documents": documents[:CARD_LIMIT],
        "more": len(documents) > CARD_LIMIT,
        "kinds": [k for k in card_kinds() if staff.can(k.issue_capability)],
    }
