from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "zabota.rota"
    label = "rota"
    verbose_name = "График работы отделения"
