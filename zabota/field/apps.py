from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "zabota.field"
    label = "field"
