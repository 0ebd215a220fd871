from django.apps import AppConfig


class BillingConfig(AppConfig):
    """Charges, receipts, payments and arrears: the money after the act (issue 20).

    A new app above acts rather than an extension of payments: charges are made from the act's
    figures (zabota.acts.selectors), so billing must import acts, and payments stands below
    acts (acts import payments' fee rules). What lower apps need from billing they get through
    the extension points registered in zabota.billing.extensions."""

    name = "zabota.billing"
    label = "billing"
