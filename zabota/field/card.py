"""What the tablet adds to the recipient's card: the act signatures drawn on the screen."""

from zabota.recipients.card import CardSection, register


def _signatures_section(request, recipient):
    from zabota.field.selectors import signatures_for

    signatures = (
        signatures_for(request.staff)
        .filter(recipient=recipient)
        .select_related("captured_by")
        .defer("image")
        .order_by("-month", "-signed_at")[:12]
    )
    return {"signatures": list(signatures)}


def register_sections() -> None:
    register(
        CardSection(order=45, template="field/_card_signatures.html", context=_signatures_section)
    )
