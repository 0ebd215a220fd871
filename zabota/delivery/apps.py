from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "zabota.delivery"
    label = "delivery"
