"""Recording delivered services, alone or as a whole visit, with the checks of the service log."""

import datetime
import uuid as uuid_module
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.catalog.models import Service
from zabota.catalog.selectors import tariff_on
from zabota.delivery.models import RecordSource, ServiceRecord, Visit
from zabota.delivery.selectors import is_month_closed
from zabota.delivery.services import totals
from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.programs.models import ProgramService
from zabota.programs.selectors import program_in_force
from zabota.recipients.models import Enrolment, Recipient
from zabota.rules.volumes import check_volume

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


def worker_for(actor: Staff, recipient: Recipient, worker: Staff | None) -> Staff:
    """Who did the work: a field worker records their own; a head names the worker."""
    if actor.role in FIELD_ROLES:
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

    def in_scope(self, actor: Staff, recipient: Recipient) -> bool:
        return Recipient.objects.filter(recipient_scope(actor), pk=recipient.pk).exists()

    def month_closed(self, department_id: int, day: datetime.date) -> bool:
        return is_month_closed(department_id, day)

    def enrolled(self, recipient: Recipient, day: datetime.date) -> bool:
        return (
            Enrolment.objects.filter(recipient=recipient, enrolled_on__lte=day)
            .exclude(discharged_on__lt=day)
            .exists()
        )

    def program_line(
        self, recipient: Recipient, service: Service, day: datetime.date
    ) -> ProgramService | None:
        program = program_in_force(recipient, day)
        if program is None:
            return None
        return ProgramService.objects.filter(program=program, service=service).first()

    def used_in_month(self, recipient: Recipient, service: Service, day: datetime.date) -> Decimal:
        return _used_in_month(recipient, service, day)

    def tariff(self, service: Service, day: datetime.date) -> Decimal | None:
        return tariff_on(service, day)


def check_record(
    *,
    actor: Staff,
    recipient: Recipient,
    service: Service,
    performed_on: datetime.date,
    quantity: Decimal,
    over_volume_reason: str = "",
    today: datetime.date | None = None,
    pending: Decimal = Decimal(0),
    facts: LogFacts | None = None,
) -> Decimal:
    """Every check of one record; returns the tariff. `pending` is the quantity of the same
    service already in the same visit form (not yet saved), for the volume check."""
    today = today or timezone.localdate()
    facts = facts or LogFacts()
    if not facts.in_scope(actor, recipient):
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
    if not service.is_additional:
        line = facts.program_line(recipient, service, performed_on)
        if line is None:
            raise ValidationError(
                f"Услуги «{service.name}» нет в ИППСУ, действующей на {performed_on:%d.%m.%Y}. "
                "Дополнительные платные услуги записываются из прейскуранта.",
                code="program",
            )
        used = facts.used_in_month(recipient, service, performed_on) + pending
        volume = check_volume(planned=line.quantity_per_month, used=used, adding=quantity)
        if volume.exceeds and not over_volume_reason.strip():
            raise VolumeExceededError(
                f"Превышен месячный объём по ИППСУ для «{service.name}»: по плану "
                f"{_qty(line.quantity_per_month)}, уже оказано {_qty(used)}, с этой записью "
                f"{_qty(volume.after)}. Укажите причину превышения.",
                code="over_volume",
            )
    price = facts.tariff(service, performed_on)
    if price is None:
        raise ValidationError(
            f"На {performed_on:%d.%m.%Y} у услуги «{service.name}» нет тарифа в каталоге.",
            code="tariff",
        )
    return price


def _qty(value: Decimal) -> str:
    """8.00 → «8», 35.50 → «35,5»: quantities as people write them."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


def _used_in_month(recipient: Recipient, service: Service, day: datetime.date) -> Decimal:
    start = day.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return ServiceRecord.objects.filter(
        recipient=recipient,
        service=service,
        cancelled_at__isnull=True,
        performed_on__gte=start,
        performed_on__lt=end,
    ).aggregate(total=Sum("quantity"))["total"] or Decimal(0)


def new_record(
    *, actor, worker, recipient, line: RecordLine, performed_on, price, visit, source
) -> ServiceRecord:
    """A record of the log, not yet saved: the tariff, sum and norm copied at recording."""
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
    source: str = RecordSource.WEB,
    uuid: uuid_module.UUID | None = None,
    visit: Visit | None = None,
) -> ServiceRecord:
    """One delivered service. Raises ValidationError (VolumeExceededError for an excess)."""
    worker = worker_for(actor, recipient, worker)
    price = check_record(
        actor=actor,
        recipient=recipient,
        service=service,
        performed_on=performed_on,
        quantity=quantity,
        over_volume_reason=over_volume_reason,
    )
    line = RecordLine(
        service=service,
        quantity=quantity,
        minutes_spent=minutes_spent,
        note=note,
        over_volume_reason=over_volume_reason,
        uuid=uuid,
    )
    record = _make_record(
        actor=actor,
        worker=worker,
        recipient=recipient,
        line=line,
        performed_on=performed_on,
        price=price,
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
    return record


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
) -> tuple[Visit, list[ServiceRecord]]:
    """All services of one visit at once; either every line is saved or none.

    Errors are raised as a ValidationError whose dict maps the line index to its message."""
    if not lines:
        raise ValidationError("Отметьте хотя бы одну услугу.")
    if arrived_at and left_at and left_at < arrived_at:
        raise ValidationError({"left_at": "Время ухода раньше времени прихода."})
    worker = worker_for(actor, recipient, worker)
    errors, prices, pending = {}, [], {}
    for index, line in enumerate(lines):
        try:
            prices.append(
                check_record(
                    actor=actor,
                    recipient=recipient,
                    service=line.service,
                    performed_on=performed_on,
                    quantity=line.quantity,
                    over_volume_reason=line.over_volume_reason,
                    pending=pending.get(line.service.pk, Decimal(0)),
                )
            )
            pending[line.service.pk] = pending.get(line.service.pk, Decimal(0)) + line.quantity
        except ValidationError as error:
            errors[str(index)] = error.messages
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        institution_id=recipient.institution_id,
        recipient=recipient,
        worker=worker,
        visited_on=performed_on,
        arrived_at=arrived_at,
        left_at=left_at,
        source=source,
    )
    records = [
        _make_record(
            actor=actor,
            worker=worker,
            recipient=recipient,
            line=line,
            performed_on=performed_on,
            price=price,
            visit=visit,
            source=source,
        )
        for line, price in zip(lines, prices, strict=True)
    ]
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=visit,
        recipient_id=recipient.pk,
        details="; ".join(f"{r.service.name} × {_qty(r.quantity)}" for r in records),
    )
    return visit, records


@transaction.atomic
def service_record_cancel(*, actor: Staff, record: ServiceRecord, reason: str) -> ServiceRecord:
    """A wrong record is cancelled with a reason (never deleted) and leaves the totals."""
    record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
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
    return record
