from django.apps import AppConfig


class LtcConfig(AppConfig):
    name = "zabota.ltc"
    label = "ltc"
    verbose_name = "Долговременный уход"

    def ready(self):
        from zabota.dashboard.widgets import Widget
        from zabota.dashboard.widgets import register as register_widget
        from zabota.delivery import entitlements
        from zabota.delivery.models import Basis
        from zabota.ltc import panels
        from zabota.recipients.card import CardSection
        from zabota.recipients.card import register as register_section

        register_section(
            CardSection(order=40, template="ltc/_card_section.html", context=panels.card_context)
        )
        register_widget(
            Widget(
                order=30,
                template="ltc/_widget.html",
                context=panels.widget_context,
                capability="assessments.edit",
            )
        )
        panels.register_document_kind()
        # The approved care plan is a basis of the service log (free care services).
        from zabota.ltc.entitlements import care_plan_entitlements

        entitlements.register(Basis.CARE_PLAN, care_plan_entitlements)
