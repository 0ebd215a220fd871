from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "zabota.catalog"
    label = "catalog"

    def ready(self):
        from zabota.catalog.types import ensure_service_types

        post_migrate.connect(ensure_service_types, sender=self, dispatch_uid="catalog_types")
