"""Staff accounts, the institution's details and its departments."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from zabota.accounts.models import RevokeReason
from zabota.accounts.services import device_tokens_revoke_all
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, audited_save, diff, snapshot
from zabota.organisation.models import Department, Institution, Staff
from zabota.rules.names import decline

logger = logging.getLogger(__name__)

STAFF_FIELDS = ["last_name", "first_name", "middle_name", "role", "department", "position", "phone"]


@transaction.atomic
def staff_create(
    *,
    actor: Staff | None,
    institution: Institution,
    username: str,
    password: str,
    is_active: bool = True,
    email: str = "",
    **fields,
) -> Staff:
    user = get_user_model().objects.create_user(
        username=username, password=password, is_active=is_active, email=email
    )
    staff = Staff(user=user, institution=institution, **fields)
    staff.full_clean()
    staff.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        institution=institution,
        obj=staff,
        changes={k: [None, v] for k, v in snapshot(staff, STAFF_FIELDS).items()},
        details=f"учётная запись {username}",
    )
    logger.info(
        "staff %s (user id %s, role %s) created in institution %s by staff %s",
        staff.pk,
        user.pk,
        staff.role,
        institution.pk,
        actor.pk if actor else "-",
    )
    return staff


@transaction.atomic
def staff_update(
    *,
    actor: Staff,
    staff: Staff,
    username: str,
    is_active: bool,
    email: str | None = None,
    **fields,
) -> Staff:
    """`email` (the login's address for the digest of alerts): None leaves it as it is."""
    before = snapshot(staff, STAFF_FIELDS) | {
        "username": staff.user.username,
        "is_active": staff.user.is_active,
        "email": staff.user.email,
    }
    for name, value in fields.items():
        setattr(staff, name, value)
    staff.full_clean()
    staff.save()
    user = staff.user
    user.username = username
    user.is_active = is_active
    if email is not None:
        user.email = email
    user.save(update_fields=["username", "is_active", "email"])
    after = snapshot(staff, STAFF_FIELDS) | {
        "username": username,
        "is_active": is_active,
        "email": user.email,
    }
    changes = diff(before, after)
    if changes:
        audit_event(kind=EventKind.UPDATE, actor=actor, obj=staff, changes=changes)
    if "is_active" in changes or "role" in changes:
        logger.info(
            "staff %s changed by staff %s: %s",
            staff.pk,
            actor.pk,
            ", ".join(f"{k}={after[k]}" for k in ("is_active", "role") if k in changes),
        )
    if not is_active:
        # Switched off: the tablets stop too, and switching back on does not revive their keys.
        device_tokens_revoke_all(actor=actor, user=user, reason=RevokeReason.DEACTIVATED)
    return staff


INSTITUTION_FIELDS = [
    "name",
    "short_name",
    "inn",
    "kpp",
    "ogrn",
    "address",
    "phone",
    "email",
    "city",
    "director_name",
    "director_name_gent",
    "director_position",
    "acts_on_basis_of",
    "bank_details",
]


@transaction.atomic
def institution_update(*, actor: Staff, institution: Institution, **fields) -> Institution:
    before = snapshot(institution, INSTITUTION_FIELDS)
    renamed = fields.get("director_name", institution.director_name) != institution.director_name
    for name, value in fields.items():
        setattr(institution, name, value)
    # The declined forms follow a new director unless they were corrected in the same form.

    for field, case in (("director_name_gent", "gent"), ("director_name_datv", "datv")):
        if not getattr(institution, field) or (renamed and field not in fields):
            setattr(institution, field, decline(institution.director_name, case))
    institution.full_clean()
    institution.save()
    changes = diff(before, snapshot(institution, INSTITUTION_FIELDS))
    if changes:
        audit_event(kind=EventKind.SETTINGS, actor=actor, obj=institution, changes=changes)
    return institution


@transaction.atomic
def department_save(*, actor: Staff, department: Department) -> Department:
    return audited_save(actor=actor, obj=department)
