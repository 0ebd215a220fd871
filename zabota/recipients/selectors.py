"""Reading recipients, always through the person's scope (zabota.organisation.access)."""

import datetime

from django.db.models import F, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Staff
from zabota.recipients.models import (
    BenefitCategory,
    DischargeReason,
    Enrolment,
    Recipient,
)
from zabota.recipients.search import name_filter
from zabota.rules.identifiers import snils_digits


def recipients_for(staff: Staff) -> QuerySet[Recipient]:
    return Recipient.objects.filter(recipient_scope(staff))


def get_recipient_for(staff: Staff, pk: int) -> Recipient:
    """The recipient if the person may see them; 404 otherwise (never reveals that it exists)."""
    return get_object_or_404(
        recipients_for(staff).select_related("department", "social_worker", "caregiver"), pk=pk
    )


def search_recipients(
    staff: Staff,
    *,
    text: str = "",
    department_id: int | None = None,
    status: str = "",
    worker_id: int | None = None,
    category_id: int | None = None,
) -> QuerySet[Recipient]:
    queryset = recipients_for(staff).select_related("department", "social_worker", "caregiver")
    text = text.strip()
    if text:
        digits = snils_digits(text)
        if digits.isdigit() and len(digits) >= 3:
            queryset = queryset.filter(snils__contains=digits)
        else:
            queryset = queryset.filter(name_filter(text))
    if department_id:
        queryset = queryset.filter(department_id=department_id)
    if status:
        queryset = queryset.filter(status=status)
    if worker_id:
        queryset = queryset.filter(Q(social_worker_id=worker_id) | Q(caregiver_id=worker_id))
    if category_id:
        queryset = queryset.filter(benefit_categories__id=category_id)
    return queryset.order_by("last_name", "first_name", "middle_name", "pk")


def journal(
    staff: Staff,
    *,
    kind: str,
    date_from: datetime.date,
    date_to: datetime.date,
    department_id: int | None = None,
) -> QuerySet[Enrolment]:
    """Журнал постановки ("enrolled") or снятия ("discharged") for a period, oldest first."""
    entries = Enrolment.objects.filter(recipient_scope(staff, "recipient__")).select_related(
        "recipient", "department", "discharge_reason"
    )
    if kind == "discharged":
        entries = entries.filter(discharged_on__range=(date_from, date_to)).order_by(
            "discharged_on", "pk"
        )
    else:
        entries = entries.filter(enrolled_on__range=(date_from, date_to)).order_by(
            "enrolled_on", "pk"
        )
    if department_id:
        entries = entries.filter(department_id=department_id)
    return entries


def categories_of(staff: Staff) -> QuerySet[BenefitCategory]:
    return BenefitCategory.objects.filter(institution_id=staff.institution_id)


def discharge_reasons_of(staff: Staff) -> QuerySet[DischargeReason]:
    return DischargeReason.objects.filter(institution_id=staff.institution_id)


def current_enrolment(recipient: Recipient) -> Enrolment | None:
    return recipient.enrolments.filter(discharged_on__isnull=True).order_by("-enrolled_on").first()


# The states the list of medical certificates filters by.
CERTIFICATE_EXPIRED = "expired"
CERTIFICATE_EXPIRING = "expiring"


def certificates_due(
    staff: Staff,
    *,
    today: datetime.date,
    days: int,
    department_id: int | None = None,
    state: str = "",
) -> QuerySet[Recipient]:
    """Active recipients whose latest medical certificate has expired or expires within `days`
    (or who have none), annotated with `certificate_valid_until`, soonest first.

    `state` narrows it: "expired" (none, or ended before today), "expiring" (still valid today,
    ends within `days`)."""
    soon = today + datetime.timedelta(days=days)
    lapsed = Q(certificate_valid_until__lt=today) | Q(certificate_valid_until__isnull=True)
    ending = Q(certificate_valid_until__gte=today, certificate_valid_until__lte=soon)
    wanted = {CERTIFICATE_EXPIRED: lapsed, CERTIFICATE_EXPIRING: ending}.get(state, lapsed | ending)
    queryset = (
        recipients_for(staff)
        .filter(status="active")
        .annotate(certificate_valid_until=Max("medical_certificates__valid_until"))
        .filter(wanted)
        .select_related("department")
        .order_by(F("certificate_valid_until").asc(nulls_first=True), "last_name", "pk")
    )
    if department_id:
        queryset = queryset.filter(department_id=department_id)
    return queryset


def acting_representative(recipient, on_date: datetime.date):
    """The representative whose powers hold on `on_date` (the first active one), or None: who
    signs the consent and the application for the person."""
    return (
        recipient.representatives.filter(is_active=True)
        .exclude(valid_until__lt=on_date)
        .exclude(valid_from__gt=on_date)
        .order_by("pk")
        .first()
    )
