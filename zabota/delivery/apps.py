from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "zabota.delivery"
    label = "delivery"

    def ready(self):
        from zabota.delivery import card

        card.register_sections()
