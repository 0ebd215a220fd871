from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "zabota.quality"
    label = "quality"
    verbose_name = "Качество обслуживания"

    def ready(self):
        from zabota.quality import panels

        panels.register_all()
