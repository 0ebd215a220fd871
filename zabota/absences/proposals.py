"""The cover the head is offered for an absence: the rule (zabota.rules.cover) fed with the
department's colleagues of the same role, their load and where their recipients live."""

from django.db.models import Count, Q

from zabota.absences.models import Absence
from zabota.absences.selectors import absent_workers_recipients, live_covers
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.rules.cover import Candidate, propose


def candidates_for(absence: Absence) -> list[Staff]:
    """Colleagues who may cover: the absent worker's role and department, working, and not away
    themselves on any day of the absence."""
    worker = absence.worker
    away = Absence.objects.filter(
        cancelled_at__isnull=True, starts_on__lte=absence.ends_on, ends_on__gte=absence.starts_on
    ).values("worker_id")
    return list(
        Staff.objects.filter(
            institution_id=absence.institution_id,
            department_id=worker.department_id,
            role=worker.role,
            user__is_active=True,
        )
        .exclude(pk=worker.pk)
        .exclude(pk__in=away)
        .order_by("last_name", "first_name", "pk")
    )


def _point(recipient: Recipient):
    if recipient.latitude is None or recipient.longitude is None:
        return None
    return (float(recipient.latitude), float(recipient.longitude))


def proposal(absence: Absence) -> tuple[list[Recipient], list[Staff], dict[int, int]]:
    """(the absent worker's recipients, the candidates, {recipient id: proposed candidate id})."""
    recipients = list(absent_workers_recipients(absence))
    candidates = candidates_for(absence)
    if not recipients or not candidates:
        return recipients, candidates, {}
    ids = [c.pk for c in candidates]
    own = Recipient.objects.filter(
        Q(social_worker_id__in=ids) | Q(caregiver_id__in=ids), status=RecipientStatus.ACTIVE
    ).only("social_worker_id", "caregiver_id", "latitude", "longitude")
    homes: dict[int, list] = {pk: [] for pk in ids}
    load = dict.fromkeys(ids, 0)
    for person in own:
        for served_by in {person.social_worker_id, person.caregiver_id} & set(ids):
            load[served_by] += 1
            if (point := _point(person)) is not None:
                homes[served_by].append(point)
    covering = (
        live_covers(absence.starts_on)
        .filter(substitute_id__in=ids)
        .exclude(absence=absence)
        .values("substitute_id")
        .annotate(n=Count("pk"))
    )
    for row in covering:
        load[row["substitute_id"]] += row["n"]
    chosen = propose(
        [(r.pk, _point(r)) for r in recipients],
        [Candidate(pk, load[pk], tuple(homes[pk])) for pk in ids],
    )
    return recipients, candidates, chosen
