from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "zabota.programs"
    label = "programs"

    def ready(self):
        from zabota.dashboard.widgets import Widget
        from zabota.dashboard.widgets import register as register_widget
        from zabota.programs.card import contracts_section, deadlines_widget, programs_section
        from zabota.recipients.card import CardSection
        from zabota.recipients.card import register as register_section

        register_section(CardSection(20, "programs/card_programs.html", programs_section))
        register_section(CardSection(30, "programs/card_contracts.html", contracts_section))
        # Heads, the director and specialists: the people who renew certificates and programs.
        register_widget(
            Widget(20, "programs/widgets/deadlines.html", deadlines_widget, "recipients.edit")
        )
        from zabota.documents.kinds import provide_context
        from zabota.programs.printing import (
            build_agreement_context,
            build_contract_context,
            build_program_context,
        )

        provide_context("program", build_program_context)
        provide_context("contract", build_contract_context)
        provide_context("contract_agreement", build_agreement_context)
