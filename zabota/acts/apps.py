from django.apps import AppConfig


class ActsConfig(AppConfig):
    name = "zabota.acts"
    label = "acts"

    def ready(self):
        from zabota.acts.documents import act_context
        from zabota.documents.kinds import provide_context

        provide_context("act", act_context)

        from zabota.acts.jobs import ACTS_JOB
        from zabota.jobs.kinds import register

        register(ACTS_JOB)
