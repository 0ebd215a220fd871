"""What the tablet adds to the extension points: the act signatures on the recipient's card,
and the long export of the visits as a job."""

from zabota.field.card import signatures_section
from zabota.field.exports import VISITS_EXPORT
from zabota.jobs.exports import register_export
from zabota.recipients.card import CardSection, register

register(CardSection(order=45, template="field/_card_signatures.html", context=signatures_section))
register_export(VISITS_EXPORT)
