from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zabota.documents"
    label = "documents"

    def ready(self):
        from zabota.documents.card import documents_section
        from zabota.documents.kinds import all_kinds
        from zabota.recipients.card import CardSection, register

        all_kinds()  # the documents app's own kinds, before any request
        register(
            CardSection(
                order=90,
                template="documents/_card_section.html",
                context=documents_section,
            )
        )
