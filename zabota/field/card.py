"""What the tablet adds to the recipient's card: the act signatures drawn on the screen."""

from zabota.field.selectors import signatures_for


def signatures_section(request, recipient):
    signatures = (
        signatures_for(request.staff)
        .filter(recipient=recipient)
        .select_related("captured_by")
        .defer("image")
        .order_by("-month", "-signed_at")[:12]
    )
    return {"signatures": list(signatures)}
