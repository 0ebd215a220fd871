"""The section «Качество обслуживания» of the recipient's card: the recipient's surveys, appeals
and inspections the person may read, and the links to take a survey, register an appeal or
record an inspection."""

from zabota.quality.selectors import complaints_for, inspections_for, surveys_for

SHOWN = 5


def card_context(request, recipient) -> dict:
    staff = request.staff
    can_complaints = staff.can("quality.complaints")
    can_inspect = staff.can("quality.inspect")
    return {
        "surveys": list(
            surveys_for(staff).filter(recipient=recipient).order_by("-taken_on", "-pk")[:SHOWN]
        ),
        "complaints": list(
            complaints_for(staff)
            .filter(recipient=recipient)
            .order_by("-received_on", "-pk")[:SHOWN]
        )
        if can_complaints
        else [],
        "inspections": list(
            inspections_for(staff)
            .filter(recipient=recipient)
            .select_related("worker")
            .order_by("-inspected_on", "-pk")[:SHOWN]
        )
        if can_inspect
        else [],
        "can_complaints": can_complaints,
        "can_inspect": can_inspect,
    }
