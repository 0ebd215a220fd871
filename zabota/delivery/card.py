"""What the service log adds to the recipient's card and to the start page."""

from django.utils import timezone

from zabota.recipients.card import CardSection, register


def _plan_fact_section(request, recipient):
    from zabota.delivery.selectors import plan_vs_fact

    return {
        "plan": plan_vs_fact(recipient, timezone.localdate()),
        "can_record": request.staff.can("services.record") and recipient.is_active,
    }


def register_sections() -> None:
    register(
        CardSection(order=40, template="delivery/_card_section.html", context=_plan_fact_section)
    )
