from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "zabota.programs"
    label = "programs"
