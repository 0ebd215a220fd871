"""What absences add to the apps below: the covered recipients in a substitute's scope, and
«Кто обслуживает сегодня» on the recipient's card."""

from zabota.absences.selectors import covered_ids, serving_today
from zabota.organisation.access import register_covered
from zabota.recipients.card import CardSection
from zabota.recipients.card import register as register_section

register_covered(covered_ids)
register_section(
    CardSection(
        order=5,
        template="absences/_card_section.html",
        context=lambda request, recipient: {"serving": serving_today(recipient)},
    )
)
