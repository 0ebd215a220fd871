"""What the service log adds to the recipient's card: plan and fact of the month."""

from django.utils import timezone

from zabota.delivery.selectors import plan_vs_fact


def plan_fact_section(request, recipient):
    return {
        "plan": plan_vs_fact(recipient, timezone.localdate()),
        "can_record": request.staff.can("services.record") and recipient.is_active,
    }
