"""Writes of programs (ИППСУ): drafting, editing a draft, approval, versions, expiry."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from zabota.audit.locking import lock_for_update
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.catalog.models import Service
from zabota.organisation.models import Staff
from zabota.programs.models import (
    WEEKDAY_CODES,
    Contract,
    ContractStatus,
    Program,
    ProgramService,
    ProgramStatus,
    ServiceForm,
)
from zabota.recipients.models import Recipient
from zabota.rules.words import number_text

logger = logging.getLogger(__name__)

PROGRAM_FIELDS = (
    "number",
    "drawn_up_on",
    "is_repeat",
    "valid_from",
    "valid_until",
    "form",
    "provider",
    "notes",
)
DEFAULT_TERM = "на срок действия ИППСУ"


@dataclass
class Line:
    """A line of a program as typed: the service, its monthly volume and how it is given."""

    service: Service
    quantity_per_month: Decimal
    periodicity: str = ""
    weekdays: str | list[str] = ""
    term: str = DEFAULT_TERM


# --- programs ------------------------------------------------------------------------------


def _check_program(program: Program, recipient: Recipient) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if program.valid_from and program.valid_until and program.valid_until < program.valid_from:
        errors.setdefault("valid_until", []).append(
            "Срок действия заканчивается раньше, чем начинается."
        )
    if program.drawn_up_on and program.drawn_up_on > today:
        errors.setdefault("drawn_up_on", []).append("Дата составления не может быть в будущем.")
    if program.drawn_up_on and program.valid_until and program.drawn_up_on > program.valid_until:
        errors.setdefault("drawn_up_on", []).append(
            "Программа составлена после окончания срока своего действия."
        )
    if errors:
        raise ValidationError(errors)


def _lines(recipient: Recipient, lines: list[Line | dict]) -> list[Line]:
    """Check the lines; every message names its service, so the head sees what to fix."""
    checked = [line if isinstance(line, Line) else Line(**line) for line in lines]
    messages = []
    if not checked:
        messages.append("Добавьте в программу хотя бы одну услугу.")
    seen = set()
    for line in checked:
        service = line.service
        name = f"«{service.name}»"
        if service.institution_id != recipient.institution_id:
            messages.append(f"Услуга {name} не из каталога вашего учреждения.")
        elif not service.is_active:
            messages.append(f"Услуга {name} больше не используется в каталоге.")
        elif service.is_additional:
            messages.append(
                f"{name} — дополнительная платная услуга: в ИППСУ она не включается, "
                "а оказывается по прейскуранту."
            )
        if service.pk in seen:
            messages.append(f"Услуга {name} указана в программе дважды.")
        seen.add(service.pk)
        if line.quantity_per_month is None or line.quantity_per_month <= 0:
            messages.append(f"Объём услуги {name} в месяц должен быть больше нуля.")
        days = line.weekdays if isinstance(line.weekdays, list) else line.weekdays.split(",")
        days = [d.strip() for d in days if d and d.strip()]
        unknown = [d for d in days if d not in WEEKDAY_CODES]
        if unknown:
            messages.append(f"Услуга {name}: неизвестные дни недели {', '.join(unknown)}.")
        # Keep the week's order whatever order the days were typed in.
        line.weekdays = ",".join(d for d in WEEKDAY_CODES if d in days)
        line.periodicity = (line.periodicity or "").strip()[:100]
        line.term = (line.term or "").strip()[:200]
    if messages:
        raise ValidationError({"services": messages})
    return checked


def _write_lines(program: Program, lines: list[Line]) -> None:
    program.services.all().delete()
    ProgramService.objects.bulk_create(
        ProgramService(
            program=program,
            service=line.service,
            quantity_per_month=line.quantity_per_month,
            periodicity=line.periodicity,
            weekdays=line.weekdays,
            term=line.term,
        )
        for line in lines
    )


def _lines_snapshot(program: Program) -> list[str]:
    # As the journal shows them: «A01 × 8 (2 раза в неделю; пн, чт)», not codes of days.
    return [
        f"{ps.service.code} × {number_text(ps.quantity_per_month)} "
        f"({ps.periodicity or '—'}; {ps.weekdays_display or '—'})"
        for ps in program.services.select_related("service").order_by("service__code")
    ]


@transaction.atomic
def program_draft(
    *,
    actor: Staff,
    recipient: Recipient,
    number: str,
    drawn_up_on: datetime.date,
    valid_from: datetime.date,
    valid_until: datetime.date,
    services: list[Line | dict],
    is_repeat: bool = False,
    form: str = ServiceForm.HOME,
    provider: str = "",
    notes: str = "",
    replaces: Program | None = None,
) -> Program:
    """A new ИППСУ in the status «проект» with its services."""
    if not recipient.is_active:
        raise ValidationError("Получатель снят с обслуживания: программа не составляется.")
    if replaces is not None and replaces.recipient_id != recipient.pk:
        raise ValidationError("Заменяемая программа принадлежит другому получателю.")
    program = Program(
        recipient=recipient,
        number=number.strip(),
        drawn_up_on=drawn_up_on,
        is_repeat=is_repeat,
        valid_from=valid_from,
        valid_until=valid_until,
        form=form,
        provider=(provider or recipient.institution.name).strip(),
        notes=notes,
        replaces=replaces,
        status=ProgramStatus.DRAFT,
        created_by=actor,
    )
    _check_program(program, recipient)
    lines = _lines(recipient, services)
    program.full_clean()
    program.save()
    _write_lines(program, lines)
    changes = {k: [None, v] for k, v in snapshot(program).items() if v not in (None, "")}
    changes["services"] = [None, _lines_snapshot(program)]
    audit_event(kind=EventKind.CREATE, actor=actor, obj=program, changes=changes)
    logger.debug("program %s drafted by staff %s", program.pk, actor.pk)
    return program


@transaction.atomic
def program_update(
    *,
    actor: Staff,
    program: Program,
    expected_version: int,
    services: list[Line | dict] | None = None,
    **fields,
) -> Program:
    """Edit a draft; a program in force is changed only by a new version."""
    current = lock_for_update(Program, program.pk, expected_version)
    if current.status != ProgramStatus.DRAFT:
        raise ValidationError(
            "Утверждённую программу изменить нельзя: составьте новую версию программы."
        )
    before = snapshot(current)
    before["services"] = _lines_snapshot(current)
    for name, value in fields.items():
        if name not in PROGRAM_FIELDS:
            raise TypeError(f"program_update: unknown field {name}")
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    _check_program(current, current.recipient)
    lines = _lines(current.recipient, services) if services is not None else None
    current.version += 1
    current.full_clean()
    current.save()
    if lines is not None:
        _write_lines(current, lines)
    after = snapshot(current)
    after["services"] = _lines_snapshot(current)
    audit_event(kind=EventKind.UPDATE, actor=actor, obj=current, changes=diff(before, after))
    logger.debug("program %s updated by staff %s", current.pk, actor.pk)
    return current


@transaction.atomic
def program_approve(*, actor: Staff, program: Program, expected_version: int) -> Program:
    """Проект → действует. Earlier programs of the person that reach into the new term (and the
    one it explicitly replaces) become «заменена» and govern up to the day before it starts."""
    current = lock_for_update(Program, program.pk, expected_version)
    if current.status != ProgramStatus.DRAFT:
        raise ValidationError("Утвердить можно только проект программы.")
    if not current.services.exists():
        raise ValidationError({"services": ["В программе нет ни одной услуги."]})
    if current.valid_until < timezone.localdate():
        raise ValidationError(
            {"valid_until": "Срок действия программы уже прошёл: исправьте даты."}
        )
    previous = (
        Program.objects.select_for_update()
        .filter(recipient_id=current.recipient_id, status=ProgramStatus.IN_FORCE)
        .exclude(pk=current.pk)
        .filter(Q(valid_until__gte=current.valid_from) | Q(pk=current.replaces_id))
    )
    day_before = current.valid_from - datetime.timedelta(days=1)
    for old in previous:
        old.status = ProgramStatus.REPLACED
        old.ended_on = min(old.valid_until, day_before)
        old.version += 1
        old.save(update_fields=["status", "ended_on", "version"])
        audit_event(
            kind=EventKind.UPDATE,
            actor=actor,
            obj=old,
            changes={
                "status": [ProgramStatus.IN_FORCE, ProgramStatus.REPLACED],
                "ended_on": [None, old.ended_on.isoformat()],
                "version": [old.version - 1, old.version],
            },
            details=f"заменена программой № {current.number}",
        )
    current.status = ProgramStatus.IN_FORCE
    current.approved_at = timezone.now()
    current.version += 1
    current.save(update_fields=["status", "approved_at", "version"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        changes={
            "status": [ProgramStatus.DRAFT, ProgramStatus.IN_FORCE],
            "version": [current.version - 1, current.version],
        },
        details="программа утверждена",
    )
    logger.debug("program %s approved by staff %s", current.pk, actor.pk)
    return current


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def term_months(valid_from: datetime.date, valid_until: datetime.date) -> int:
    """A program's term in whole months (12 for 01.03.2025–28.02.2026)."""
    end = valid_until + datetime.timedelta(days=1)
    return max(1, (end.year - valid_from.year) * 12 + end.month - valid_from.month)


def suggest_program_number(recipient: Recipient, year: int) -> str:
    """«<n>/<year>»: the count of the institution's programs drawn up that year, plus one."""
    count = Program.objects.filter(
        recipient__institution_id=recipient.institution_id, drawn_up_on__year=year
    ).count()
    return f"{count + 1}/{year}"


@transaction.atomic
def program_new_version(
    *, actor: Staff, program: Program, renew: bool = False, today: datetime.date | None = None
) -> Program:
    """A draft copy of a program with its services.

    `renew=False`: a new version of the same term (services changed), from today on.
    `renew=True`: a повторная программа for a new term of the same length, starting the day
    after the old one ends (or today when that has passed).
    """
    today = today or timezone.localdate()
    if program.status == ProgramStatus.DRAFT:
        raise ValidationError("Это ещё проект: измените его, новая версия не нужна.")
    if program.replaced_by.filter(status=ProgramStatus.DRAFT).exists():
        raise ValidationError("Проект новой версии этой программы уже есть.")
    months = term_months(program.valid_from, program.valid_until)
    if renew or program.valid_until < today:
        valid_from = max(today, program.valid_until + datetime.timedelta(days=1))
        valid_until = add_months(valid_from, months) - datetime.timedelta(days=1)
    else:
        valid_from = max(today, program.valid_from)
        valid_until = program.valid_until
    lines = [
        Line(
            service=ps.service,
            quantity_per_month=ps.quantity_per_month,
            periodicity=ps.periodicity,
            weekdays=ps.weekdays,
            term=ps.term,
        )
        for ps in program.services.select_related("service").filter(
            service__is_active=True, service__is_additional=False
        )
    ]
    if not lines:
        raise ValidationError("Все услуги прежней программы исключены из каталога.")
    return program_draft(
        actor=actor,
        recipient=program.recipient,
        number=suggest_program_number(program.recipient, today.year),
        drawn_up_on=today,
        valid_from=valid_from,
        valid_until=valid_until,
        services=lines,
        is_repeat=True,
        form=program.form,
        provider=program.provider,
        replaces=program,
    )


def programs_expire(today: datetime.date) -> tuple[int, int]:
    """Write down the statuses the lists already show: (programs, contracts) marked expired."""
    with transaction.atomic():
        programs = Program.objects.filter(
            status=ProgramStatus.IN_FORCE, valid_until__lt=today
        ).update(status=ProgramStatus.EXPIRED, version=F("version") + 1)
        contracts = Contract.objects.filter(
            status=ContractStatus.ACTIVE, valid_until__lt=today
        ).update(status=ContractStatus.EXPIRED, version=F("version") + 1)
    if programs or contracts:
        audit_event(
            kind=EventKind.UPDATE,
            object_type="programs.program",
            details=f"истёк срок: программ {programs}, договоров {contracts} на {today:%d.%m.%Y}",
        )
    logger.info("expired on %s: %d programs, %d contracts", today.isoformat(), programs, contracts)
    return programs, contracts
