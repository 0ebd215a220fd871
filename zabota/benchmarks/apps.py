from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Installed for its command alone (`manage.py bench`): no models, no pages."""

    name = "zabota.benchmarks"
    label = "benchmarks"
