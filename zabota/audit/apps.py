from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zabota.audit"
    label = "audit"
