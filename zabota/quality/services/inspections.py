"""The head's inspections: the quarter's plan, an inspection with its findings, corrections."""

import datetime
import logging
import uuid as uuid_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.quality.models import Finding, Inspection, PlannedInspection, Violation
from zabota.quality.services.forms_data import checklist_in_use
from zabota.quality.services.surveys import check_day
from zabota.recipients.models import Recipient
from zabota.rules import quality as rules

logger = logging.getLogger(__name__)


class InspectionAlreadyRecorded(Exception):
    def __init__(self, inspection: Inspection):
        self.inspection = inspection
        super().__init__(f"inspection {inspection.pk} already recorded")


@transaction.atomic
def inspection_plan_build(
    *, actor: Staff | None, department: Department, quarter: datetime.date
) -> int:
    """The quarter's plan of the department: each active field worker inspected as many times
    as the setting says (once by default), on working days spread over the quarter. Lines
    already planned stay as they are. Returns the number of lines added."""
    start, end = rules.quarter_start(quarter), rules.quarter_end(quarter)
    per_worker = max(settings.ZABOTA_INSPECTIONS_PER_QUARTER, 0)
    workers = list(
        Staff.objects.filter(department=department, role__in=FIELD_ROLES, user__is_active=True)
        .order_by("last_name", "first_name", "pk")
        .values_list("pk", flat=True)
    )
    planned = set(
        PlannedInspection.objects.filter(quarter=start, worker_id__in=workers).values_list(
            "worker_id", "number"
        )
    )
    wanted = [(w, n) for n in range(1, per_worker + 1) for w in workers]
    days = rules.spread_dates(start, end, len(wanted))
    lines = [
        PlannedInspection(
            institution_id=department.institution_id,
            department=department,
            quarter=start,
            worker_id=worker,
            number=number,
            planned_on=day,
        )
        for (worker, number), day in zip(wanted, days, strict=True)
        if (worker, number) not in planned
    ]
    PlannedInspection.objects.bulk_create(lines, ignore_conflicts=True)
    if lines:
        audit_event(
            kind=EventKind.CREATE,
            actor=actor,
            institution=department.institution,
            username="" if actor else "inspection_plan",
            object_type="quality.plannedinspection",
            object_repr=f"план контрольных посещений: {department.name}",
            details=f"{rules.quarter_label(start)}: посещений {len(lines)}",
        )
    return len(lines)


def _sent_before(form_uuid, actor: Staff) -> Inspection | None:
    found = Inspection.objects.filter(form_uuid=form_uuid).first()
    if found is not None and found.inspector_id != actor.pk:
        raise ValidationError("Посещение с таким идентификатором уже записано другим.")
    return found


def _findings(items: list[dict], given: dict[str, tuple[str, str]]) -> list[dict]:
    findings, errors = [], []
    for number, item in enumerate(items, start=1):
        result, comment = given.get(item["code"], ("", ""))
        comment = (comment or "").strip()
        if result not in Finding.values:
            errors.append(f"Пункт {number}: укажите результат проверки.")
        elif result == Finding.VIOLATION and not comment:
            errors.append(f"Пункт {number}: опишите нарушение.")
        findings.append({**item, "result": result, "comment": comment[:1000]})
    if errors:
        raise ValidationError(errors)
    return findings


@transaction.atomic
def inspection_record(
    *,
    actor: Staff,
    form_uuid: uuid_module.UUID,
    recipient: Recipient,
    worker: Staff,
    inspected_on: datetime.date,
    findings: dict[str, tuple[str, str]],
    remarks: str,
    correct_by: datetime.date | None,
    today: datetime.date,
) -> Inspection:
    """An inspection of a worker at a recipient's home: a finding for every item of the
    checklist in use; each violation must be corrected by `correct_by`. It fulfils the first
    open line of the worker's plan in that quarter."""
    earlier = _sent_before(form_uuid, actor)
    if earlier is not None:
        raise InspectionAlreadyRecorded(earlier)
    check_day(inspected_on, today=today, recipient=recipient, what="inspected_on")
    if worker.pk not in (recipient.social_worker_id, recipient.caregiver_id):
        raise ValidationError({"worker": "Этот сотрудник не обслуживает получателя."})
    checklist = checklist_in_use(actor.institution_id)
    checked = _findings(checklist.items, findings)
    violations = [f for f in checked if f["result"] == Finding.VIOLATION]
    if violations and (correct_by is None or correct_by <= inspected_on):
        raise ValidationError(
            {"correct_by": "Укажите срок устранения нарушений — после дня посещения."}
        )
    inspection = Inspection(
        form_uuid=form_uuid,
        institution_id=recipient.institution_id,
        department_id=recipient.department_id,
        worker=worker,
        recipient=recipient,
        inspector=actor,
        inspected_on=inspected_on,
        checklist=checklist,
        findings=checked,
        remarks=remarks.strip(),
    )
    inspection.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        earlier = _sent_before(form_uuid, actor)
        if earlier is None:
            raise
        raise InspectionAlreadyRecorded(earlier) from None
    Violation.objects.bulk_create(
        Violation(
            inspection=inspection,
            item=f["text"][:300],
            description=f["comment"],
            correct_by=correct_by,
        )
        for f in violations
    )
    line = (
        PlannedInspection.objects.select_for_update()
        .filter(quarter=rules.quarter_start(inspected_on), worker=worker, inspection__isnull=True)
        .order_by("number", "pk")
        .first()
    )
    if line is not None:
        line.inspection = inspection
        line.save(update_fields=["inspection"])
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=inspection,
        details=f"контрольное посещение: нарушений {len(violations)}"
        + (", по плану" if line else ", вне плана"),
    )
    logger.debug("inspection %s recorded by staff %s", inspection.pk, actor.pk)
    return inspection


@transaction.atomic
def violation_correct(
    *,
    actor: Staff,
    violation: Violation,
    corrected_on: datetime.date,
    correction: str,
    today: datetime.date,
) -> Violation:
    """Record that a violation was corrected, when and how."""
    violation = (
        Violation.objects.select_for_update().select_related("inspection").get(pk=violation.pk)
    )
    if violation.corrected_on is not None:
        raise ValidationError("Устранение этого нарушения уже записано.")
    errors = {}
    if corrected_on > today or corrected_on < violation.inspection.inspected_on:
        errors["corrected_on"] = "Дата устранения — между днём посещения и сегодняшним днём."
    if not correction.strip():
        errors["correction"] = "Напишите, что сделано."
    if errors:
        raise ValidationError(errors)
    violation.corrected_on = corrected_on
    violation.correction = correction.strip()
    violation.corrected_by = actor
    violation.save(update_fields=["corrected_on", "correction", "corrected_by"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=violation,
        recipient_id=violation.inspection.recipient_id,
        changes={"corrected_on": [None, corrected_on.isoformat()]},
        details=f"нарушение устранено: {violation.correction[:200]}",
    )
    return violation
