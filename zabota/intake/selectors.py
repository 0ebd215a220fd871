"""Reads of intakes: whose drafts a person may open, the unfinished ones, the same person's."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zabota.intake.models import Intake, IntakeStatus
from zabota.organisation.access import department_scope
from zabota.organisation.models import Department, Staff


def intakes_for(staff: Staff) -> QuerySet[Intake]:
    """The intakes of the person's institution that they started or whose department they
    may read (a head: their own department; the director and specialists: every one)."""
    departments = Department.objects.filter(department_scope(staff)).values("pk")
    return Intake.objects.filter(institution_id=staff.institution_id).filter(
        Q(created_by=staff) | Q(department__in=departments)
    )


def get_intake_for(staff: Staff, pk: int) -> Intake:
    """One intake within the person's reach; another institution's or department's: 404."""
    return get_object_or_404(intakes_for(staff).select_related("recipient", "created_by"), pk=pk)


def unfinished_for(staff: Staff) -> QuerySet[Intake]:
    return (
        intakes_for(staff)
        .filter(status=IntakeStatus.DRAFT)
        .select_related("created_by__user", "department")
        .order_by("-updated_at", "-pk")
    )


def same_person_drafts(intake: Intake) -> QuerySet[Intake]:
    """Other unfinished intakes of the institution with the same СНИЛС or the same discharged
    person: two heads may be taking one person on at once."""
    others = Intake.objects.filter(
        institution_id=intake.institution_id, status=IntakeStatus.DRAFT
    ).exclude(pk=intake.pk)
    same = Q(pk__in=[])
    if intake.snils:
        same |= Q(snils=intake.snils)
    if intake.recipient_id:
        same |= Q(recipient_id=intake.recipient_id)
    return others.filter(same).select_related("created_by")
