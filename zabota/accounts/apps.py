from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zabota.accounts"
    label = "accounts"
