"""The payee's bank details, entered once in the settings and checked (control keys)."""

from django.db import transaction

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.billing.models import PayeeDetails
from zabota.organisation.models import Staff

FIELDS = (
    "name",
    "inn",
    "kpp",
    "account",
    "bank_name",
    "bic",
    "correspondent_account",
    "cbc",
    "oktmo",
    "purpose",
)


@transaction.atomic
def payee_details_save(*, actor: Staff, **values: str) -> PayeeDetails:
    """Create or change the institution's details; ValidationError (Russian) when a control
    key or a length does not hold, nothing saved."""
    details = PayeeDetails.objects.select_for_update().filter(
        institution_id=actor.institution_id
    ).first() or PayeeDetails(institution_id=actor.institution_id)
    before = snapshot(details, FIELDS) if details.pk else {}
    for name in FIELDS:
        if name in values:
            setattr(details, name, (values[name] or "").strip())
    details.updated_by = actor
    details.full_clean()
    details.save()
    audit_event(
        kind=EventKind.SETTINGS,
        actor=actor,
        obj=details,
        changes=diff(before, snapshot(details, FIELDS)),
        details="реквизиты получателя платежа",
    )
    return details
