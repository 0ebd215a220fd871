from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zabota.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from zabota.core.sqlite import register_like

        connection_created.connect(register_like, dispatch_uid="zabota_sqlite_like")
