"""What billing adds to the extension points of the apps below it: the balance on the
recipient's card, the debt printed in the act, charges made when a month of the service log is
closed, the «receipt» document kind and the month's receipts as a kind of job."""

from zabota.acts.documents import register_act_fields
from zabota.billing.card import balance_section, debt_fields
from zabota.billing.jobs import RECEIPTS_JOB
from zabota.billing.receipts import document_kind
from zabota.billing.services.charges import after_month_closed
from zabota.delivery.services.closing import register_after_close
from zabota.documents.kinds import register as register_kind
from zabota.jobs.kinds import register as register_job
from zabota.recipients.card import CardSection
from zabota.recipients.card import register as register_section

register_section(CardSection(42, "billing/card_balance.html", balance_section))
register_act_fields(debt_fields)
register_after_close(after_month_closed)
register_kind(document_kind())
register_job(RECEIPTS_JOB)
