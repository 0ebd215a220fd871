from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "zabota.payments"
    label = "payments"

    def ready(self):
        from zabota.payments.card import payment_section
        from zabota.recipients.card import CardSection, register

        register(CardSection(40, "payments/card_payment.html", payment_section))
