"""What the tablet adds to the extension points: the act signatures on the recipient's card."""

from zabota.field.card import signatures_section
from zabota.recipients.card import CardSection, register

register(CardSection(order=45, template="field/_card_signatures.html", context=signatures_section))
