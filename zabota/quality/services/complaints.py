"""Appeals: registration with a number and a deadline, extensions, the outcome and the answer."""

import datetime
import hashlib
import logging
import uuid as uuid_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from zabota.audit.locking import lock_for_update
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.documents.services import document_prepare, document_render
from zabota.organisation.access import department_scope
from zabota.organisation.models import Department, Staff
from zabota.quality.models import (
    Complaint,
    ComplaintAnswer,
    ComplaintChannel,
    ComplaintExtension,
    ComplaintStatus,
    Outcome,
)
from zabota.recipients.models import Recipient
from zabota.rules import quality as rules

logger = logging.getLogger(__name__)

ANSWER_KIND = "complaint_answer"


class ComplaintAlreadyRegistered(Exception):
    def __init__(self, complaint: Complaint):
        self.complaint = complaint
        super().__init__(f"complaint {complaint.pk} already registered")


def may_handle(person: Staff, department: Department) -> bool:
    """Whether a person can be made responsible for an appeal of the department: one who works
    with appeals and sees that department's (a head only their own)."""
    if not person.can("quality.complaints"):
        return False
    return Department.objects.filter(department_scope(person), pk=department.pk).exists()


def _check_people(*, responsible: Staff, worker: Staff | None, department: Department) -> None:
    errors = {}
    if worker is not None and worker.institution_id != department.institution_id:
        errors["worker"] = "Сотрудник из другого учреждения."
    if not may_handle(responsible, department):
        errors["responsible"] = (
            "Этот сотрудник не может отвечать на обращения отделения «"
            f"{department.name}»: нужен директор, специалист или заведующий этим отделением."
        )
    elif worker is not None and responsible.pk == worker.pk:
        errors["responsible"] = "Ответственным не может быть сотрудник, на которого жалоба."
    if errors:
        raise ValidationError(errors)


def _sent_before(form_uuid, actor: Staff) -> Complaint | None:
    found = Complaint.objects.filter(form_uuid=form_uuid).first()
    if found is not None and found.created_by_id != actor.pk:
        raise ValidationError("Обращение с таким идентификатором уже зарегистрировано другим.")
    return found


@transaction.atomic
def complaint_register(
    *,
    actor: Staff,
    form_uuid: uuid_module.UUID,
    received_on: datetime.date,
    channel: str,
    applicant: str,
    applicant_address: str,
    recipient: Recipient | None,
    department: Department | None,
    worker: Staff | None,
    content: str,
    responsible: Staff,
    today: datetime.date,
) -> Complaint:
    """Register an appeal: the next number of the year, the deadline by the setting (59-ФЗ
    ст. 12: 30 days from registration), the person who answers it."""
    earlier = _sent_before(form_uuid, actor)
    if earlier is not None:
        raise ComplaintAlreadyRegistered(earlier)
    if received_on > today:
        raise ValidationError({"received_on": "Дата регистрации не может быть позже сегодняшней."})
    if received_on.year < 2000:
        raise ValidationError({"received_on": "Проверьте год даты регистрации."})
    if channel not in ComplaintChannel.values:
        raise ValidationError({"channel": "Укажите, как поступило обращение."})
    if recipient is not None:
        department = recipient.department
    if department is None or department.institution_id != actor.institution_id:
        raise ValidationError({"department": "Укажите отделение, которого касается обращение."})
    _check_people(responsible=responsible, worker=worker, department=department)
    year = received_on.year
    last = Complaint.objects.filter(institution_id=actor.institution_id, year=year).aggregate(
        n=Max("sequence")
    )["n"]
    sequence = (last or 0) + 1
    complaint = Complaint(
        form_uuid=form_uuid,
        institution_id=actor.institution_id,
        year=year,
        sequence=sequence,
        number=f"О-{sequence}/{year}",
        received_on=received_on,
        channel=channel,
        applicant=applicant.strip(),
        applicant_address=applicant_address.strip(),
        recipient=recipient,
        department=department,
        worker=worker,
        content=content.strip(),
        responsible=responsible,
        due_on=rules.answer_due(received_on, settings.ZABOTA_COMPLAINT_DAYS),
        created_by=actor,
    )
    complaint.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:
        # The same form twice at once, or two registrations taking one number: the first is
        # found again; the second is asked to send the form once more.
        earlier = _sent_before(form_uuid, actor)
        if earlier is not None:
            raise ComplaintAlreadyRegistered(earlier) from None
        raise ValidationError(
            "Номер обращения занят параллельной регистрацией: отправьте ещё раз."
        ) from None
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=complaint,
        details=f"обращение № {complaint.number}, срок ответа {complaint.due_on:%d.%m.%Y}",
    )
    logger.info("complaint %s registered by staff %s", complaint.pk, actor.pk)
    return complaint


def _original_due(complaint: Complaint) -> datetime.date:
    first = complaint.extensions.order_by("pk").first()
    return first.old_due_on if first else complaint.due_on


def _updated(actor: Staff, complaint: Complaint, before: dict, fields: list[str], details: str):
    complaint.version += 1
    complaint.full_clean(validate_unique=False, validate_constraints=False)
    complaint.save(update_fields=[*fields, "version"])
    changes = diff(before, snapshot(complaint, [*fields, "version"]))
    audit_event(kind=EventKind.UPDATE, actor=actor, obj=complaint, changes=changes, details=details)


@transaction.atomic
def complaint_extend(
    *,
    actor: Staff,
    complaint: Complaint,
    expected_version: int,
    new_due_on: datetime.date,
    reason: str,
    notified_on: datetime.date,
    today: datetime.date,
) -> Complaint:
    """Move the deadline (59-ФЗ ст. 12 ч. 2: in exceptional cases, by at most 30 days in all,
    the applicant notified); the extension is recorded with its reason."""
    complaint = lock_for_update(Complaint, complaint.pk, expected_version)
    if not complaint.is_open:
        raise ValidationError("Обращение уже рассмотрено: срок не продлевается.")
    limit = rules.extension_limit(
        _original_due(complaint), settings.ZABOTA_COMPLAINT_EXTENSION_DAYS
    )
    errors = {}
    if new_due_on <= complaint.due_on:
        errors["new_due_on"] = (
            f"Новый срок должен быть позже нынешнего ({complaint.due_on:%d.%m.%Y})."
        )
    elif new_due_on > limit:
        errors["new_due_on"] = (
            f"Срок продлевается не более чем на {settings.ZABOTA_COMPLAINT_EXTENSION_DAYS} дн.: "
            f"не позже {limit:%d.%m.%Y}."
        )
    if not reason.strip():
        errors["reason"] = "Укажите причину продления."
    if notified_on > today or notified_on < complaint.received_on:
        errors["notified_on"] = (
            "Дата уведомления — между регистрацией обращения и сегодняшним днём."
        )
    if errors:
        raise ValidationError(errors)
    ComplaintExtension.objects.create(
        complaint=complaint,
        old_due_on=complaint.due_on,
        new_due_on=new_due_on,
        reason=reason.strip()[:500],
        notified_on=notified_on,
        extended_by=actor,
    )
    before = snapshot(complaint, ["due_on", "version"])
    complaint.due_on = new_due_on
    _updated(actor, complaint, before, ["due_on"], f"срок продлён: {reason.strip()[:200]}")
    return complaint


@transaction.atomic
def complaint_close(
    *,
    actor: Staff,
    complaint: Complaint,
    expected_version: int,
    outcome: str,
    measures: str,
    answer_text: str,
    answered_on: datetime.date,
    today: datetime.date,
) -> Complaint:
    """Record the outcome of the review, the measures taken and the text of the answer."""
    complaint = lock_for_update(Complaint, complaint.pk, expected_version)
    if not complaint.is_open:
        raise ValidationError("Обращение уже рассмотрено.")
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Укажите результат рассмотрения."
    elif outcome != Outcome.UNJUSTIFIED and not measures.strip():
        errors["measures"] = "Для обоснованного обращения укажите принятые меры."
    if not answer_text.strip():
        errors["answer_text"] = "Напишите ответ заявителю по существу."
    if answered_on > today or answered_on < complaint.received_on:
        errors["answered_on"] = "Дата ответа — между регистрацией обращения и сегодняшним днём."
    if errors:
        raise ValidationError(errors)
    fields = ["status", "outcome", "measures", "answer_text", "answered_on"]
    before = snapshot(complaint, [*fields, "version"])
    complaint.status = ComplaintStatus.ANSWERED
    complaint.outcome = outcome
    complaint.measures = measures.strip()
    complaint.answer_text = answer_text.strip()
    complaint.answered_on = answered_on
    _updated(actor, complaint, before, fields, "обращение рассмотрено")
    logger.info("complaint %s answered by staff %s", complaint.pk, actor.pk)
    return complaint


@transaction.atomic
def complaint_answer_issue(*, actor: Staff, complaint: Complaint) -> ComplaintAnswer:
    """The answer as a document from the institution's template «complaint_answer», numbered
    like every document and kept with the appeal."""
    if complaint.is_open:
        raise ValidationError("Сначала запишите результат рассмотрения и текст ответа.")
    prepared = document_prepare(actor=actor, kind=ANSWER_KIND, related=complaint)
    content = document_render(prepared)
    answer = ComplaintAnswer.objects.create(
        complaint=complaint,
        number=prepared.number,
        issued_on=prepared.issued_on,
        template_version=prepared.version.version,
        content=content,
        checksum=hashlib.sha256(content).hexdigest(),
        issued_by=actor,
    )
    audit_event(
        kind=EventKind.PRINT,
        actor=actor,
        obj=complaint,
        details=f"ответ на обращение № {answer.number}, шаблон версии {answer.template_version}",
    )
    return answer
