from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "zabota.intake"
    label = "intake"
    verbose_name = "Оформление на обслуживание"
