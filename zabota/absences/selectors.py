"""Reads of absences and covers: those a person may see, who covers whom on a day, and whom a
recipient is served by today."""

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zabota.absences.models import Absence, Cover
from zabota.core.lists import words_query
from zabota.organisation.access import staff_scope
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient, RecipientStatus


def absences_for(staff: Staff) -> QuerySet[Absence]:
    """Absences of the workers whose work the person reads (a head: their department's)."""
    return Absence.objects.filter(
        Q(worker__in=Staff.objects.filter(staff_scope(staff))),
        institution_id=staff.institution_id,
    ).select_related("worker", "worker__department")


def get_absence_for(staff: Staff, pk: int) -> Absence:
    return get_object_or_404(absences_for(staff), pk=pk)


def search_absences(staff: Staff, *, text: str = "", current_only: bool = False):
    absences = absences_for(staff)
    if current_only:
        absences = absences.filter(cancelled_at__isnull=True, ends_on__gte=timezone.localdate())
    if text:
        absences = absences.filter(
            words_query(text, ["worker__last_name", "worker__first_name", "note"])
        )
    return absences


def live_covers(day: datetime.date) -> QuerySet[Cover]:
    """Covers in force on the day: neither they nor their absence cancelled, the day inside."""
    return Cover.objects.filter(
        cancelled_at__isnull=True,
        absence__cancelled_at__isnull=True,
        absence__starts_on__lte=day,
        absence__ends_on__gte=day,
    )


def covered_ids(staff: Staff, day: datetime.date) -> QuerySet:
    """The recipients the person covers on `day` (organisation.access's extension)."""
    return live_covers(day).filter(substitute=staff).values("recipient_id")


def covering_on(staff: Staff, days: list[datetime.date]) -> dict[tuple[int, datetime.date], int]:
    """{(recipient, day): the absent worker} for the days the person covers a recipient."""
    if not days:
        return {}
    covers = Cover.objects.filter(
        substitute=staff,
        cancelled_at__isnull=True,
        absence__cancelled_at__isnull=True,
        absence__starts_on__lte=max(days),
        absence__ends_on__gte=min(days),
    ).values_list("recipient_id", "absence__worker_id", "absence__starts_on", "absence__ends_on")
    return {
        (recipient, day): absent
        for recipient, absent, start, end in covers
        for day in days
        if start <= day <= end
    }


def absent_days(staff: Staff, days: list[datetime.date]) -> set[datetime.date]:
    """The days of `days` the person is away (their plan gives them nothing to do then)."""
    if not days:
        return set()
    periods = Absence.objects.filter(
        worker=staff, cancelled_at__isnull=True, starts_on__lte=max(days), ends_on__gte=min(days)
    ).values_list("starts_on", "ends_on")
    return {day for day in days for start, end in periods if start <= day <= end}


def absent_workers_recipients(absence: Absence) -> QuerySet[Recipient]:
    """Whom the absent worker serves: their active recipients as social worker or caregiver."""
    worker = absence.worker
    return (
        Recipient.objects.filter(
            Q(social_worker=worker) | Q(caregiver=worker),
            institution_id=absence.institution_id,
            status=RecipientStatus.ACTIVE,
        )
        .select_related("department")
        .order_by("last_name", "first_name", "middle_name", "pk")
    )


def serving_today(recipient: Recipient) -> list[tuple[str, Staff, Staff | None]]:
    """For the card: (role, who is assigned, who covers them today or None)."""
    covers = {
        c.absence.worker_id: c.substitute
        for c in live_covers(timezone.localdate())
        .filter(recipient=recipient)
        .select_related("absence", "substitute")
    }
    lines = []
    for label, worker in (
        ("Социальный работник", recipient.social_worker),
        ("Сиделка (помощник по уходу)", recipient.caregiver),
    ):
        if worker is not None:
            lines.append((label, worker, covers.get(worker.pk)))
    return lines


def away_and_covered(
    recipient_ids: list[int], days: list[datetime.date]
) -> tuple[set[tuple[int, datetime.date]], dict[tuple[int, int, datetime.date], int]]:
    """For a plan of many workers (the head's rota): the (worker, day) pairs someone is away,
    and {(recipient, absent worker, day): substitute} of the covers in force those days."""
    if not days:
        return set(), {}
    first, last = min(days), max(days)
    periods = Absence.objects.filter(
        cancelled_at__isnull=True, starts_on__lte=last, ends_on__gte=first
    ).values_list("worker_id", "starts_on", "ends_on")
    away = {(worker, day) for worker, start, end in periods for day in days if start <= day <= end}
    covers = Cover.objects.filter(
        recipient_id__in=recipient_ids,
        cancelled_at__isnull=True,
        absence__cancelled_at__isnull=True,
        absence__starts_on__lte=last,
        absence__ends_on__gte=first,
    ).values_list(
        "recipient_id",
        "absence__worker_id",
        "substitute_id",
        "absence__starts_on",
        "absence__ends_on",
    )
    covered = {
        (recipient, absent, day): substitute
        for recipient, absent, substitute, start, end in covers
        for day in days
        if start <= day <= end
    }
    return away, covered
