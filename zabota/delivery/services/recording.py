"""Recording delivered services, alone or as a whole visit, with the checks of the service log."""

import datetime
import logging
import uuid as uuid_module
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.catalog.models import Service
from zabota.catalog.selectors import tariff_on
from zabota.delivery.entitlements import Entitlement, Entitlements
from zabota.delivery.models import Basis, RecordSource, ServiceRecord, Visit
from zabota.delivery.selectors import is_month_closed
from zabota.delivery.services import totals
from zabota.organisation.access import (
    covered_then,
    may_change_record,
    own_work_only,
    recipient_scope,
)
from zabota.organisation.models import Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.recipients.models import Enrolment, Recipient
from zabota.rules.volumes import check_volume

logger = logging.getLogger(__name__)

KOPECK = Decimal("0.01")


class VolumeExceededError(ValidationError):
    """The month's volume of the ИППСУ would be exceeded: the record needs a reason."""


@dataclass(frozen=True)
class RecordLine:
    service: Service
    quantity: Decimal
    minutes_spent: int | None = None
    note: str = ""
    over_volume_reason: str = ""
    uuid: uuid_module.UUID | None = None
    # The basis the worker chose (a service both in the ИППСУ and the care plan); None: the
    # service log picks one (zabota.delivery.entitlements.PREFERENCE).
    basis: str | None = None


@dataclass(frozen=True)
class Priced:
    """What the checks decided for a record: its basis and the price of one unit (nothing for
    the free care plan)."""

    basis: str
    price: Decimal


def worker_for(actor: Staff, recipient: Recipient, worker: Staff | None) -> Staff:
    """Who did the work: a field worker records their own; a head names the worker."""
    if own_work_only(actor):
        return actor
    worker = worker or recipient.social_worker
    if worker is None:
        raise ValidationError({"worker": "Укажите, кто из сотрудников оказал услугу."})
    if worker.department_id != recipient.department_id or worker.role not in FIELD_ROLES:
        raise ValidationError({"worker": "Сотрудник не работает в отделении получателя."})
    return worker


class LogFacts:
    """What `check_record` asks the database, one question at a time. A batch of records
    (the tablet's sync) passes a subclass that read the answers for all of them at once
    (zabota.delivery.services.batch.BatchFacts); the rules stay here, in one place."""

    def in_scope(self, actor: Staff, recipient: Recipient, day: datetime.date) -> bool:
        """In the person's scope today, or covered by them on the record's day: a substitute's
        tablet that was offline sends the last day of cover after it ended."""
        return Recipient.objects.filter(
            recipient_scope(actor) | covered_then(actor, day), pk=recipient.pk
        ).exists()

    def month_closed(self, department_id: int, day: datetime.date) -> bool:
        return is_month_closed(department_id, day)

    def enrolled(self, recipient: Recipient, day: datetime.date) -> bool:
        return (
            Enrolment.objects.filter(recipient=recipient, enrolled_on__lte=day)
            .exclude(discharged_on__lt=day)
            .exists()
        )

    def entitlements(
        self, recipient: Recipient, service: Service, day: datetime.date, basis: str | None
    ) -> list[Entitlement]:
        return Entitlements([recipient.pk], [day]).for_service(recipient.pk, service.pk, day, basis)

    def used_in_month(
        self, recipient: Recipient, service: Service, day: datetime.date, basis: str
    ) -> Decimal:
        return _used_in_month(recipient, service, day, basis)

    def tariff(self, service: Service, day: datetime.date) -> Decimal | None:
        return tariff_on(service, day)


def _basis_missing(service: Service, day: datetime.date, basis: str | None) -> ValidationError:
    where = {
        Basis.PROGRAM: "в ИППСУ, действующей",
        Basis.CARE_PLAN: "в плане ухода, действующем",
    }.get(basis, "в ИППСУ и в плане ухода, действующих")
    return ValidationError(
        f"Услуги «{service.name}» нет {where} на {day:%d.%m.%Y}. "
        "Дополнительные платные услуги записываются из прейскуранта.",
        code="program",
    )


def _choose(options: list[Entitlement], used, quantity: Decimal) -> tuple[Entitlement, object]:
    """The first entitlement whose month still has room for the quantity; when none has, the
    first one (its excess needs a reason)."""
    checks = []
    for option in options:
        volume = check_volume(planned=option.per_month, used=used(option.basis), adding=quantity)
        if not volume.exceeds:
            return option, volume
        checks.append((option, volume))
    return checks[0]


def check_record(
    *,
    actor: Staff,
    recipient: Recipient,
    service: Service,
    performed_on: datetime.date,
    quantity: Decimal,
    basis: str | None = None,
    over_volume_reason: str = "",
    today: datetime.date | None = None,
    pending: dict[str, Decimal] | None = None,
    facts: LogFacts | None = None,
) -> Priced:
    """Every check of one record; returns its basis and price. `pending` is the quantity of
    the same service already in the same visit form (not yet saved) per basis, for the volume
    check."""
    today = today or timezone.localdate()
    facts = facts or LogFacts()
    pending = pending or {}
    if not facts.in_scope(actor, recipient, performed_on):
        raise ValidationError("Получатель не закреплён за вами.", code="scope")
    if service.institution_id != recipient.institution_id or not service.is_active:
        raise ValidationError("Такой услуги нет в каталоге учреждения.", code="service")
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": "Количество должно быть больше нуля."})
    if performed_on > today:
        raise ValidationError({"performed_on": "Нельзя записать услугу на будущую дату."})
    if facts.month_closed(recipient.department_id, performed_on):
        raise ValidationError(
            f"Месяц {performed_on:%m.%Y} закрыт заведующим: записи в нём не меняются.",
            code="closed",
        )
    if not facts.enrolled(recipient, performed_on):
        raise ValidationError(
            f"{performed_on:%d.%m.%Y} получатель не состоял на обслуживании.", code="enrolment"
        )
    if basis is not None and basis not in Basis.values:
        raise ValidationError(f"Неизвестное основание записи: «{basis}».", code="basis")
    if service.is_additional:
        if basis not in (None, Basis.ADDITIONAL):
            raise ValidationError(
                f"«{service.name}» — дополнительная платная услуга: она оплачивается по "
                "прейскуранту, а не по ИППСУ или плану ухода.",
                code="basis",
            )
        chosen = Basis.ADDITIONAL
    else:
        if basis == Basis.ADDITIONAL:
            raise ValidationError(
                f"«{service.name}» нет в прейскуранте дополнительных платных услуг.", code="basis"
            )
        options = facts.entitlements(recipient, service, performed_on, basis)
        if not options:
            raise _basis_missing(service, performed_on, basis)

        def used(option_basis: str) -> Decimal:
            done = facts.used_in_month(recipient, service, performed_on, option_basis)
            return done + pending.get(option_basis, Decimal(0))

        option, volume = _choose(options, used, quantity)
        if volume.exceeds and not over_volume_reason.strip():
            what = "ИППСУ" if option.basis == Basis.PROGRAM else "плану ухода"
            raise VolumeExceededError(
                f"Превышен месячный объём по {what} для «{service.name}»: по плану "
                f"{_qty(option.per_month)}, уже оказано {_qty(used(option.basis))}, с этой "
                f"записью {_qty(volume.after)}. Укажите причину превышения.",
                code="over_volume",
            )
        chosen = option.basis
    if chosen == Basis.CARE_PLAN:
        return Priced(chosen, Decimal("0.00"))  # the care package is free (ltc.md)
    price = facts.tariff(service, performed_on)
    if price is None:
        raise ValidationError(
            f"На {performed_on:%d.%m.%Y} у услуги «{service.name}» нет тарифа в каталоге.",
            code="tariff",
        )
    return Priced(chosen, price)


def _qty(value: Decimal) -> str:
    """8.00 → «8», 35.50 → «35,5»: quantities as people write them."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


def _used_in_month(
    recipient: Recipient, service: Service, day: datetime.date, basis: str
) -> Decimal:
    start = day.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return ServiceRecord.objects.filter(
        recipient=recipient,
        service=service,
        basis=basis,
        cancelled_at__isnull=True,
        performed_on__gte=start,
        performed_on__lt=end,
    ).aggregate(total=Sum("quantity"))["total"] or Decimal(0)


def new_record(
    *, actor, worker, recipient, line: RecordLine, performed_on, priced: Priced, visit, source
) -> ServiceRecord:
    """A record of the log, not yet saved: the basis, tariff, sum and norm copied at recording."""
    price = priced.price
    return ServiceRecord(
        uuid=line.uuid or uuid_module.uuid4(),
        institution_id=recipient.institution_id,
        department_id=recipient.department_id,
        recipient=recipient,
        service=line.service,
        worker=worker,
        visit=visit,
        performed_on=performed_on,
        quantity=line.quantity,
        minutes_spent=line.minutes_spent,
        note=line.note,
        price=price,
        amount=(price * line.quantity).quantize(KOPECK, rounding=ROUND_HALF_UP),
        norm_minutes=Decimal(line.service.time_norm_minutes) * line.quantity,
        is_additional=line.service.is_additional,
        basis=priced.basis,
        over_volume_reason=line.over_volume_reason.strip(),
        source=source,
        created_by=actor,
    )


def _make_record(**arguments) -> ServiceRecord:
    record = new_record(**arguments)
    record.save()
    totals.apply(record, +1)
    return record


@transaction.atomic
def service_log(
    *,
    actor: Staff,
    recipient: Recipient,
    service: Service,
    performed_on: datetime.date,
    quantity: Decimal,
    worker: Staff | None = None,
    minutes_spent: int | None = None,
    note: str = "",
    over_volume_reason: str = "",
    basis: str | None = None,
    source: str = RecordSource.WEB,
    uuid: uuid_module.UUID | None = None,
    visit: Visit | None = None,
) -> ServiceRecord:
    """One delivered service. Raises ValidationError (VolumeExceededError for an excess)."""
    worker = worker_for(actor, recipient, worker)
    priced = check_record(
        actor=actor,
        recipient=recipient,
        service=service,
        performed_on=performed_on,
        quantity=quantity,
        basis=basis,
        over_volume_reason=over_volume_reason,
    )
    line = RecordLine(
        service=service,
        quantity=quantity,
        minutes_spent=minutes_spent,
        note=note,
        over_volume_reason=over_volume_reason,
        uuid=uuid,
        basis=basis,
    )
    record = _make_record(
        actor=actor,
        worker=worker,
        recipient=recipient,
        line=line,
        performed_on=performed_on,
        priced=priced,
        visit=visit,
        source=source,
    )
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=record,
        recipient_id=recipient.pk,
        details=f"{service.name} × {_qty(quantity)} за {performed_on:%d.%m.%Y}",
    )
    logger.debug("service record %s logged by staff %s", record.pk, actor.pk)
    return record


class VisitAlreadyRecorded(Exception):
    """The form of this visit was sent before (a double click, a resend, a second tab): the
    visit it made is returned instead of a second one."""

    def __init__(self, visit: Visit):
        self.visit = visit
        super().__init__(f"visit {visit.pk} already recorded")


def _recorded_before(uuid, recipient: Recipient, worker: Staff) -> Visit | None:
    if uuid is None:
        return None
    visit = Visit.objects.filter(uuid=uuid).first()
    if visit is not None and (visit.recipient_id, visit.worker_id) != (recipient.pk, worker.pk):
        raise ValidationError("Посещение с таким идентификатором уже записано другому получателю.")
    return visit


@transaction.atomic
def visit_record(
    *,
    actor: Staff,
    recipient: Recipient,
    performed_on: datetime.date,
    lines: list[RecordLine],
    worker: Staff | None = None,
    arrived_at: datetime.datetime | None = None,
    left_at: datetime.datetime | None = None,
    source: str = RecordSource.WEB,
    uuid: uuid_module.UUID | None = None,
) -> tuple[Visit, list[ServiceRecord]]:
    """All services of one visit at once; either every line is saved or none.

    `uuid` is the visit's own id, made when its form was opened: the same form sent twice (or
    twice at once) raises VisitAlreadyRecorded with the visit the first made, and nothing is
    recorded again. Errors are raised as a ValidationError whose dict maps the line index to
    its message."""
    if not lines:
        raise ValidationError("Отметьте хотя бы одну услугу.")
    if arrived_at and left_at and left_at < arrived_at:
        raise ValidationError({"left_at": "Время ухода раньше времени прихода."})
    worker = worker_for(actor, recipient, worker)
    earlier = _recorded_before(uuid, recipient, worker)
    if earlier is not None:
        raise VisitAlreadyRecorded(earlier)
    errors, priced, pending = {}, [], {}
    for index, line in enumerate(lines):
        in_form = pending.setdefault(line.service.pk, {})
        try:
            decided = check_record(
                actor=actor,
                recipient=recipient,
                service=line.service,
                performed_on=performed_on,
                quantity=line.quantity,
                basis=line.basis,
                over_volume_reason=line.over_volume_reason,
                pending=in_form,
            )
        except ValidationError as error:
            errors[str(index)] = error.messages
            continue
        priced.append(decided)
        in_form[decided.basis] = in_form.get(decided.basis, Decimal(0)) + line.quantity
    if errors:
        raise ValidationError(errors)
    try:
        # A savepoint: a parallel request with the same form id fails here, not the whole
        # transaction, and is answered with the visit the other one made.
        with transaction.atomic():
            visit = Visit.objects.create(
                uuid=uuid,
                institution_id=recipient.institution_id,
                recipient=recipient,
                worker=worker,
                visited_on=performed_on,
                arrived_at=arrived_at,
                left_at=left_at,
                source=source,
            )
    except IntegrityError:
        earlier = _recorded_before(uuid, recipient, worker)
        if earlier is None:
            raise
        raise VisitAlreadyRecorded(earlier) from None
    records = [
        _make_record(
            actor=actor,
            worker=worker,
            recipient=recipient,
            line=line,
            performed_on=performed_on,
            priced=decided,
            visit=visit,
            source=source,
        )
        for line, decided in zip(lines, priced, strict=True)
    ]
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=visit,
        recipient_id=recipient.pk,
        details="; ".join(f"{r.service.name} × {_qty(r.quantity)}" for r in records),
    )
    logger.debug("visit %s with %d records logged by staff %s", visit.pk, len(records), actor.pk)
    return visit, records


@transaction.atomic
def service_record_cancel(*, actor: Staff, record: ServiceRecord, reason: str) -> ServiceRecord:
    """A wrong record is cancelled with a reason (never deleted) and leaves the totals."""
    record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
    if not may_change_record(actor, record):
        raise ValidationError("Отменить можно только свою запись.", code="not_yours")
    if record.cancelled_at is not None:
        raise ValidationError("Запись уже отменена.")
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину отмены."})
    if is_month_closed(record.department_id, record.performed_on):
        raise ValidationError(
            f"Месяц {record.performed_on:%m.%Y} закрыт: отменить запись нельзя.", code="closed"
        )
    record.cancelled_at = timezone.now()
    record.cancel_reason = reason.strip()
    record.save(update_fields=["cancelled_at", "cancel_reason"])
    totals.apply(record, -1)
    audit_event(
        kind=EventKind.ARCHIVE,
        actor=actor,
        obj=record,
        recipient_id=record.recipient_id,
        details=f"отмена: {record.cancel_reason}",
    )
    logger.debug("service record %s cancelled by staff %s", record.pk, actor.pk)
    return record
