"""What a supervisor may open: their institutions and the departments and workers in them,
through zabota.organisation.access (404 for anything else, never saying it exists)."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from zabota.organisation.access import supervised_institutions
from zabota.organisation.models import Department, Institution, Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.supervision.sections import SECTIONS, Section


def get_section(key: str) -> Section:
    try:
        return SECTIONS[key]
    except KeyError:
        raise Http404("Нет такого раздела.") from None


def get_supervised_institution(staff: Staff, pk: int) -> Institution:
    return get_object_or_404(supervised_institutions(staff), pk=pk)


def departments_of(institution: Institution) -> QuerySet[Department]:
    return Department.objects.filter(institution=institution).order_by("number")


def get_department_of(institution: Institution, pk: int) -> Department:
    return get_object_or_404(departments_of(institution), pk=pk)


def workers_of(department: Department, ids) -> QuerySet[Staff]:
    """The field workers of a department, and anyone whose figures fall in it."""
    return (
        Staff.objects.filter(department=department, role__in=FIELD_ROLES, user__is_active=True)
        | Staff.objects.filter(pk__in=list(ids), institution_id=department.institution_id)
    ).order_by("last_name", "first_name", "middle_name", "pk")
