"""Staff accounts, the institution's details and its departments."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.accounts.models import RevokeReason
from zabota.accounts.services import device_tokens_revoke_all
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, audited_save, diff, snapshot
from zabota.organisation.models import Department, Institution, Staff, Supervision
from zabota.organisation.roles import Role
from zabota.rules.names import decline

logger = logging.getLogger(__name__)

STAFF_FIELDS = [
    "last_name",
    "first_name",
    "middle_name",
    "role",
    "department",
    "position",
    "phone",
    "hours_per_week",
    "working_days",
]


@transaction.atomic
def staff_create(
    *,
    actor: Staff | None,
    institution: Institution | None,
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
        institution.pk if institution else "-",
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


# --- the installation administrator: institutions and supervisors --------------------------


class InstitutionExists(ValidationError):
    """An institution with this ИНН and КПП is already in the installation (a form sent twice;
    a branch has the same ИНН and its own КПП)."""


@transaction.atomic
def institution_create(
    *, actor: Staff, institution: Institution, admin: dict, password: str
) -> tuple[Institution, Staff]:
    """A new institution and its first administrator (`admin`: username, last_name,
    first_name, middle_name, email), who then adds its departments and staff."""
    # Sent twice in a row: the second finds the first. Sent twice at the same moment: the
    # second fails on the administrator's login (unique) and nothing of it is kept.
    if Institution.objects.filter(inn=institution.inn, kpp=institution.kpp).exists():
        raise InstitutionExists({"inn": "Учреждение с таким ИНН и КПП уже есть в системе."})
    for field, case in (("director_name_gent", "gent"), ("director_name_datv", "datv")):
        if not getattr(institution, field):
            setattr(institution, field, decline(institution.director_name, case))
    institution.full_clean()
    institution.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        institution=institution,
        obj=institution,
        changes={k: [None, v] for k, v in snapshot(institution, INSTITUTION_FIELDS).items()},
        details="учреждение создано администратором установки",
    )
    administrator = staff_create(
        actor=actor,
        institution=institution,
        username=admin["username"],
        password=password,
        email=admin.get("email", ""),
        role=Role.ADMIN,
        last_name=admin["last_name"],
        first_name=admin["first_name"],
        middle_name=admin.get("middle_name", ""),
        position="администратор",
    )
    logger.info("institution %s created by staff %s", institution.pk, actor.pk)
    return institution, administrator


@transaction.atomic
def supervisor_create(
    *,
    actor: Staff,
    username: str,
    password: str,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    position: str = "",
    email: str = "",
) -> Staff:
    """A supervisor's account, of no institution: they read the totals of those attached to
    them (supervision_attach) and never a person."""
    # Sent twice at the same moment: the second fails on the login (unique) and keeps nothing.
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "Такое имя пользователя уже занято."})
    return staff_create(
        actor=actor,
        institution=None,
        username=username,
        password=password,
        email=email,
        role=Role.SUPERVISOR,
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        position=position,
    )


@transaction.atomic
def supervisor_set_active(*, actor: Staff, supervisor: Staff, is_active: bool) -> bool:
    """Switch a supervisor's login off (their sessions and tablet keys end) or back on; False
    when it already was so (a second click)."""
    if supervisor.role != Role.SUPERVISOR:
        raise ValidationError("Это не учётная запись куратора.")
    if supervisor.user.is_active == is_active:
        return False
    staff_update(
        actor=actor, staff=supervisor, username=supervisor.user.username, is_active=is_active
    )
    return True


@transaction.atomic
def supervision_attach(*, actor: Staff, supervisor: Staff, institution: Institution) -> bool:
    """The supervisor reads the institution's aggregates from now on; False if they did."""
    if supervisor.role != Role.SUPERVISOR:
        raise ValidationError("Закрепить за учреждением можно только куратора.")
    link, created = Supervision.objects.get_or_create(
        supervisor=supervisor, institution=institution
    )
    if created:
        audit_event(
            kind=EventKind.SETTINGS,
            actor=actor,
            institution=institution,
            obj=link,
            details=f"куратор {supervisor.user.get_username()} закреплён за учреждением",
        )
    return created


@transaction.atomic
def supervision_detach(*, actor: Staff, supervisor: Staff, institution: Institution) -> bool:
    """False if the supervisor was not attached (a second click)."""
    link = Supervision.objects.filter(supervisor=supervisor, institution=institution).first()
    if link is None:
        return False
    audit_event(
        kind=EventKind.SETTINGS,
        actor=actor,
        institution=institution,
        obj=link,
        details=f"куратор {supervisor.user.get_username()} откреплён от учреждения",
    )
    link.delete()
    return True
