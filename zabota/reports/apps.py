from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zabota.reports"
    label = "reports"
