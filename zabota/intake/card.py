"""On the card of a discharged person: taking them on again through the guided intake, which
starts from their card (or the draft already open for them)."""

from zabota.intake.models import IntakeStatus
from zabota.intake.selectors import intakes_for
from zabota.recipients.models import RecipientStatus


def reenrol_section(request, recipient) -> dict:
    if recipient.status != RecipientStatus.DISCHARGED:
        return {}
    draft = (
        intakes_for(request.staff)
        .filter(recipient=recipient, status=IntakeStatus.DRAFT)
        .order_by("-pk")
        .first()
    )
    return {"discharged": True, "draft": draft}
