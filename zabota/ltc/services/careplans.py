"""The individual care plan (дополнение к ИППСУ) of a level of need.

The month's arithmetic and the check against the level's weekly hours are the pure rule
zabota.rules.careplan (5 calculation weeks of 5 + 7 + 7 + 7 + 4 days, item 4.3 of the form built
on Приказ Минтруда России от 27.12.2023 № 895); here the plan is stored and approved.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.catalog.models import Service
from zabota.ltc.models import (
    Assessment,
    AssessmentStatus,
    CarePlan,
    CarePlanService,
    CarePlanStatus,
    Periodicity,
)
from zabota.ltc.selectors import (
    care_frequency,
    care_plan_lines,
    hours_text,
    latest_submitted,
    planned_services,
)
from zabota.organisation.models import Staff
from zabota.rules import careplan

logger = logging.getLogger(__name__)

_AUDIT_FIELDS = (
    "status",
    "hours_per_week",
    "weekly_minutes",
    "month_minutes",
    "month_services",
    "days_per_week",
    "relatives_services",
    "not_needed_services",
    "starts_on",
    "ends_on",
    "approved_on",
)


@dataclass(frozen=True)
class PlanLine:
    """A care service chosen for the plan, as a form or the API sends it."""

    service: Service
    periodicity: str = careplan.WEEKLY
    times_by_day: tuple[int, ...] = careplan.NO_DAYS


@transaction.atomic
def care_plan_create(*, actor: Staff, assessment: Assessment) -> CarePlan:
    """The draft plan of a submitted assessment (the open one if it exists)."""
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError("План ухода составляется по завершённой оценке.")
    if not assessment.needs_care:
        raise ValidationError(
            f"Уровень «{assessment.outcome_title}» не предполагает часов ухода: "
            "план ухода не составляется."
        )
    if not assessment.recipient.is_active:
        raise ValidationError("Получатель снят с обслуживания: план ухода не составляется.")
    draft = (
        CarePlan.objects.select_for_update()
        .filter(assessment=assessment, status=CarePlanStatus.DRAFT)
        .first()
    )
    if draft is not None:
        return draft
    today = timezone.localdate()
    next_on = assessment.next_assessment_on
    plan = CarePlan(
        recipient=assessment.recipient,
        assessment=assessment,
        hours_per_week=assessment.hours_per_week,
        starts_on=today,
        # The plan lasts until the reassessment; one already overdue leaves the term open.
        ends_on=next_on if next_on and next_on >= today else None,
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=plan,
        details=f"составляется план ухода по оценке от {assessment.assessed_on:%d.%m.%Y}",
    )
    logger.debug("care plan %s created by staff %s", plan.pk, actor.pk)
    return plan


def _locked_draft(plan: CarePlan) -> CarePlan:
    current = CarePlan.objects.select_for_update().select_related("assessment").get(pk=plan.pk)
    if current.status != CarePlanStatus.DRAFT:
        raise ValidationError("План уже утверждён: изменить его нельзя, составьте новый.")
    return current


def _planned(plan: CarePlan, lines: list[PlanLine]) -> list[careplan.PlannedService]:
    seen: set[int] = set()
    planned = []
    for line in lines:
        service = line.service
        if service.institution_id != plan.recipient.institution_id or not service.is_care:
            raise ValidationError(f"«{service.name}» не услуга по уходу каталога учреждения.")
        if service.pk in seen:
            raise ValidationError(f"Услуга «{service.name}» выбрана дважды.")
        seen.add(service.pk)
    # Alternatives of one slot of the list of 50 («Кормление» or «Помощь при приеме пищи»).
    clash = careplan.slot_problem([(line.service.care_slot, line.service.name) for line in lines])
    if clash:
        raise ValidationError(clash)
    for line in lines:
        service = line.service
        times = tuple(line.times_by_day) if line.periodicity == careplan.WEEKLY else None
        try:
            one = careplan.PlannedService(
                code=service.code,
                name=service.name,
                minutes=service.time_norm_minutes,
                periodicity=line.periodicity,
                times_by_day=times or careplan.NO_DAYS,
            )
        except ValueError as error:
            raise ValidationError(str(error)) from None
        problem = careplan.frequency_problem(one, care_frequency(service))
        if problem:
            raise ValidationError(f"{problem} Периодичность — из каталога услуг.")
        planned.append(one)
    return planned


def _clean_relatives(entries: list[dict], planned_names: set[str]) -> list[dict]:
    cleaned = []
    for entry in entries:
        name = (entry.get("service") or "").strip()
        who = (entry.get("who") or "").strip()
        status = (entry.get("status") or "").strip()
        if not name:
            continue
        if name in planned_names:
            raise ValidationError(f"Услуга «{name}» уже в плане: её не выполняют родственники.")
        if not who:
            raise ValidationError(
                f"Укажите ФИО родственника, который обеспечивает услугу «{name}»."
            )
        cleaned.append({"service": name, "who": who, "status": status})
    return cleaned


@transaction.atomic
def care_plan_save(
    *,
    actor: Staff,
    plan: CarePlan,
    lines: list[PlanLine],
    relatives: list[dict] | None = None,
    not_needed: list[str] | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> CarePlan:
    """Store the draft's services with the catalog's time norms of today, and its totals."""
    current = _locked_draft(plan)
    before = snapshot(current, _AUDIT_FIELDS)
    planned = _planned(current, lines)
    planned_names = {service.name for service in planned}
    if relatives is not None:
        current.relatives_services = _clean_relatives(relatives, planned_names)
    if not_needed is not None:
        names = [name.strip() for name in not_needed if name and name.strip()]
        clash = next((name for name in names if name in planned_names), None)
        if clash:
            raise ValidationError(f"Услуга «{clash}» в плане: она не может быть «не требуется».")
        current.not_needed_services = names
    if starts_on is not None:
        current.starts_on = starts_on
    if ends_on is not None:
        current.ends_on = ends_on
    if current.starts_on and current.ends_on and current.ends_on < current.starts_on:
        raise ValidationError({"ends_on": "Окончание срока раньше его начала."})
    month = careplan.layout(planned)
    current.weekly_minutes = month.weekly_minutes
    current.month_minutes = month.month_minutes
    current.month_services = month.month_services
    current.days_per_week = month.days_per_week
    current.full_clean()
    current.save()
    current.services.all().delete()  # a draft's lines are rewritten whole
    CarePlanService.objects.bulk_create(
        CarePlanService(
            plan=current,
            service=line.service,
            periodicity=service.periodicity,
            times_by_day=list(service.times_by_day),
            minutes=service.minutes,
            position=position,
        )
        for position, (line, service) in enumerate(zip(lines, planned, strict=True))
    )
    changes = diff(before, snapshot(current, _AUDIT_FIELDS))
    lines_text = [f"{s.name} ({Periodicity(s.periodicity).label})" for s in planned]
    changes["services"] = [None, lines_text]
    audit_event(kind=EventKind.UPDATE, actor=actor, obj=current, changes=changes)
    return current


@transaction.atomic
def care_plan_propose(
    *,
    actor: Staff,
    assessment: Assessment,
    services: list[tuple[Service, str]],
    relatives: list[dict] | None = None,
    not_needed: list[str] | None = None,
) -> CarePlan:
    """Fill the draft plan with a first schedule of the chosen services within the level's hours.

    `services` are (care service, periodicity); weekly ones get days by
    zabota.rules.careplan.propose, the rest keep their week of the month.
    """
    plan = care_plan_create(actor=actor, assessment=assessment)
    by_code = {service.code: service for service, _ in services}
    try:
        proposal = careplan.propose(
            [
                (
                    service.code,
                    service.name,
                    service.time_norm_minutes,
                    periodicity,
                    care_frequency(service),
                )
                for service, periodicity in services
            ],
            assessment.hours_per_week,
        )
    except ValueError as error:
        raise ValidationError(str(error)) from None
    lines = [PlanLine(by_code[p.code], p.periodicity, p.times_by_day) for p in proposal]
    return care_plan_save(
        actor=actor, plan=plan, lines=lines, relatives=relatives, not_needed=not_needed
    )


@transaction.atomic
def care_plan_approve(
    *, actor: Staff, plan: CarePlan, approved_on: datetime.date | None = None
) -> CarePlan:
    """Approve a draft that fits the level's weekly hours; the plan it follows is replaced."""
    current = _locked_draft(plan)
    lines = care_plan_lines(current)
    if not lines:
        raise ValidationError("В плане нет ни одной услуги: выберите услуги по уходу.")
    planned = planned_services(lines)
    clash = careplan.slot_problem([(line.service.care_slot, line.service.name) for line in lines])
    if clash:
        raise ValidationError(f"План не утверждён: {clash}")
    # Both weeks are checked: the standards' week of item 3 (§1.3) and the busiest week of the
    # calendar, which is never lighter (see zabota.rules.careplan), so it names the excess.
    volume = careplan.standard_volume(planned)
    month = careplan.layout(planned)
    if not (
        careplan.standard_fits(volume, current.hours_per_week)
        and careplan.fits(month, current.hours_per_week)
    ):
        over = careplan.overload_minutes(month, current.hours_per_week)
        raise ValidationError(
            f"План не утверждён: назначено {volume.weekly_text} в неделю, в самую загруженную "
            f"расчётную неделю {month.weekly_minutes} мин, а уровню нуждаемости положено "
            f"{hours_text(current.hours_per_week)} ч ({int(current.hours_per_week * 60)} мин) "
            f"в неделю — превышение на {over} мин. Уберите услуги или дни посещений."
        )
    latest = latest_submitted(current.recipient_id)
    if latest is not None and latest.pk != current.assessment_id:
        raise ValidationError(
            "По получателю проведена более новая оценка: составьте план ухода по ней."
        )
    before = snapshot(current, _AUDIT_FIELDS)
    approved_on = approved_on or timezone.localdate()
    for previous in CarePlan.objects.select_for_update().filter(
        recipient_id=current.recipient_id, status=CarePlanStatus.APPROVED
    ):
        previous.status = CarePlanStatus.REPLACED
        previous.save(update_fields=["status", "updated_at"])
        audit_event(
            kind=EventKind.UPDATE,
            actor=actor,
            obj=previous,
            changes={"status": [CarePlanStatus.APPROVED, CarePlanStatus.REPLACED]},
            details=f"заменён планом от {approved_on:%d.%m.%Y}",
        )
    current.status = CarePlanStatus.APPROVED
    current.approved_by = actor
    current.approved_on = approved_on
    current.weekly_minutes = month.weekly_minutes
    current.month_minutes = month.month_minutes
    current.month_services = month.month_services
    current.days_per_week = month.days_per_week
    current.save()
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        changes=diff(before, snapshot(current, _AUDIT_FIELDS)),
        details="план ухода утверждён",
    )
    logger.debug("care plan %s approved by staff %s", current.pk, actor.pk)
    return current
