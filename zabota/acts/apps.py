from django.apps import AppConfig


class ActsConfig(AppConfig):
    name = "zabota.acts"
    label = "acts"

    def ready(self):
        from zabota.acts.documents import act_context
        from zabota.acts.selectors import failed_act_runs
        from zabota.documents.kinds import provide_context
        from zabota.operations.failures import register_failure_source

        provide_context("act", act_context)
        register_failure_source("acts", failed_act_runs)
