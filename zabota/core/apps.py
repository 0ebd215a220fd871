from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zabota.core"
    label = "core"
