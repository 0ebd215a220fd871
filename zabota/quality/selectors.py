"""Reading quality data, always through the person's scope (zabota.organisation.access).

A survey or an appeal names its recipient, or — anonymous, or about no one person — only its
department: the first is seen by those who see the recipient, the second by those who read the
department. An appeal is never shown to the worker it is about, whatever their role."""

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zabota.core.lists import words_query
from zabota.organisation.access import department_scope, recipient_scope
from zabota.organisation.models import Staff
from zabota.organisation.roles import CAPABILITIES
from zabota.quality.models import (
    Alert,
    Complaint,
    ComplaintStatus,
    Inspection,
    PlannedInspection,
    Survey,
    SurveySample,
    Violation,
)

NAME_FIELDS = ["recipient__last_name", "recipient__first_name", "recipient__middle_name"]


def _named_or_departmental(staff: Staff) -> Q:
    named = Q(recipient__isnull=False) & recipient_scope(staff, "recipient__")
    departmental = Q(recipient__isnull=True) & department_scope(staff, "department__")
    return named | departmental


# --- surveys -------------------------------------------------------------------------------


def surveys_for(staff: Staff) -> QuerySet[Survey]:
    return Survey.objects.filter(_named_or_departmental(staff))


def get_survey_for(staff: Staff, pk: int) -> Survey:
    return get_object_or_404(
        surveys_for(staff).select_related("recipient", "department", "questionnaire", "taken_by"),
        pk=pk,
    )


def search_surveys(
    staff: Staff,
    *,
    text: str = "",
    department_id: int | None = None,
    worker_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Survey]:
    queryset = surveys_for(staff)
    if text.strip():
        queryset = queryset.filter(words_query(text, NAME_FIELDS))
    if department_id:
        queryset = queryset.filter(department_id=department_id)
    if worker_id:
        queryset = queryset.filter(workers=worker_id)
    if date_from:
        queryset = queryset.filter(taken_on__gte=date_from)
    if date_to:
        queryset = queryset.filter(taken_on__lte=date_to)
    return (
        queryset.select_related("recipient", "department", "taken_by")
        .prefetch_related("workers")
        .order_by("-taken_on", "-pk")
    )


def samples_for(staff: Staff) -> QuerySet[SurveySample]:
    return SurveySample.objects.filter(recipient_scope(staff, "recipient__"))


# --- appeals -------------------------------------------------------------------------------


def complaints_for(staff: Staff) -> QuerySet[Complaint]:
    """Appeals the person may read: in their scope, and not about themselves."""
    return Complaint.objects.filter(_named_or_departmental(staff)).exclude(worker=staff)


def get_complaint_for(staff: Staff, pk: int) -> Complaint:
    return get_object_or_404(
        complaints_for(staff).select_related(
            "recipient", "department", "worker", "responsible", "created_by"
        ),
        pk=pk,
    )


OPEN, OVERDUE, ANSWERED = "open", "overdue", "answered"
COMPLAINT_STATES = [
    ("", "все"),
    (OPEN, "на рассмотрении"),
    (OVERDUE, "срок ответа истёк"),
    (ANSWERED, "рассмотрены"),
]


def search_complaints(
    staff: Staff,
    *,
    today: datetime.date,
    text: str = "",
    state: str = "",
    department_id: int | None = None,
    outcome: str = "",
) -> QuerySet[Complaint]:
    queryset = complaints_for(staff)
    if state == OPEN:
        queryset = queryset.filter(status=ComplaintStatus.OPEN)
    elif state == OVERDUE:
        queryset = queryset.filter(status=ComplaintStatus.OPEN, due_on__lt=today)
    elif state == ANSWERED:
        queryset = queryset.filter(status=ComplaintStatus.ANSWERED)
    text = text.strip()
    if text:
        queryset = queryset.filter(
            Q(number__iexact=text) | words_query(text, [*NAME_FIELDS, "applicant"])
        )
    if department_id:
        queryset = queryset.filter(department_id=department_id)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    return queryset.select_related("recipient", "department", "worker", "responsible").order_by(
        "-received_on", "-pk"
    )


# --- inspections ---------------------------------------------------------------------------


def inspections_for(staff: Staff) -> QuerySet[Inspection]:
    return Inspection.objects.filter(recipient_scope(staff, "recipient__"))


def get_inspection_for(staff: Staff, pk: int) -> Inspection:
    return get_object_or_404(
        inspections_for(staff).select_related(
            "recipient", "department", "worker", "inspector", "checklist"
        ),
        pk=pk,
    )


def plan_lines_for(staff: Staff) -> QuerySet[PlannedInspection]:
    return PlannedInspection.objects.filter(department_scope(staff, "department__"))


def violations_for(staff: Staff) -> QuerySet[Violation]:
    return Violation.objects.filter(recipient_scope(staff, "inspection__recipient__"))


def get_violation_for(staff: Staff, pk: int) -> Violation:
    return get_object_or_404(
        violations_for(staff).select_related(
            "inspection", "inspection__recipient", "inspection__worker"
        ),
        pk=pk,
    )


# --- alerts --------------------------------------------------------------------------------


def alerts_of(staff: Staff) -> QuerySet[Alert]:
    return Alert.objects.filter(person=staff)


def get_alert_for(staff: Staff, pk: int) -> Alert:
    """Only the person's own alert; another's is not found."""
    return get_object_or_404(alerts_of(staff), pk=pk)


def unread_count(staff: Staff) -> int:
    return alerts_of(staff).filter(read_at__isnull=True).count()


def responsibles_for(staff: Staff) -> QuerySet[Staff]:
    """Who may be made responsible for an appeal: active staff of the institution whose role
    works with appeals (zabota.organisation.roles); the service checks the department too."""
    return Staff.objects.filter(
        institution_id=staff.institution_id,
        role__in=sorted(CAPABILITIES["quality.complaints"]),
        user__is_active=True,
    ).order_by("last_name", "first_name", "pk")
