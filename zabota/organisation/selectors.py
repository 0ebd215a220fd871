from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from zabota.core.lists import words_query
from zabota.organisation.access import billing_department_scope, department_scope, staff_scope
from zabota.organisation.models import Department, Institution, Staff
from zabota.organisation.roles import FIELD_ROLES, Role


def departments_for(staff: Staff) -> QuerySet[Department]:
    return Department.objects.filter(department_scope(staff)).order_by("number")


def billing_departments(staff: Staff) -> QuerySet[Department]:
    """The departments whose acts and fees the person may read (organisation.access)."""
    return Department.objects.filter(billing_department_scope(staff)).order_by("number")


def get_department_for(staff: Staff, pk: int) -> Department:
    return get_object_or_404(departments_for(staff), pk=pk)


def staff_for(staff: Staff) -> QuerySet[Staff]:
    return Staff.objects.filter(staff_scope(staff)).select_related("user", "department")


def field_staff_for(staff: Staff) -> QuerySet[Staff]:
    """Social workers and caregivers the person may assign or report on."""
    return staff_for(staff).filter(role__in=FIELD_ROLES, user__is_active=True)


def get_staff_member_for(staff: Staff, pk: int) -> Staff:
    return get_object_or_404(staff_for(staff), pk=pk)


def search_staff(
    staff: Staff, *, text: str = "", role: str = "", active: bool | None = None
) -> QuerySet[Staff]:
    """The accounts of the person's institution (the administrator's list), by name or login,
    role, and whether the account may log in."""
    people = Staff.objects.filter(institution_id=staff.institution_id).select_related(
        "user", "department"
    )
    text = text.strip()
    if text:
        people = people.filter(
            words_query(text, ["last_name", "first_name", "middle_name", "user__username"])
        )
    if role in Role.values:
        people = people.filter(role=role)
    if active is not None:
        people = people.filter(user__is_active=active)
    return people


# --- the installation administrator ---------------------------------------------------------


def installation_institutions(staff: Staff) -> QuerySet[Institution]:
    """Every institution for the installation administrator; none for anyone else."""
    if not staff.can("installation.manage"):
        return Institution.objects.none()
    return Institution.objects.order_by("short_name", "pk")


def get_installation_institution(staff: Staff, pk: int) -> Institution:
    return get_object_or_404(installation_institutions(staff), pk=pk)


def supervisor_accounts(staff: Staff, *, text: str = "") -> QuerySet[Staff]:
    """Every supervisor's account, switched off too, with how many institutions each reads
    (the installation administrator's «Кураторы»); none for anyone else."""
    if not staff.can("installation.manage"):
        return Staff.objects.none()
    found = Staff.objects.filter(role=Role.SUPERVISOR).select_related("user")
    if text:
        found = found.filter(
            words_query(
                text, ["last_name", "first_name", "middle_name", "user__username", "position"]
            )
        )
    return found.annotate(institution_count=Count("supervisions", distinct=True)).order_by(
        "last_name", "first_name", "pk"
    )


def get_supervisor_account(staff: Staff, pk: int) -> Staff:
    return get_object_or_404(supervisor_accounts(staff), pk=pk)


def supervisors_for(staff: Staff) -> QuerySet[Staff]:
    """The supervisors the installation administrator may attach to institutions."""
    if not staff.can("installation.manage"):
        return Staff.objects.none()
    return Staff.objects.filter(role=Role.SUPERVISOR, user__is_active=True).select_related("user")
