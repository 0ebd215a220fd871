from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "zabota.exchange"
    label = "exchange"
    verbose_name = "Обмен данными"
