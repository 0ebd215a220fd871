from django.apps import AppConfig


class ActsConfig(AppConfig):
    name = "zabota.acts"
    label = "acts"
