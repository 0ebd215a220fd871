from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "zabota.dashboard"
    label = "dashboard"
