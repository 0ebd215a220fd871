from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "zabota.operations"
    label = "operations"

    def ready(self):
        from django.core.signals import got_request_exception

        from zabota.operations import health
        from zabota.operations.services import error_report_from_signal

        got_request_exception.connect(error_report_from_signal, dispatch_uid="zabota-error-report")
        health.register_check("database", health.database_check)
        health.register_check("disk", health.disk_check)
