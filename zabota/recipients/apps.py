from django.apps import AppConfig


class RecipientsConfig(AppConfig):
    name = "zabota.recipients"
    label = "recipients"

    def ready(self):
        from django.db.backends.signals import connection_created

        from zabota.recipients.search import register

        connection_created.connect(register, dispatch_uid="zabota_recipients_name_match")
