"""What the service log adds to the extension points: plan and fact on the recipient's card,
and its long export as a job."""

from zabota.delivery.card import plan_fact_section
from zabota.delivery.exports import RECORDS_EXPORT
from zabota.jobs.exports import register_export
from zabota.recipients.card import CardSection, register

register(CardSection(order=40, template="delivery/_card_section.html", context=plan_fact_section))
register_export(RECORDS_EXPORT)
