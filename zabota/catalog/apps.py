from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zabota.catalog"
    label = "catalog"
