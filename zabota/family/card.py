"""The section «Доступ родственников» of the recipient's card."""


def card_context(request, recipient) -> dict:
    return {
        "open": [
            r.full_name
            for r in recipient.relatives.filter(
                revoked_at__isnull=True, consent_withdrawn_on__isnull=True
            ).order_by("last_name", "pk")
        ]
    }
