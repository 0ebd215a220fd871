from django.apps import AppConfig


class AbsencesConfig(AppConfig):
    name = "zabota.absences"
    label = "absences"
    verbose_name = "Отсутствия и замены"
