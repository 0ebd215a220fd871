from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "zabota.quality"
    label = "quality"
    verbose_name = "Качество обслуживания"
