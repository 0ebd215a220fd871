from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "zabota.family"
    label = "family"
    verbose_name = "Кабинет родственника"
