from django.apps import AppConfig


class LtcConfig(AppConfig):
    name = "zabota.ltc"
    label = "ltc"
    verbose_name = "Долговременный уход"
