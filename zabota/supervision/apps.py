from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zabota.supervision"
    label = "supervision"
