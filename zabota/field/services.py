"""Records made on a tablet, offline, and sent later: stored once, each judged on its own.

The tablet makes each record's uuid. A record sent again (the answer was lost, the worker
pressed «sync» twice) is found by its uuid and accepted again without a second row; the unique
constraint on ServiceRecord.uuid is the last guard against two requests racing. A record sent
again with another quantity or note is a correction: applied while its month is open and by
the one who made it, refused with the reason otherwise — never "accepted" and ignored. Each
record is checked by the rules of the web form (delivery's check_record); a refused one comes
back with its reason and never loses the others. A batch is written at once; should the
database refuse it, its records are saved one by one, each in its own transaction.

The tablet also makes a uuid for each visit (each time the worker opens a recipient and marks
arrival): records of one visit make one Visit, and a second visit the same day is a second
Visit. Records of older tablets without it join a visit of that day whose times they fit.
"""

import datetime
import logging
import uuid as uuid_module
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.catalog.models import Service
from zabota.delivery.models import RecordSource, ServiceRecord, Visit
from zabota.delivery.services import VolumeExceededError, service_log
from zabota.delivery.services.batch import (
    BatchFacts,
    CheckedRecord,
    batch_check,
    service_records_add,
)
from zabota.delivery.services.corrections import service_record_correct
from zabota.delivery.services.recording import RecordLine
from zabota.delivery.services.rejections import Rejection, rejected_records_note
from zabota.field.models import ActSignature
from zabota.organisation.access import covered_then, recipient_scope
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient
from zabota.rules.geo import distance_m

logger = logging.getLogger(__name__)

# The worker cannot be asked for a reason while offline: an excess of the ИППСУ volume is
# accepted with this reason and shows as «сверх объёма» in the service log for the head.
TABLET_OVER_VOLUME = "сверх объёма ИППСУ (с планшета)"
# A time of arrival or departure this far from the record's date is a clock or input error.
TIME_SLACK = datetime.timedelta(days=1)


@dataclass(frozen=True)
class TabletRecord:
    uuid: uuid_module.UUID
    recipient_id: int
    service_id: int
    date: datetime.date
    quantity: Decimal
    note: str = ""
    arrived_at: datetime.datetime | None = None
    left_at: datetime.datetime | None = None
    lat: float | None = None
    lon: float | None = None
    basis: str | None = None  # None: the service log picks (care plan first, then ИППСУ)
    visit_uuid: uuid_module.UUID | None = None


@dataclass
class SyncResult:
    accepted: list[uuid_module.UUID] = field(default_factory=list)
    rejected: list[tuple[uuid_module.UUID, str]] = field(default_factory=list)
    # Accepted, with a mark the head should look at (over the ИППСУ volume).
    flagged: list[tuple[uuid_module.UUID, str]] = field(default_factory=list)
    # Sent again with another quantity or note, and corrected (also in `accepted`).
    changed: list[tuple[uuid_module.UUID, str]] = field(default_factory=list)


def visit_radius_m() -> int:
    return getattr(settings, "ZABOTA_VISIT_RADIUS_M", 500)


def tablet_records_sync(*, actor: Staff, records: list[TabletRecord]) -> SyncResult:
    """Store a batch of tablet records; returns which were accepted and why others were not.

    The batch is checked with facts read for all its records at once and written in one
    transaction (delivery.services.batch: a hundred tablets sending 50 records each took a
    minute one record at a time). Should the database refuse the batch — a record stored by a
    parallel request after our look-up, a value it cannot hold — nothing of it is kept and its
    records go one by one, each in its own transaction, so one bad record never loses the
    others."""
    by_uuid = {r.uuid: r for r in records}
    # Three queries for the whole batch instead of three per record.
    owners = _stored({r.uuid for r in records})
    recipients = _recipients_of(actor, records)
    services = Service.objects.filter(institution_id=actor.institution_id).in_bulk(
        {r.service_id for r in records}
    )
    try:
        result = _sync_together(actor, records, owners, recipients, services)
    except (IntegrityError, DataError):
        logger.warning(
            "tablet batch of staff %s refused by the database: its %d records go one by one",
            actor.pk,
            len(records),
        )
        owners = _stored({r.uuid for r in records})
        result = _sync_one_by_one(actor, records, owners, recipients, services)
    # A rejected record stays on the tablet with its reason: the worker must act on it; the
    # refusal is kept for the head's alerts too (zabota.quality).
    rejected_records_note(
        actor=actor,
        rejected=[
            Rejection(
                uuid=uuid,
                performed_on=by_uuid[uuid].date,
                reason=reason,
                recipient_id=by_uuid[uuid].recipient_id
                if by_uuid[uuid].recipient_id in recipients
                else None,
            )
            for uuid, reason in result.rejected
        ],
        accepted=result.accepted,
    )
    logger.log(
        logging.WARNING if result.rejected else logging.INFO,
        "tablet batch of staff %s: %d records, %d accepted, %d rejected, %d flagged, %d corrected",
        actor.pk,
        len(records),
        len(result.accepted),
        len(result.rejected),
        len(result.flagged),
        len(result.changed),
    )
    return result


@dataclass
class _Checked:
    record: TabletRecord
    checked: CheckedRecord
    arrived_at: datetime.datetime | None
    left_at: datetime.datetime | None


def _sync_together(actor, records, owners, recipients, services) -> SyncResult:
    result = SyncResult()
    facts = BatchFacts(
        actor=actor,
        recipients=recipients.values(),
        services=services.values(),
        days={r.date for r in records},
    )
    visits = _visits_by_uuid({r.visit_uuid for r in records if r.visit_uuid})
    ready: list[_Checked] = []
    taken = set()
    for record in records:
        try:
            if record.uuid in owners:
                change = _resent(actor, record, owners[record.uuid])
                result.accepted.append(record.uuid)
                if change:
                    result.changed.append((record.uuid, change))
                continue
            if record.uuid in taken:
                result.accepted.append(record.uuid)
                continue
            item = _check(actor, record, recipients, services, facts, visits)
        except ValidationError as error:
            result.rejected.append((record.uuid, _reason(error)))
            continue
        taken.add(record.uuid)
        ready.append(item)
        result.accepted.append(record.uuid)
        if item.checked.line.over_volume_reason:
            result.flagged.append((record.uuid, TABLET_OVER_VOLUME))
    if ready:
        with transaction.atomic():
            _join_visits(ready, visits)
            service_records_add(
                actor=actor, checked=[i.checked for i in ready], source=RecordSource.TABLET
            )
    return result


def _resent(actor: Staff, record: TabletRecord, stored: ServiceRecord) -> str:
    """A record already in the log sent again: nothing to do when it is the same, a correction
    of its quantity or note (returned as a text) when allowed, ValidationError otherwise."""
    if stored.created_by_id != actor.pk:
        raise ValidationError(_SOMEONE_ELSES)
    if (stored.recipient_id, stored.service_id, stored.performed_on) != (
        record.recipient_id,
        record.service_id,
        record.date,
    ):
        raise ValidationError(
            "Запись с этим идентификатором уже сохранена для другого получателя, услуги или "
            "даты: отметьте услугу заново."
        )
    note = record.note.strip()
    if stored.quantity == record.quantity and stored.note == note:
        return ""
    corrected = service_record_correct(
        actor=actor,
        record=stored,
        quantity=record.quantity,
        note=note,
        over_volume_reason=TABLET_OVER_VOLUME,
    )
    return (
        f"Исправлено: количество {_qty_text(stored.quantity)} → {_qty_text(corrected.quantity)}"
        + (", примечание" if stored.note != note else "")
    )


def _qty_text(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _visits_by_uuid(uuids) -> dict[uuid_module.UUID, Visit]:
    return Visit.objects.in_bulk(list(uuids), field_name="uuid") if uuids else {}


class RecordableRecipients(dict):
    """{id: recipient} the worker may send records of: their own (today's scope) and those they
    covered on some day of the batch (`only_on`: those days only). A substitute's tablet that
    was offline sends the last day of cover after it ended; that day's visits are still theirs,
    and a visit of another day is not."""

    def __init__(self, own: dict, covered: dict, only_on: dict):
        super().__init__({**covered, **own})
        self.only_on = {pk: days for pk, days in only_on.items() if pk not in own}

    def on(self, recipient_id: int, day: datetime.date):
        days = self.only_on.get(recipient_id)
        return None if days is not None and day not in days else self.get(recipient_id)


def _recipients_of(actor: Staff, records: list[TabletRecord]) -> RecordableRecipients:
    ids = {r.recipient_id for r in records}
    own = Recipient.objects.filter(recipient_scope(actor)).in_bulk(ids)
    only_on: dict[int, set[datetime.date]] = {}
    for day in {r.date for r in records if r.recipient_id not in own}:
        wanted = {r.recipient_id for r in records if r.date == day and r.recipient_id not in own}
        covered = Recipient.objects.filter(covered_then(actor, day), pk__in=wanted).values_list(
            "pk", flat=True
        )
        for pk in covered:
            only_on.setdefault(pk, set()).add(day)
    covered = Recipient.objects.in_bulk(set(only_on)) if only_on else {}
    return RecordableRecipients(own, covered, only_on)


def _record_parts(record: TabletRecord, recipients, services):
    """The record's recipient and service (of those the worker may record for) and its times
    of arrival and leaving, checked; ValidationError with the reason otherwise."""
    recipient = recipients.on(record.recipient_id, record.date)
    if recipient is None:
        raise ValidationError("Получатель не закреплён за вами.")
    service = services.get(record.service_id)
    if service is None:
        raise ValidationError("Такой услуги нет в каталоге учреждения.")
    arrived_at = _local_time(record.arrived_at, record.date, "прихода")
    left_at = _local_time(record.left_at, record.date, "ухода")
    if arrived_at and left_at and left_at < arrived_at:
        raise ValidationError("Время ухода раньше времени прихода.")
    return recipient, service, arrived_at, left_at


def _check(actor, record: TabletRecord, recipients, services, facts, visits) -> _Checked:
    recipient, service, arrived_at, left_at = _record_parts(record, recipients, services)
    line = RecordLine(
        service=service,
        quantity=record.quantity,
        note=record.note.strip(),
        uuid=record.uuid,
        basis=record.basis,
    )
    checked = batch_check(
        actor=actor,
        recipient=recipient,
        line=line,
        performed_on=record.date,
        facts=facts,
        excess_reason=TABLET_OVER_VOLUME,
    )
    visit = visits.get(record.visit_uuid)
    if visit is not None and (visit.recipient_id, visit.worker_id, visit.visited_on) != (
        recipient.pk,
        checked.worker.pk,
        record.date,
    ):
        raise ValidationError("Посещение с этим идентификатором относится к другому получателю.")
    return _Checked(record, checked, arrived_at, left_at)


def _fits(visit: Visit, arrived_at, left_at) -> bool:
    """Whether a record without a visit id belongs to this visit of the same day: its times
    do not lie wholly after the visit's departure or before its arrival."""
    if arrived_at and visit.left_at and arrived_at > visit.left_at:
        return False
    return not (left_at and visit.arrived_at and left_at < visit.arrived_at)


def _join_visits(items: list[_Checked], by_uuid: dict) -> None:
    """The visit of each record — the one its visit id names (made if new), or, for a record
    without one, a visit of the same recipient, worker and day whose times it fits — with the
    record's times and position folded in; the records are linked to it."""
    keys = {(i.checked.recipient.pk, i.checked.worker.pk, i.checked.performed_on) for i in items}
    same_day: dict[tuple, list[Visit]] = {}
    for visit in (
        Visit.objects.select_for_update()
        .filter(
            recipient_id__in={k[0] for k in keys},
            worker_id__in={k[1] for k in keys},
            visited_on__in={k[2] for k in keys},
        )
        .order_by("pk")
    ):
        same_day.setdefault((visit.recipient_id, visit.worker_id, visit.visited_on), []).append(
            visit
        )
    for item in items:
        c = item.checked
        key = (c.recipient.pk, c.worker.pk, c.performed_on)
        visit_uuid = item.record.visit_uuid
        if visit_uuid is not None:
            visit = by_uuid.get(visit_uuid)
        else:
            visit = next(
                (v for v in same_day.get(key, []) if _fits(v, item.arrived_at, item.left_at)),
                None,
            )
        if visit is None:
            visit = Visit(
                uuid=visit_uuid,
                institution_id=c.recipient.institution_id,
                recipient=c.recipient,
                worker_id=key[1],
                visited_on=key[2],
                source=RecordSource.TABLET,
            )
            if visit_uuid is not None:
                by_uuid[visit_uuid] = visit
            same_day.setdefault(key, []).append(visit)
        _fold(visit, c.recipient, item.arrived_at, item.left_at, item.record.lat, item.record.lon)
        visit.save()
        c.visit = visit


def _sync_one_by_one(actor, records, owners, recipients, services) -> SyncResult:
    result = SyncResult()
    for record in records:
        try:
            flag, change = _store_once(actor, record, owners, recipients, services)
        except ValidationError as error:
            result.rejected.append((record.uuid, _reason(error)))
            continue
        except DataError:
            # A value the database refuses (the API's schema should have caught it first).
            result.rejected.append((record.uuid, "Запись не удалось сохранить: неверные данные."))
            continue
        except IntegrityError:
            # Stored by a parallel request between our look-up and our insert.
            stored = _stored({record.uuid}).get(record.uuid)
            if stored is not None and stored.created_by_id == actor.pk:
                result.accepted.append(record.uuid)
            else:
                result.rejected.append((record.uuid, _SOMEONE_ELSES))
            continue
        if record.uuid not in owners:
            owners.update(_stored({record.uuid}))
        result.accepted.append(record.uuid)
        if flag:
            result.flagged.append((record.uuid, flag))
        if change:
            result.changed.append((record.uuid, change))
    return result


def _store_once(actor, record, owners, recipients, services) -> tuple[str, str]:
    """`_store` in a transaction of its own; once more if a parallel request made the same
    visit (its uuid) between our look-up and our insert, so the record joins that visit."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _store(actor, record, owners, recipients, services)
        except IntegrityError:
            if attempt == 2 or record.uuid in _stored({record.uuid}):
                raise
    raise AssertionError("unreachable")


_SOMEONE_ELSES = "Запись с таким идентификатором уже сохранена другим сотрудником."


def _reason(error: ValidationError) -> str:
    return " ".join(error.messages) or "Запись не принята."


def _stored(uuids) -> dict[uuid_module.UUID, ServiceRecord]:
    """{uuid: the record} for the records already in the service log."""
    return ServiceRecord.objects.select_related("service").in_bulk(list(uuids), field_name="uuid")


def _store(actor: Staff, record: TabletRecord, owners, recipients, services) -> tuple[str, str]:
    """Save one record and join it to its visit; returns its flag and correction texts."""
    if record.uuid in owners:
        return "", _resent(actor, record, owners[record.uuid])
    recipient, service, arrived_at, left_at = _record_parts(record, recipients, services)
    arguments = {
        "actor": actor,
        "recipient": recipient,
        "service": service,
        "performed_on": record.date,
        "quantity": record.quantity,
        "note": record.note.strip(),
        "basis": record.basis,
        "source": RecordSource.TABLET,
        "uuid": record.uuid,
    }
    flag = ""
    try:
        stored = service_log(**arguments)
    except VolumeExceededError:
        stored = service_log(**arguments, over_volume_reason=TABLET_OVER_VOLUME)
        flag = TABLET_OVER_VOLUME
    item = _Checked(
        record,
        CheckedRecord(
            recipient, RecordLine(service, record.quantity), record.date, stored.worker, None
        ),
        arrived_at,
        left_at,
    )
    _join_visits([item], _visits_by_uuid({record.visit_uuid} - {None}))
    stored.visit = item.checked.visit
    stored.save(update_fields=["visit"])
    return flag, ""


def _local_time(value, day: datetime.date, what: str) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        local = timezone.localtime(value)
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=local.tzinfo)
    except (OverflowError, ValueError):
        raise ValidationError(f"Неверное время {what}.") from None
    if not start - TIME_SLACK <= local <= start + TIME_SLACK * 2:
        raise ValidationError(f"Время {what} не относится к дню записи {day:%d.%m.%Y}.")
    return value


def _fold(visit: Visit, recipient: Recipient, arrived_at, left_at, lat, lon) -> None:
    if arrived_at and (visit.arrived_at is None or arrived_at < visit.arrived_at):
        visit.arrived_at = arrived_at
    if left_at and (visit.left_at is None or left_at > visit.left_at):
        visit.left_at = left_at
    if lat is not None and lon is not None:
        _place(visit, recipient, lat, lon)


def _place(visit: Visit, recipient: Recipient, lat: float, lon: float) -> None:
    """Keep the mark farthest from the home; a mark beyond the radius sends the visit to the
    head's review list. Never a reason to refuse the record: GPS indoors is often far off."""
    position = (Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}"))
    if recipient.latitude is None or recipient.longitude is None:
        if visit.latitude is None:
            visit.latitude, visit.longitude = position
        return
    distance = distance_m(lat, lon, float(recipient.latitude), float(recipient.longitude))
    if visit.distance_m is not None and distance <= visit.distance_m:
        return
    visit.latitude, visit.longitude = position
    visit.distance_m = distance
    if distance > visit_radius_m():
        visit.needs_review = True


# --- signatures of the month's act --------------------------------------------------------

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 300 * 1024


def act_signature_store(
    *,
    actor: Staff,
    uuid: uuid_module.UUID,
    recipient_id: int,
    month: datetime.date,
    image: bytes,
    signed_at: datetime.datetime | None = None,
):
    """The recipient signs the month's act on the tablet; stored once per uuid."""

    existing = ActSignature.objects.filter(uuid=uuid).first()
    if existing is not None:
        if existing.captured_by_id != actor.pk:
            raise ValidationError(_SOMEONE_ELSES)
        return existing
    recipient = Recipient.objects.filter(recipient_scope(actor), pk=recipient_id).first()
    if recipient is None:
        raise ValidationError("Получатель не закреплён за вами.")
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError("Нельзя подписать акт за месяц, который ещё не начался.")
    if not image.startswith(PNG_MAGIC):
        raise ValidationError("Подпись должна быть изображением PNG.")
    if len(image) > MAX_SIGNATURE_BYTES:
        raise ValidationError("Изображение подписи слишком большое (больше 300 КБ).")
    with transaction.atomic():
        signature = ActSignature.objects.create(
            uuid=uuid,
            recipient=recipient,
            month=month,
            image=image,
            signed_at=_plausible(signed_at),
            captured_by=actor,
        )
        audit_event(
            kind=EventKind.CREATE,
            actor=actor,
            obj=signature,
            recipient_id=recipient.pk,
            details=f"подпись акта за {month:%m.%Y} на планшете",
        )
    logger.debug("act signature %s stored (staff %s)", signature.pk, actor.pk)
    return signature


def _plausible(moment: datetime.datetime | None) -> datetime.datetime:
    """The tablet's clock if it looks right (within a year back, not ahead), else now."""
    now = timezone.now()
    if moment is None:
        return now
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        if now - datetime.timedelta(days=366) <= moment <= now + datetime.timedelta(minutes=5):
            return moment
    except (OverflowError, ValueError):
        pass
    return now
