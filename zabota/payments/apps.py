from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "zabota.payments"
    label = "payments"
