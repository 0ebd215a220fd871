from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "zabota.field"
    label = "field"

    def ready(self):
        from zabota.field import card

        card.register_sections()
