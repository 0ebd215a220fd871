from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules

from zabota.core.sqlite import register_like


class CoreConfig(AppConfig):
    name = "zabota.core"
    label = "core"

    def ready(self):
        connection_created.connect(register_like, dispatch_uid="zabota_sqlite_like")
        # Each app's `extensions` module registers what the app adds to the extension points of
        # the apps below it (card sections, start page blocks, document kinds, …), as Django's
        # admin finds admin.py: imported once every app is loaded, so no app imports upwards.
        autodiscover_modules("extensions")
