"""The family view's writes: the head records the consent and invites, the relative accepts the
link and writes to the head, the head closes access or records the consent's withdrawal.
Each writes its own journal entry; a relative's own acts are journalled under their login."""

import datetime
import hashlib
import logging
import secrets
import uuid as uuid_module
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.acts.selectors import heads_of
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, created
from zabota.core.dates import when_text
from zabota.family.models import Invitation, Relative
from zabota.organisation.models import Staff
from zabota.organisation.roles import Role
from zabota.quality.models import Complaint, ComplaintChannel
from zabota.quality.services.complaints import (
    ComplaintAlreadyRegistered,
    complaint_register,
    may_handle,
)
from zabota.recipients.models import Recipient, RecipientStatus, Representative

logger = logging.getLogger(__name__)

USED = "Эта ссылка уже использована. Попросите заведующего отделением выдать новую."
EXPIRED = "Срок действия ссылки истёк. Попросите заведующего отделением выдать новую."
REVOKED = "Приглашение отозвано. Доступ к сведениям закрыт."
UNKNOWN = "Ссылка недействительна. Проверьте, что она скопирована целиком."


class InvitationRefused(Exception):
    """A link that lets nobody in, with the words the page says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Invited:
    relative: Relative
    invitation: Invitation
    token: str  # shown once to the head, never stored


def _issue(*, actor: Staff, relative: Relative, now: datetime.datetime) -> Invited:
    # One link at a time: a new one revokes those not yet used.
    relative.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        relative=relative,
        token_hash=token_hash(token),
        expires_at=now + datetime.timedelta(hours=settings.ZABOTA_FAMILY_INVITATION_HOURS),
        created_by=actor,
    )
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=invitation,
        recipient_id=relative.recipient_id,
        details=f"ссылка для {relative.full_name} до {when_text(invitation.expires_at)}",
    )
    return Invited(relative, invitation, token)


@transaction.atomic
def relative_invite(
    *,
    actor: Staff,
    recipient: Recipient,
    representative: Representative | None,
    last_name: str,
    first_name: str,
    middle_name: str,
    relation: str,
    consent_given_on: datetime.date,
    consent_signed_by_representative: bool,
    today: datetime.date,
) -> Invited:
    """Record the recipient's written consent to tell this person of the service, and make the
    one-time link the head hands over."""
    if recipient.status != RecipientStatus.ACTIVE:
        raise ValidationError("Получатель снят с обслуживания: приглашать некого.")
    if representative is not None and representative.recipient_id != recipient.pk:
        raise ValidationError({"representative": "Это представитель другого получателя."})
    if consent_given_on > today:
        raise ValidationError(
            {"consent_given_on": "Дата согласия не может быть позже сегодняшней."}
        )
    if consent_given_on.year < 2000:
        raise ValidationError({"consent_given_on": "Проверьте год даты согласия."})
    relative = Relative(
        recipient=recipient,
        representative=representative,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        middle_name=middle_name.strip(),
        relation=relation.strip(),
        consent_given_on=consent_given_on,
        consent_signed_by_representative=consent_signed_by_representative,
        created_by=actor,
    )
    relative.full_clean()
    relative.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=relative,
        changes=created(relative),
        details=f"согласие получателя на доступ родственника от {consent_given_on:%d.%m.%Y}",
    )
    logger.info(
        "relative %s of recipient %s invited by staff %s", relative.pk, recipient.pk, actor.pk
    )
    return _issue(actor=actor, relative=relative, now=timezone.now())


@transaction.atomic
def invitation_renew(*, actor: Staff, relative: Relative) -> Invited:
    """A new link for the same person (lost, expired, or a forgotten password)."""
    relative = Relative.objects.select_for_update().get(pk=relative.pk)
    if not relative.is_open:
        raise ValidationError("Доступ закрыт: нужна новая запись согласия.")
    return _issue(actor=actor, relative=relative, now=timezone.now())


def _open_invitation(token: str, now: datetime.datetime, *, lock: bool) -> Invitation:
    if not token or len(token) > 100:
        raise InvitationRefused(UNKNOWN)
    found = Invitation.objects.select_related("relative", "relative__user")
    if lock:
        # Only the invitation's row: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer join to the relative's login (SQLite does not lock rows and never said so).
        found = found.select_for_update(of=("self",))
    invitation = found.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise InvitationRefused(UNKNOWN)
    if invitation.used_at is not None:
        raise InvitationRefused(USED)
    if invitation.revoked_at is not None or not invitation.relative.is_open:
        raise InvitationRefused(REVOKED)
    if invitation.expires_at <= now:
        raise InvitationRefused(EXPIRED)
    return invitation


def invitation_check(token: str) -> Invitation:
    """The invitation the link names, if it still lets in; InvitationRefused otherwise."""
    return _open_invitation(token, timezone.now(), lock=False)


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str):
    """Use the link once: the relative chooses a login (or keeps theirs) and sets a password.
    Returns the user to log in. Locked, so two tabs sending it at once use it once."""
    invitation = _open_invitation(token, timezone.now(), lock=True)
    relative = invitation.relative
    user = relative.user
    if user is None:
        username = username.strip()
        User = get_user_model()
        if not username:
            raise ValidationError({"username": "Придумайте имя для входа."})
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": "Это имя для входа занято, выберите другое."})
        user = User(username=username)
        user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    if relative.user_id is None:
        relative.user = user
        relative.save(update_fields=["user"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_event(
        kind=EventKind.UPDATE,
        user=user,
        institution=relative.recipient.institution,
        obj=invitation,
        recipient_id=relative.recipient_id,
        details="приглашение использовано, пароль родственника задан",
    )
    logger.info("invitation %s used by relative %s", invitation.pk, relative.pk)
    return user


def _close(relative: Relative, actor: Staff, now: datetime.datetime) -> None:
    relative.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    if relative.revoked_at is None:
        relative.revoked_at, relative.revoked_by = now, actor


@transaction.atomic
def relative_revoke(*, actor: Staff, relative: Relative) -> Relative:
    """Close access at once: the relative's next request finds the door shut, and no link of
    theirs works any longer."""
    relative = Relative.objects.select_for_update().get(pk=relative.pk)
    if relative.revoked_at is not None:
        return relative
    _close(relative, actor, timezone.now())
    relative.save(update_fields=["revoked_at", "revoked_by"])
    audit_event(
        kind=EventKind.UPDATE, actor=actor, obj=relative, details="доступ родственника закрыт"
    )
    logger.info("relative %s: access closed by staff %s", relative.pk, actor.pk)
    return relative


@transaction.atomic
def consent_withdraw(
    *, actor: Staff, relative: Relative, withdrawn_on: datetime.date, today: datetime.date
) -> Relative:
    """The recipient (or their representative) withdrew the consent: recorded with its date,
    and access closes at once (152-ФЗ ст. 9 ч. 2)."""
    relative = Relative.objects.select_for_update().get(pk=relative.pk)
    if relative.consent_withdrawn_on is not None:
        raise ValidationError("Согласие уже отозвано.")
    if withdrawn_on < relative.consent_given_on or withdrawn_on > today:
        raise ValidationError(
            {"withdrawn_on": "Дата отзыва — не раньше даты согласия и не позже сегодняшней."}
        )
    relative.consent_withdrawn_on = withdrawn_on
    _close(relative, actor, timezone.now())
    relative.save(update_fields=["consent_withdrawn_on", "revoked_at", "revoked_by"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=relative,
        details=f"согласие на доступ родственника отозвано {withdrawn_on:%d.%m.%Y}",
    )
    logger.info("relative %s: consent withdrawn, recorded by staff %s", relative.pk, actor.pk)
    return relative


def responsible_for(relative: Relative) -> Staff | None:
    """Who receives a relative's message: the head of the recipient's department, else the one
    who invited them, else a director, each if they work with appeals of that department."""
    department = relative.recipient.department
    candidates = [heads_of([department.pk]).get(department.pk), relative.created_by]
    candidates += list(
        Staff.objects.filter(
            institution_id=relative.recipient.institution_id,
            role=Role.DIRECTOR,
            user__is_active=True,
        ).order_by("pk")
    )
    for person in candidates:
        if person is not None and person.user.is_active and may_handle(person, department):
            return person
    return None


@transaction.atomic
def message_send(
    *, relative: Relative, form_uuid: uuid_module.UUID, text: str, today: datetime.date
) -> Complaint:
    """A relative's message or complaint lands in the register of appeals, addressed to the
    head; the same form sent twice registers it once."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Напишите сообщение."})
    if len(text) > settings.ZABOTA_FAMILY_MESSAGE_CHARS:
        raise ValidationError(
            {"text": f"Не длиннее {settings.ZABOTA_FAMILY_MESSAGE_CHARS} знаков."}
        )
    earlier = Complaint.objects.filter(form_uuid=form_uuid).first()
    if earlier is not None:
        if (
            earlier.recipient_id != relative.recipient_id
            or earlier.channel != ComplaintChannel.FAMILY
        ):
            raise ValidationError("Форма устарела, откройте страницу снова.")
        return earlier
    responsible = responsible_for(relative)
    if responsible is None:
        raise ValidationError("Сообщение сейчас некому принять: позвоните в отделение, пожалуйста.")
    try:
        complaint = complaint_register(
            actor=responsible,
            form_uuid=form_uuid,
            received_on=today,
            channel=ComplaintChannel.FAMILY,
            applicant=f"{relative.full_name} ({relative.relation})"[:200],
            applicant_address="",
            recipient=relative.recipient,
            department=relative.recipient.department,
            worker=None,
            content=text,
            responsible=responsible,
            today=today,
        )
    except ComplaintAlreadyRegistered as already:
        return already.complaint
    audit_event(
        kind=EventKind.CREATE,
        user=relative.user,
        institution=relative.recipient.institution,
        obj=complaint,
        details=f"сообщение родственника заведующему: обращение № {complaint.number}",
    )
    logger.info("relative %s sent message, complaint %s", relative.pk, complaint.pk)
    return complaint
