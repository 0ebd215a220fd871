"""Reading long-term care data, always through the person's scope (zabota.organisation.access)."""

import datetime

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from zabota.catalog.models import Service
from zabota.core.lists import words_query
from zabota.ltc.models import (
    Assessment,
    AssessmentStatus,
    CarePlan,
    CarePlanService,
    CarePlanStatus,
    Methodology,
)
from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Institution, Staff
from zabota.programs.selectors import program_in_force
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.rules import careplan

# --- methodologies ------------------------------------------------------------------------


def methodologies_of(staff: Staff) -> QuerySet[Methodology]:
    return Methodology.objects.filter(institution_id=staff.institution_id).select_related(
        "uploaded_by"
    )


def get_methodology_for(staff: Staff, pk: int) -> Methodology:
    return get_object_or_404(methodologies_of(staff), pk=pk)


def methodology_in_force(institution: Institution | int, on: datetime.date) -> Methodology | None:
    """The active methodology with the latest start not after `on`."""
    institution_id = getattr(institution, "pk", institution)
    return (
        Methodology.objects.filter(
            institution_id=institution_id,
            is_active=True,
            effective_from__lte=on,
            # A draft is never put in force (the service refuses); said again where it counts.
            published_at__isnull=False,
        )
        .order_by("-effective_from", "-pk")
        .first()
    )


# --- assessments --------------------------------------------------------------------------


def assessments_for(staff: Staff) -> QuerySet[Assessment]:
    return Assessment.objects.filter(recipient_scope(staff, "recipient__"))


def get_assessment_for(staff: Staff, pk: int) -> Assessment:
    """The assessment if the person may see its recipient; 404 otherwise."""
    return get_object_or_404(
        assessments_for(staff).select_related(
            "recipient", "recipient__department", "methodology", "assessor"
        ),
        pk=pk,
    )


def assessments_of(recipient: Recipient) -> QuerySet[Assessment]:
    """Every assessment of a recipient, drafts first, then the newest."""
    return (
        Assessment.objects.filter(recipient=recipient)
        .select_related("methodology", "assessor")
        .order_by("status", "-assessed_on", "-pk")  # "draft" < "submitted"
    )


def latest_submitted(recipient: Recipient | int) -> Assessment | None:
    recipient_id = getattr(recipient, "pk", recipient)
    return (
        Assessment.objects.filter(recipient_id=recipient_id, status=AssessmentStatus.SUBMITTED)
        .order_by("-assessed_on", "-pk")
        .first()
    )


def draft_of(recipient: Recipient) -> Assessment | None:
    return (
        Assessment.objects.filter(recipient=recipient, status=AssessmentStatus.DRAFT)
        .order_by("-pk")
        .first()
    )


def _latest_submitted_pk():
    return Subquery(
        Assessment.objects.filter(
            recipient_id=OuterRef("recipient_id"), status=AssessmentStatus.SUBMITTED
        )
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )


def _due(staff: Staff, limit: datetime.date, department_id: int | None) -> QuerySet[Assessment]:
    """Latest submitted assessments of active recipients in scope, next date on or before limit."""
    queryset = assessments_for(staff).filter(
        status=AssessmentStatus.SUBMITTED,
        recipient__status=RecipientStatus.ACTIVE,
        next_assessment_on__lte=limit,
    )
    if department_id:
        queryset = queryset.filter(recipient__department_id=department_id)
    # The index on next_assessment_on narrows the rows first; the correlated subquery then
    # keeps only the latest assessment of each recipient (a newer one supersedes the date).
    return queryset.filter(pk=_latest_submitted_pk())


# The states the list of reassessments narrows to (none: overdue and upcoming together).
OVERDUE = "overdue"
UPCOMING = "upcoming"


def reassessments_due(
    staff: Staff,
    today: datetime.date,
    days: int,
    department_id: int | None = None,
    *,
    text: str = "",
    state: str = "",
) -> QuerySet[Assessment]:
    """Reassessments due within `days` of `today` or overdue (next date before today),
    soonest first; `state` keeps only the overdue or only the upcoming ones. The list of one
    query however long it is."""
    last_day = -1 if state == OVERDUE else days
    limit = today + datetime.timedelta(days=last_day)
    queryset = _due(staff, limit, department_id)
    if state == UPCOMING:
        queryset = queryset.filter(next_assessment_on__gte=today)
    text = text.strip()
    if text:
        queryset = queryset.filter(
            words_query(
                text, ["recipient__last_name", "recipient__first_name", "recipient__middle_name"]
            )
        )
    return queryset.select_related(
        "recipient", "recipient__department", "recipient__social_worker", "methodology"
    ).order_by("next_assessment_on", "recipient__last_name", "pk")


def reassessment_counts(
    staff: Staff, today: datetime.date, days: int, department_id: int | None = None
) -> dict[str, int]:
    """{"overdue": n, "due": m}: m are due from today to today + days. One query."""
    return _due(staff, today + datetime.timedelta(days=days), department_id).aggregate(
        overdue=Count("pk", filter=Q(next_assessment_on__lt=today)),
        due=Count("pk", filter=Q(next_assessment_on__gte=today)),
    )


def reassessment_counts_by_department(
    institution_id: int, today: datetime.date, days: int
) -> dict[int, dict[str, int]]:
    """{department id: {"overdue": n, "due": m}} of a whole institution, for the supervisor's
    aggregates (no staff scope: nobody's card is read). The same rule as `reassessment_counts`:
    the latest submitted assessment of each active recipient. One query."""
    rows = (
        Assessment.objects.filter(
            recipient__institution_id=institution_id,
            status=AssessmentStatus.SUBMITTED,
            recipient__status=RecipientStatus.ACTIVE,
            next_assessment_on__lte=today + datetime.timedelta(days=days),
        )
        .filter(pk=_latest_submitted_pk())
        .values("recipient__department_id")
        .annotate(
            overdue=Count("pk", filter=Q(next_assessment_on__lt=today)),
            due=Count("pk", filter=Q(next_assessment_on__gte=today)),
        )
        .order_by()
    )
    return {r["recipient__department_id"]: {"overdue": r["overdue"], "due": r["due"]} for r in rows}


# --- care plans ---------------------------------------------------------------------------


def care_plans_for(staff: Staff) -> QuerySet[CarePlan]:
    return CarePlan.objects.filter(recipient_scope(staff, "recipient__"))


def get_care_plan_for(staff: Staff, pk: int) -> CarePlan:
    return get_object_or_404(
        care_plans_for(staff).select_related(
            "recipient", "recipient__department", "assessment", "assessment__methodology"
        ),
        pk=pk,
    )


def care_plans_of(recipient: Recipient) -> QuerySet[CarePlan]:
    return CarePlan.objects.filter(recipient=recipient).select_related("assessment")


def current_care_plan(recipient: Recipient) -> CarePlan | None:
    return (
        CarePlan.objects.filter(recipient=recipient, status=CarePlanStatus.APPROVED)
        .order_by("-approved_on", "-pk")
        .first()
    )


def care_plan_lines(plan: CarePlan) -> list[CarePlanService]:
    return list(plan.services.select_related("service").order_by("position", "pk"))


def hours_text(hours) -> str:
    """Hours as a Russian reader writes them: 21, 14,5."""
    return f"{hours.normalize():f}".replace(".", ",")


def care_frequency(service: Service) -> careplan.Frequency:
    """The most a care service may be done, from the catalog's periodicity (the standards of
    the care services say «не более»); a periodicity it does not state («по мере
    необходимости») allows once a day, so a plan is never filled with one service."""
    return careplan.parse_frequency(service.periodicity_hint) or careplan.Frequency(1, careplan.DAY)


def suggested_periodicity(service: Service) -> str:
    """The periodicity the catalog allows: «2 раза в месяц», «1 раз в месяц», else weekly."""
    return careplan.periodicity_within(careplan.WEEKLY, care_frequency(service))


def planned_services(lines: list[CarePlanService]) -> list[careplan.PlannedService]:
    """The plan's lines as the pure rule sees them, with the time norms copied into the plan."""
    return [
        careplan.PlannedService(
            code=line.service.code,
            name=line.service.name,
            minutes=line.minutes,
            periodicity=line.periodicity,
            times_by_day=tuple(line.times_by_day or careplan.NO_DAYS),
        )
        for line in lines
    ]


def care_services_of(institution: Institution | int) -> QuerySet[Service]:
    """Care services of the social package (СДУ) that a plan may hold."""
    institution_id = getattr(institution, "pk", institution)
    # The 50 of the list in its order (a slot's alternatives side by side), then the centre's own.
    return Service.objects.filter(
        institution_id=institution_id, is_care=True, is_active=True
    ).order_by(F("care_number").asc(nulls_last=True), "code", "pk")


def care_plan_warnings(plan: CarePlan, lines: list[CarePlanService]) -> list[str]:
    """What would keep the plan from being delivered as written, in Russian: said on the plan's
    page and again when it is approved (none of it forbids approval but the hours, which the
    approval itself refuses)."""

    recipient = plan.recipient
    warnings = []
    if not lines:
        return ["В плане нет ни одной услуги по уходу."]
    if recipient.caregiver_id is None and recipient.social_worker_id is None:
        warnings.append(
            "Получателю не назначены ни помощник по уходу, ни социальный работник: услуги плана "
            "никто не увидит на планшете. Назначьте их на карточке получателя."
        )
    elif recipient.caregiver_id is None:
        warnings.append(
            "Помощник по уходу (сиделка) не назначен: услуги плана будет выполнять и отмечать "
            "социальный работник получателя."
        )
    if program_in_force(recipient, plan.starts_on or plan.created_at.date()) is None:
        warnings.append(
            "На начало плана у получателя нет действующей ИППСУ, а план ухода — дополнение к ней."
        )
    planned = planned_services(lines)
    for line, one in zip(lines, planned, strict=True):
        if not line.service.is_active:
            warnings.append(f"Услуга «{line.service.name}» больше не используется в каталоге.")
        problem = careplan.frequency_problem(one, care_frequency(line.service))
        if problem:
            warnings.append(problem)
    clash = careplan.slot_problem([(line.service.care_slot, line.service.name) for line in lines])
    if clash:
        warnings.append(clash)
    volume = careplan.standard_volume(planned)
    if not careplan.standard_fits(volume, plan.hours_per_week):
        warnings.append(
            f"Назначено {volume.weekly_text} в неделю — больше, чем положено уровню нуждаемости "
            f"({hours_text(plan.hours_per_week)} ч в неделю): план не будет утверждён."
        )
    month = careplan.layout(planned)
    if careplan.standard_fits(volume, plan.hours_per_week) and not careplan.fits(
        month, plan.hours_per_week
    ):
        warnings.append(
            f"В самую загруженную неделю {month.weekly_minutes} мин — больше, чем положено "
            f"уровню нуждаемости ({hours_text(plan.hours_per_week)} ч в неделю): план не будет "
            "утверждён."
        )
    return warnings
