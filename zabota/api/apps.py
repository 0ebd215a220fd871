from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zabota.api"
    label = "api"
