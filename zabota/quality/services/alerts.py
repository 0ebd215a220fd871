"""Alerts («оперативное информирование»): generated once a day for each person, and the daily
digest by e-mail when a mail server is configured.

Each alert is about one object on one day or deadline; the database's unique key (person,
kind, object, day) makes a second run of the timer — or two at once — add nothing. The
figures behind the due-date alerts are the rows of the very lists the start page counts
(zabota.core.lists.SavedList): a head is alerted of the certificates the head's list shows.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.delivery.entitlements import Entitlements
from zabota.delivery.models import RejectedRecord, ServiceRecord, Visit
from zabota.ltc.lists import REASSESSMENTS
from zabota.ltc.selectors import UPCOMING
from zabota.organisation.models import Institution, Staff
from zabota.organisation.roles import FIELD_ROLES, Role
from zabota.programs.lists import PROGRAMS
from zabota.programs.selectors import EXPIRING
from zabota.quality.models import Alert, AlertKind, Complaint, ComplaintStatus, PlannedInspection
from zabota.recipients.lists import CERTIFICATES
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.recipients.selectors import CERTIFICATE_EXPIRING
from zabota.rules.words import count_text

logger = logging.getLogger(__name__)

# Letters carry kinds and counts only: a name or an address never leaves by e-mail.
DIGEST_DAYS = 7
ALERT_FORMS = ("новое оповещение", "новых оповещения", "новых оповещений")


@dataclass(frozen=True)
class Candidate:
    person_id: int
    kind: str
    object_type: str
    object_id: int
    period: datetime.date
    text: str
    url: str

    @property
    def key(self) -> tuple:
        return (self.person_id, self.kind, self.object_type, self.object_id, self.period)


def _active_staff(institution: Institution, roles: Iterable[str]):
    return Staff.objects.filter(
        institution=institution, role__in=list(roles), user__is_active=True
    ).select_related("user", "institution")


def _heads_by_department(institution: Institution) -> dict[int, list[int]]:
    heads: dict[int, list[int]] = defaultdict(list)
    for pk, department in _active_staff(institution, [Role.HEAD]).values_list(
        "pk", "department_id"
    ):
        heads[department].append(pk)
    return heads


# --- planned visits not recorded ------------------------------------------------------------


def _done_before(ids: list[int], day: datetime.date) -> dict[tuple, Decimal]:
    """Σ quantity per (recipient, service, basis) done in the day's month before the day: what
    the tablet's plan of that day knew."""
    rows = (
        ServiceRecord.objects.filter(
            recipient_id__in=ids,
            cancelled_at__isnull=True,
            performed_on__gte=day.replace(day=1),
            performed_on__lt=day,
        )
        .values("recipient_id", "service_id", "basis")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    return {(r["recipient_id"], r["service_id"], r["basis"]): r["total"] for r in rows}


def missed_visits(institution: Institution, day: datetime.date) -> set[tuple[int, int]]:
    """(recipient, worker) pairs with a service due on the day (the ИППСУ's weekdays, the care
    plan's days: delivery.entitlements, as the tablet plans) and nothing of the worker recorded
    for that recipient that day — no service, no visit. A care service falls to the caregiver
    when the recipient has one, everything else to the social worker (as on the tablet)."""
    workers = set(_active_staff(institution, FIELD_ROLES).values_list("pk", flat=True))
    people = list(
        Recipient.objects.filter(institution=institution, status=RecipientStatus.ACTIVE)
        .filter(Q(social_worker_id__in=workers) | Q(caregiver_id__in=workers))
        .values_list("pk", "social_worker_id", "caregiver_id")
    )
    if not people:
        return set()
    ids = [p[0] for p in people]
    entitlements = Entitlements(ids, [day])
    done = _done_before(ids, day)
    planned = set()
    for pk, social, care in people:
        for e in entitlements.on(pk, day):
            worker = care if e.is_care and care else social
            if worker not in workers:
                continue
            if e.due_on(day, done.get((pk, e.service.pk, e.basis), Decimal(0)), day) > 0:
                planned.add((pk, worker))
    if not planned:
        return set()
    recorded = set(
        ServiceRecord.objects.filter(
            recipient_id__in=ids, performed_on=day, cancelled_at__isnull=True
        ).values_list("recipient_id", "worker_id")
    ) | set(
        Visit.objects.filter(recipient_id__in=ids, visited_on=day).values_list(
            "recipient_id", "worker_id"
        )
    )
    return planned - recorded


def _visit_alerts(institution: Institution, today: datetime.date) -> list[Candidate]:
    day = today - datetime.timedelta(days=1)
    missed = missed_visits(institution, day)
    if not missed:
        return []
    people = Recipient.objects.in_bulk({r for r, _w in missed})
    staff = Staff.objects.in_bulk({w for _r, w in missed})
    heads = _heads_by_department(institution)
    result = []
    for recipient_id, worker_id in sorted(missed):
        recipient, worker = people[recipient_id], staff[worker_id]
        url = reverse("recipients:card", args=[recipient_id])
        text = f"Не отмечено посещение {recipient.short_name} за {day:%d.%m.%Y}"
        result.append(
            Candidate(
                worker_id,
                AlertKind.VISIT_MISSED,
                "recipients.recipient",
                recipient_id,
                day,
                text,
                url,
            )
        )
        for head in heads.get(recipient.department_id, []):
            result.append(
                Candidate(
                    head,
                    AlertKind.VISIT_MISSED,
                    "recipients.recipient",
                    recipient_id,
                    day,
                    f"{worker.short_name}: {text[0].lower()}{text[1:]}",
                    url,
                )
            )
    return result


# --- records refused by the sync ------------------------------------------------------------


def _sync_alerts(institution: Institution, today: datetime.date) -> list[Candidate]:
    heads = _heads_by_department(institution)
    rows = RejectedRecord.objects.filter(
        institution=institution, resolved_at__isnull=True, worker__user__is_active=True
    ).select_related("worker", "recipient")
    result = []
    for row in rows:
        whose = f" ({row.recipient.short_name})" if row.recipient else ""
        text = (
            f"Запись за {row.performed_on:%d.%m.%Y}{whose} не принята при синхронизации: "
            f"{row.reason}"
        )[:500]
        result.append(
            Candidate(
                row.worker_id,
                AlertKind.SYNC_REJECTED,
                "delivery.rejectedrecord",
                row.pk,
                row.performed_on,
                text,
                reverse("field:app"),
            )
        )
        url = reverse("delivery:records") + f"?worker={row.worker_id}"
        for head in heads.get(row.worker.department_id, []):
            result.append(
                Candidate(
                    head,
                    AlertKind.SYNC_REJECTED,
                    "delivery.rejectedrecord",
                    row.pk,
                    row.performed_on,
                    f"{row.worker.short_name}: {text}"[:500],
                    url,
                )
            )
    return result


# --- appeals near their deadline -----------------------------------------------------------


def _complaint_alerts(institution: Institution, today: datetime.date) -> list[Candidate]:
    soon = today + datetime.timedelta(days=settings.ZABOTA_COMPLAINT_WARN_DAYS)
    result = []
    for complaint in Complaint.objects.filter(
        institution=institution, status=ComplaintStatus.OPEN, due_on__lte=soon
    ).only("pk", "number", "due_on", "responsible_id"):
        state = "просрочен" if complaint.due_on < today else "истекает"
        result.append(
            Candidate(
                complaint.responsible_id,
                AlertKind.COMPLAINT_DUE,
                "quality.complaint",
                complaint.pk,
                complaint.due_on,
                f"Обращение № {complaint.number}: срок ответа {complaint.due_on:%d.%m.%Y} {state}",
                reverse("quality:complaint", args=[complaint.pk]),
            )
        )
    return result


# --- documents and reassessments due: the rows of the start page's lists --------------------


def _due_alerts(institution: Institution, today: datetime.date) -> list[Candidate]:
    days = settings.ZABOTA_ALERT_DAYS
    result = []
    for person in _active_staff(institution, [Role.HEAD, Role.SPECIALIST]):
        if person.role == Role.HEAD:
            for r in CERTIFICATES.rows(
                person, {"state": CERTIFICATE_EXPIRING, "days": str(days)}, today
            ):
                result.append(
                    Candidate(
                        person.pk,
                        AlertKind.CERTIFICATE_DUE,
                        "recipients.recipient",
                        r.pk,
                        r.certificate_valid_until,
                        f"Медицинское заключение {r.short_name} действует до "
                        f"{r.certificate_valid_until:%d.%m.%Y}",
                        reverse("recipients:card", args=[r.pk]),
                    )
                )
            for a in REASSESSMENTS.rows(person, {"state": UPCOMING, "days": str(days)}, today):
                result.append(
                    Candidate(
                        person.pk,
                        AlertKind.REASSESSMENT_DUE,
                        "ltc.assessment",
                        a.pk,
                        a.next_assessment_on,
                        f"Повторная оценка {a.recipient.short_name} — "
                        f"{a.next_assessment_on:%d.%m.%Y}",
                        reverse("ltc:assessment", args=[a.pk]),
                    )
                )
        for p in PROGRAMS.rows(person, {"status": EXPIRING, "days": str(days)}, today):
            result.append(
                Candidate(
                    person.pk,
                    AlertKind.PROGRAM_DUE,
                    "programs.program",
                    p.pk,
                    p.valid_until,
                    f"ИППСУ {p.recipient.short_name} действует до {p.valid_until:%d.%m.%Y}, "
                    "новой нет",
                    reverse("programs:program", args=[p.pk]),
                )
            )
    return result


def _inspection_alerts(institution: Institution, today: datetime.date) -> list[Candidate]:
    soon = today + datetime.timedelta(days=settings.ZABOTA_ALERT_DAYS)
    heads = _heads_by_department(institution)
    result = []
    for line in PlannedInspection.objects.filter(
        institution=institution, inspection__isnull=True, planned_on__lte=soon
    ).select_related("worker"):
        url = (
            reverse("quality:plan")
            + f"?department={line.department_id}&quarter="
            + (line.quarter.isoformat())
        )
        for head in heads.get(line.department_id, []):
            result.append(
                Candidate(
                    head,
                    AlertKind.INSPECTION_DUE,
                    "quality.plannedinspection",
                    line.pk,
                    line.planned_on,
                    f"Контрольное посещение: {line.worker.short_name}, по плану "
                    f"{line.planned_on:%d.%m.%Y}",
                    url,
                )
            )
    return result


SOURCES = [
    _visit_alerts,
    _sync_alerts,
    _complaint_alerts,
    _due_alerts,
    _inspection_alerts,
]


@transaction.atomic
def _store(institution: Institution, candidates: list[Candidate]) -> int:
    unique = list({c.key: c for c in candidates}.values())
    persons = {c.person_id for c in unique}
    before = Alert.objects.filter(person_id__in=persons).count()
    # The unique key decides: a second run, or a parallel one, inserts nothing again.
    Alert.objects.bulk_create(
        [
            Alert(
                person_id=c.person_id,
                kind=c.kind,
                object_type=c.object_type,
                object_id=c.object_id,
                period=c.period,
                text=c.text,
                url=c.url,
            )
            for c in unique
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    added = Alert.objects.filter(person_id__in=persons).count() - before
    if added:
        audit_event(
            kind=EventKind.CREATE,
            username="generate_alerts",
            institution=institution,
            object_type="quality.alert",
            object_repr="оповещения",
            details=f"новых оповещений: {added}",
        )
    return added


def alerts_generate(*, today: datetime.date) -> int:
    """Every alert due on `today` for every person of every institution; a second run the same
    day adds nothing. Returns the number of alerts added."""
    added = 0
    for institution in Institution.objects.order_by("pk"):
        candidates = []
        for source in SOURCES:
            candidates += source(institution, today)
        added += _store(institution, candidates)
    logger.info("alerts for %s: %d added", today.isoformat(), added)
    return added


# --- reading -------------------------------------------------------------------------------


def alert_mark_read(*, actor: Staff, alert: Alert) -> None:
    """The person's own alert read (opening its link or the button). No journal entry: an
    alert is a reminder of an object, not data of it."""
    if alert.person_id == actor.pk and alert.read_at is None:
        Alert.objects.filter(pk=alert.pk).update(read_at=timezone.now())


def alerts_mark_all_read(*, actor: Staff) -> int:
    return Alert.objects.filter(person=actor, read_at__isnull=True).update(read_at=timezone.now())


# --- the daily digest ----------------------------------------------------------------------


def digest_text(alerts: list[Alert]) -> str:
    """Kinds and counts, the nearest date of each, and the link: no names leave by e-mail."""
    by_kind: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        by_kind[alert.kind].append(alert)
    lines = [f"Новых оповещений: {len(alerts)}.", ""]
    for kind, label in AlertKind.choices:
        found = by_kind.get(kind)
        if found:
            nearest = min(a.period for a in found)
            lines.append(f"— {label}: {len(found)} (ближайшая дата {nearest:%d.%m.%Y})")
    lines.append("")
    site = settings.ZABOTA_SITE_URL
    where = f"{site}{reverse('quality:alerts')}" if site else "раздел «Оповещения» в Заботе"
    lines.append(f"Подробности: {where}")
    lines.append("Письмо отправлено автоматически, отвечать на него не нужно.")
    return "\n".join(lines)


def alert_digest_send(*, now: datetime.datetime | None = None) -> int:
    """One letter per person with the alerts of the last days not yet mailed nor read, when a
    mail server is configured (ZABOTA_ALERT_MAIL) and the person has an address. Returns the
    number of letters sent; a failed letter is tried again the next day."""
    if not settings.ZABOTA_ALERT_MAIL:
        return 0
    now = now or timezone.now()
    pending = (
        Alert.objects.filter(
            mailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=now - datetime.timedelta(days=DIGEST_DAYS),
            person__user__is_active=True,
        )
        .exclude(person__user__email="")
        .select_related("person__user", "person__institution")
        .order_by("person_id", "period", "pk")
    )
    by_person: dict[int, list[Alert]] = defaultdict(list)
    for alert in pending:
        by_person[alert.person_id].append(alert)
    sent: dict[int, int] = defaultdict(int)
    for alerts in by_person.values():
        person = alerts[0].person
        subject = settings.EMAIL_SUBJECT_PREFIX + count_text(len(alerts), ALERT_FORMS)
        try:
            send_mail(
                subject,
                digest_text(alerts),
                settings.DEFAULT_FROM_EMAIL,
                [person.user.email],
                fail_silently=False,
            )
        except Exception:
            logger.warning("alert digest to staff %s not sent", person.pk, exc_info=True)
            continue
        Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(mailed_at=now)
        sent[person.institution_id] += 1
    for institution_id, letters in sent.items():
        audit_event(
            kind=EventKind.EXPORT,
            username="send_alert_digest",
            institution=Institution.objects.get(pk=institution_id),
            object_type="quality.alert",
            object_repr="сводка оповещений",
            details=f"писем: {letters} (только виды и число оповещений, без персональных данных)",
        )
    logger.info("alert digests sent: %d", sum(sent.values()))
    return sum(sent.values())
