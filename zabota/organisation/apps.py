from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "zabota.organisation"
    label = "organisation"
