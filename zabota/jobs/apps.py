from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "zabota.jobs"
    label = "jobs"
    verbose_name = "Задания"
