"""What the family view adds below: the relative as a kind of login of the one login page (the
same lockout as staff), and the section of the recipient's card where the head manages it."""

from zabota.accounts.services import AccountKind, register_account_kind
from zabota.family.card import card_context
from zabota.family.selectors import open_relative_of
from zabota.recipients.card import CardSection
from zabota.recipients.card import register as register_section

register_account_kind(
    AccountKind(
        name="relative",
        admits=lambda user: open_relative_of(user) is not None,
        institution_of=lambda user: open_relative_of(user).recipient.institution,
        home="family:home",
    )
)
register_section(
    CardSection(
        order=90,
        template="family/_card_section.html",
        context=card_context,
        capability="recipients.edit",
    )
)
