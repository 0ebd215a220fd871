from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zabota.documents"
    label = "documents"
