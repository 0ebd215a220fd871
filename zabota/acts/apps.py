from django.apps import AppConfig


class ActsConfig(AppConfig):
    name = "zabota.acts"
    label = "acts"

    def ready(self):
        from zabota.acts.documents import act_context, act_contexts
        from zabota.documents.kinds import provide_context

        provide_context("act", act_context, act_contexts)
