"""Whose work a person may report on: departments and workers through organisation.access."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zabota.delivery.models import RecipientMonth
from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.organisation.selectors import departments_for, staff_for
from zabota.reports.periods import Period
from zabota.reports.queries import Scope


def workers_for(staff: Staff) -> QuerySet[Staff]:
    """Social workers and caregivers whose reports the person may read (those who left too)."""
    return (
        staff_for(staff)
        .filter(role__in=FIELD_ROLES)
        .order_by("department__number", "last_name", "first_name", "middle_name", "pk")
    )


def get_worker_for(staff: Staff, pk: int) -> Staff:
    """404 for a worker outside the person's scope (never reveals that one exists)."""
    return get_object_or_404(workers_for(staff), pk=pk)


def report_scope(
    staff: Staff, *, department: Department | None = None, worker: Staff | None = None
) -> Scope:
    """The departments of a report: the one asked for (already checked to be in scope), or all
    the person may read; and the worker, if the report is one person's."""
    if department is not None:
        department_ids = (department.pk,)
    elif is_whole_institution(staff):
        # No list of departments: the (institution, date) indexes serve the whole centre.
        department_ids = None
    else:
        department_ids = tuple(departments_for(staff).values_list("pk", flat=True))
    return Scope(
        institution_id=staff.institution_id,
        department_ids=department_ids,
        worker_id=worker.pk if worker is not None else None,
    )


def own_scope(staff: Staff) -> Scope:
    """A field worker's own work, in whatever department it was done."""
    return Scope(institution_id=staff.institution_id, worker_id=staff.pk)


def is_whole_institution(staff: Staff) -> bool:
    return (
        not Department.objects.filter(institution_id=staff.institution_id)
        .exclude(pk__in=departments_for(staff).values("pk"))
        .exists()
    )


def recipient_months(condition: Q, period: Period) -> int:
    """How many people × months a report over the period reads (the monthly totals of the
    service log under `condition`): the measure of a report's size that decides whether it is
    built at once or by the worker (zabota.jobs.reports)."""
    first = period.start.replace(day=1)
    return RecipientMonth.objects.filter(condition, month__range=(first, period.end)).count()
