"""Which recipients a member of staff may see: the one place that scopes data by role.

Every selector of an object that belongs to a recipient (card, program, contract, logged service,
assessment, document) filters with `recipient_scope(staff, prefix)`, so a rule changed here
changes everywhere, and a view can never forget it.
"""

import datetime
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils import timezone

from zabota.organisation.models import Institution, Staff
from zabota.organisation.roles import FIELD_ROLES, INSTALLATION_ROLES, INSTITUTION_WIDE, Role

NOTHING = Q(pk__in=[])

# Recipients a field worker serves beyond their own on a day: a substitute's during a colleague's
# absence (zabota.absences), a visit the head moved to them (zabota.rota). Each gives a query of
# recipient ids, taken as a subquery so that a recipient covered twice is still one row.
CoveredIds = Callable[[Staff, datetime.date], QuerySet]
COVERED: list[CoveredIds] = []


def register_covered(covered: CoveredIds) -> None:
    if covered not in COVERED:
        COVERED.append(covered)


def covered_scope(staff: Staff, prefix: str = "", day: datetime.date | None = None) -> Q:
    """The recipients the person serves on `day` (today by default) beyond their own."""
    day = day or timezone.localdate()
    condition = NOTHING
    for covered in COVERED:
        condition |= Q(**{f"{prefix}pk__in": covered(staff, day)})
    return condition


def covered_then(staff: Staff, day: datetime.date, prefix: str = "") -> Q:
    """The recipients the person covered on a past or present `day`, in their institution:
    what they may still record for that day after the cover ended (recipient_scope is today's)."""
    if not staff.user.is_active or staff.role not in (Role.SOCIAL_WORKER, Role.CAREGIVER):
        return NOTHING
    institution = Q(**{f"{prefix}institution_id": staff.institution_id})
    return institution & covered_scope(staff, prefix, day=day)


def recipient_scope(staff: Staff, prefix: str = "") -> Q:
    """A filter over Recipient, or over a model reaching it through `prefix` ("recipient__")."""
    if not staff.user.is_active or staff.role in INSTALLATION_ROLES:
        return NOTHING
    institution = Q(**{f"{prefix}institution_id": staff.institution_id})
    if staff.role in INSTITUTION_WIDE:
        return institution
    if staff.role == Role.HEAD:
        if staff.department_id is None:
            return NOTHING
        return institution & Q(**{f"{prefix}department_id": staff.department_id})
    if staff.role == Role.SOCIAL_WORKER:
        own = Q(**{f"{prefix}social_worker_id": staff.pk})
        return institution & (own | covered_scope(staff, prefix))
    if staff.role == Role.CAREGIVER:
        own = Q(**{f"{prefix}caregiver_id": staff.pk})
        return institution & (own | covered_scope(staff, prefix))
    # The accountant reads reports only: no cards.
    return NOTHING


def department_scope(staff: Staff, prefix: str = "") -> Q:
    """Departments whose journals and reports the person may read (a supervisor reads the
    aggregates of theirs through `supervised_institutions`, not this)."""
    if staff.role in INSTALLATION_ROLES:
        return NOTHING
    institution = Q(**{f"{prefix}institution_id": staff.institution_id})
    if staff.role == Role.HEAD:
        return institution & Q(**{f"{prefix}pk": staff.department_id})
    if staff.role in FIELD_ROLES:
        return NOTHING
    return institution


def staff_scope(staff: Staff, prefix: str = "") -> Q:
    """Members of staff whose work (reports, visits) the person may read."""
    if staff.role in INSTALLATION_ROLES:
        # Their institution is NULL, as is every other supervisor's: never "the same".
        return NOTHING
    institution = Q(**{f"{prefix}institution_id": staff.institution_id})
    if staff.role == Role.HEAD:
        return institution & Q(**{f"{prefix}department_id": staff.department_id})
    if staff.role in FIELD_ROLES:
        return Q(**{f"{prefix}pk": staff.pk})
    return institution


def billing_scope(staff: Staff, prefix: str = "") -> Q:
    """Recipients whose acts and fees the person may read: their own scope, and for the
    accountant every recipient of the institution — billing needs the names and sums on the
    acts, though the accountant never opens the cards (recipient_scope gives them nothing)."""
    if staff.role == Role.ACCOUNTANT and staff.user.is_active:
        return Q(**{f"{prefix}institution_id": staff.institution_id})
    return recipient_scope(staff, prefix)


def billing_department_scope(staff: Staff, prefix: str = "") -> Q:
    """Departments whose acts and fees the person may read: the accountant bills the whole
    institution, so sees all its departments; everyone else their `department_scope`."""
    if staff.role == Role.ACCOUNTANT:
        return Q(**{f"{prefix}institution_id": staff.institution_id})
    return department_scope(staff, prefix)


def own_department(staff: Staff):
    """The department a person's work covers when they name none (the acts of a month): a
    head's own; None — the whole scope — for everyone else."""
    return staff.department if staff.role == Role.HEAD else None


def own_work_only(staff: Staff) -> bool:
    """A social worker or caregiver records, repeats and changes only their own work: there is
    no worker to choose, and another's record is not theirs to change."""
    return staff.role in FIELD_ROLES


def may_change_record(staff: Staff, record) -> bool:
    """Whether the person may cancel or correct a logged service (a delivery.ServiceRecord
    fetched through their scope): a field worker only their own, a head or specialist any."""
    if own_work_only(staff):
        return staff.pk in (record.worker_id, record.created_by_id)
    return True


def job_scope(staff: Staff, prefix: str = "") -> Q:
    """Jobs (zabota.jobs) a person may open: those they could have started themselves — every
    job of the institution for those who work institution-wide (a specialist who asks for the
    month the director is already running lands on the director's run), a head's own and their
    department's, anyone else's own — and the institution's jobs of the server's timer, which
    nobody started; a supervisor's own reports. The kind's capability is checked apart
    (jobs.kinds): a timer's job is seen by those whose role holds it."""
    if not staff.user.is_active or staff.role == Role.INSTALLATION_ADMIN:
        return NOTHING
    own = Q(**{f"{prefix}started_by_id": staff.pk})
    if staff.role == Role.SUPERVISOR:
        # Their reports over several institutions: a job of no institution, theirs alone.
        return own & Q(**{f"{prefix}institution__isnull": True})
    institution = Q(**{f"{prefix}institution_id": staff.institution_id})
    scheduled = Q(**{f"{prefix}started_by__isnull": True})
    if staff.role in INSTITUTION_WIDE or staff.role == Role.ACCOUNTANT:
        return institution
    if staff.role == Role.HEAD and staff.department_id is not None:
        department = Q(**{f"{prefix}department_id": staff.department_id})
        return institution & (own | department | scheduled)
    return institution & (own | scheduled)


def job_list_scope(staff: Staff, prefix: str = "") -> Q:
    """Jobs listed in «Мои задания»: one's own and the timer's, and for a head or a director
    those of their department or institution as well."""
    if staff.role in (Role.HEAD, Role.DIRECTOR):
        return job_scope(staff, prefix)
    mine = Q(**{f"{prefix}started_by_id": staff.pk}) | Q(**{f"{prefix}started_by__isnull": True})
    return job_scope(staff, prefix) & mine


def supervised_institutions(staff: Staff) -> QuerySet[Institution]:
    """The institutions whose aggregates a supervisor reads (organisation.Supervision); none for
    anyone else, and none for a login switched off."""
    if staff.role != Role.SUPERVISOR or not staff.user.is_active:
        return Institution.objects.none()
    return Institution.objects.filter(supervisions__supervisor=staff).order_by("short_name", "pk")
