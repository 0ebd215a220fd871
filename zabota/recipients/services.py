"""Writes to the registry of recipients. Each service is one transaction with its audit entry."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.audit.locking import lock_for_update
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, audit_read, audited_save, created, diff, snapshot
from zabota.organisation.models import Department, Staff
from zabota.recipients.declension import fill_declined_names
from zabota.recipients.models import (
    BenefitCategory,
    Consent,
    DischargeReason,
    Enrolment,
    MedicalCertificate,
    Recipient,
    RecipientStatus,
    Representative,
)

logger = logging.getLogger(__name__)

NAME_FIELDS = ("last_name", "first_name", "middle_name", "gender")


@transaction.atomic
def recipient_register(
    *,
    actor: Staff,
    enrolled_on: datetime.date,
    basis: str,
    benefit_categories: list[BenefitCategory] | None = None,
    **fields,
) -> Recipient:
    """Постановка на обслуживание of a new person: the card and its first period of service."""
    recipient = Recipient(institution=actor.institution, **fields)
    fill_declined_names(recipient)
    recipient.full_clean()
    recipient.save()
    recipient.benefit_categories.set(benefit_categories or [])
    Enrolment.objects.create(
        recipient=recipient,
        department=recipient.department,
        enrolled_on=enrolled_on,
        basis=basis,
        enrolled_by=actor,
    )
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=recipient,
        changes={k: [None, v] for k, v in snapshot(recipient).items() if v not in (None, "", [])},
        details=f"поставлен на обслуживание {enrolled_on:%d.%m.%Y}: {basis}",
    )
    logger.debug("recipient %s registered by staff %s", recipient.pk, actor.pk)
    return recipient


@transaction.atomic
def recipient_update(
    *,
    actor: Staff,
    recipient: Recipient,
    expected_version: int,
    benefit_categories: list[BenefitCategory] | None = None,
    **fields,
) -> Recipient:
    """Edit the card; refused with StaleEditError when someone saved it since the form opened."""
    current = lock_for_update(Recipient, recipient.pk, expected_version)
    before = snapshot(current)
    name_changed = any(
        name in fields and fields[name] != getattr(current, name) for name in NAME_FIELDS
    )
    declined_touched = any(
        f in fields and fields[f] != getattr(current, f)
        for f in ("name_gent", "name_datv", "name_accs", "name_ablt", "name_loct")
    )
    for name, value in fields.items():
        setattr(current, name, value)
    if name_changed and not declined_touched:
        fill_declined_names(current, force=True)
    else:
        fill_declined_names(current)
    current.version += 1
    current.full_clean()
    current.save()
    if benefit_categories is not None:
        current.benefit_categories.set(benefit_categories)
    changes = diff(before, snapshot(current))
    audit_event(kind=EventKind.UPDATE, actor=actor, obj=current, changes=changes)
    return current


@transaction.atomic
def recipient_discharge(
    *,
    actor: Staff,
    recipient: Recipient,
    expected_version: int,
    discharged_on: datetime.date,
    reason: DischargeReason,
    note: str = "",
) -> Enrolment:
    """Снятие с обслуживания: closes the current period; the card stays in the registry."""
    current = lock_for_update(Recipient, recipient.pk, expected_version)
    enrolment = (
        current.enrolments.select_for_update()
        .filter(discharged_on__isnull=True)
        .order_by("-enrolled_on")
        .first()
    )
    if enrolment is None or current.status != RecipientStatus.ACTIVE:
        raise ValidationError("Получатель уже снят с обслуживания.")
    if discharged_on < enrolment.enrolled_on:
        raise ValidationError(
            {
                "discharged_on": "Дата снятия раньше даты постановки "
                f"({enrolment.enrolled_on:%d.%m.%Y})."
            }
        )
    enrolment.discharged_on = discharged_on
    enrolment.discharge_reason = reason
    enrolment.discharge_note = note
    enrolment.discharged_by = actor
    enrolment.save()
    current.status = RecipientStatus.DISCHARGED
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        changes={
            "status": [RecipientStatus.ACTIVE, RecipientStatus.DISCHARGED],
            "version": [current.version - 1, current.version],
        },
        details=f"снят с обслуживания {discharged_on:%d.%m.%Y}: {reason}",
    )
    logger.debug("recipient %s discharged by staff %s", recipient.pk, actor.pk)
    return enrolment


@transaction.atomic
def recipient_enrol(
    *,
    actor: Staff,
    recipient: Recipient,
    expected_version: int,
    enrolled_on: datetime.date,
    department: Department,
    basis: str,
) -> Enrolment:
    """Повторная постановка на обслуживание of a person who was discharged."""
    current = lock_for_update(Recipient, recipient.pk, expected_version)
    if current.status == RecipientStatus.ACTIVE:
        raise ValidationError("Получатель уже на обслуживании.")
    last = current.enrolments.order_by("-enrolled_on").first()
    if last is not None and last.discharged_on and enrolled_on < last.discharged_on:
        raise ValidationError(
            {
                "enrolled_on": "Дата постановки раньше даты последнего снятия "
                f"({last.discharged_on:%d.%m.%Y})."
            }
        )
    enrolment = Enrolment.objects.create(
        recipient=current,
        department=department,
        enrolled_on=enrolled_on,
        basis=basis,
        enrolled_by=actor,
    )
    before = snapshot(current, ["status", "department", "version"])
    current.status = RecipientStatus.ACTIVE
    current.department = department
    current.version += 1
    current.save(update_fields=["status", "department", "version", "updated_at"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        changes=diff(before, snapshot(current, ["status", "department", "version"])),
        details=f"поставлен на обслуживание {enrolled_on:%d.%m.%Y}: {basis}",
    )
    logger.debug("recipient %s enrolled again by staff %s", recipient.pk, actor.pk)
    return enrolment


@transaction.atomic
def consent_record(
    *,
    actor: Staff,
    recipient: Recipient,
    given_on: datetime.date,
    text_version: str,
    signed_by_representative: bool = False,
) -> Consent:
    consent = Consent(
        recipient=recipient,
        given_on=given_on,
        text_version=text_version,
        signed_by_representative=signed_by_representative,
    )
    consent.full_clean()
    consent.save()
    audit_event(kind=EventKind.CREATE, actor=actor, obj=consent, changes=created(consent))
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Staff, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError("Согласие уже отозвано.")
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": "Дата отзыва раньше даты согласия."})
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=consent,
        changes={"withdrawn_on": [None, withdrawn_on.isoformat()]},
    )
    return consent


@transaction.atomic
def certificate_record(*, actor: Staff, recipient: Recipient, **fields) -> MedicalCertificate:
    certificate = MedicalCertificate(recipient=recipient, **fields)
    certificate.full_clean()
    certificate.save()
    audit_event(kind=EventKind.CREATE, actor=actor, obj=certificate, changes=created(certificate))
    return certificate


@transaction.atomic
def representative_save(*, actor: Staff, representative: Representative) -> Representative:
    return audited_save(actor=actor, obj=representative)


@transaction.atomic
def reference_save(*, actor: Staff, item: BenefitCategory | DischargeReason):
    """An entry of an editable reference list; entries are switched off, never deleted."""
    item.institution = actor.institution
    return audited_save(actor=actor, obj=item)


def recipient_open(*, actor: Staff, recipient: Recipient) -> None:
    """A card was opened: 152-ФЗ wants every access to personal data on record."""
    audit_read(actor=actor, recipient=recipient, what="карточка получателя")
