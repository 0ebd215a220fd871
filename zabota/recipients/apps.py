from django.apps import AppConfig


class RecipientsConfig(AppConfig):
    name = "zabota.recipients"
    label = "recipients"
