from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zabota.organisation.access import department_scope, staff_scope
from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import FIELD_ROLES


def departments_for(staff: Staff) -> QuerySet[Department]:
    return Department.objects.filter(department_scope(staff)).order_by("number")


def get_department_for(staff: Staff, pk: int) -> Department:
    return get_object_or_404(departments_for(staff), pk=pk)


def staff_for(staff: Staff) -> QuerySet[Staff]:
    return Staff.objects.filter(staff_scope(staff)).select_related("user", "department")


def field_staff_for(staff: Staff) -> QuerySet[Staff]:
    """Social workers and caregivers the person may assign or report on."""
    return staff_for(staff).filter(role__in=FIELD_ROLES, user__is_active=True)


def get_staff_member_for(staff: Staff, pk: int) -> Staff:
    return get_object_or_404(staff_for(staff), pk=pk)
