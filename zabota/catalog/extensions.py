"""What the catalog hooks into: the eight types of services come back after every migrate."""

from django.apps import apps
from django.db.models.signals import post_migrate

from zabota.catalog.types import ensure_service_types

post_migrate.connect(
    ensure_service_types, sender=apps.get_app_config("catalog"), dispatch_uid="catalog_types"
)
