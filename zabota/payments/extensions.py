"""What payments add to the extension points: the payment condition on the recipient's card."""

from zabota.payments.card import payment_section
from zabota.recipients.card import CardSection, register

register(CardSection(40, "payments/card_payment.html", payment_section))
