from django.apps import AppConfig


class BillingConfig(AppConfig):
    """Charges, receipts, payments and arrears: the money after the act (issue 20).

    A new app above acts rather than an extension of payments: charges are made from the act's
    figures (zabota.acts.selectors), so billing must import acts, and payments stands below
    acts (acts import payments' fee rules). What lower apps need from billing they get through
    extension points registered here: the recipient's card, the act's data, the month closing
    of the service log and the document kinds."""

    name = "zabota.billing"
    label = "billing"

    def ready(self):
        from zabota.acts.documents import register_act_fields
        from zabota.billing.card import balance_section, debt_fields
        from zabota.billing.receipts import document_kind
        from zabota.billing.services.charges import after_month_closed
        from zabota.delivery.services.closing import register_after_close
        from zabota.documents.kinds import register as register_kind
        from zabota.recipients.card import CardSection
        from zabota.recipients.card import register as register_section

        register_section(CardSection(42, "billing/card_balance.html", balance_section))
        register_act_fields(debt_fields)
        register_after_close(after_month_closed)
        register_kind(document_kind())
