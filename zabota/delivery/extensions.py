"""What the service log adds to the extension points: plan and fact on the recipient's card."""

from zabota.delivery.card import plan_fact_section
from zabota.recipients.card import CardSection, register

register(CardSection(order=40, template="delivery/_card_section.html", context=plan_fact_section))
