"""Writes of typical sets: the director's named packages of services that an ИППСУ starts from.

A set is never deleted: switched off (`is_active=False`), it is no longer offered in the ИППСУ
editor and stays in the journal with every change of its services.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.audit.locking import lock_for_update
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.catalog.models import Service
from zabota.organisation.models import Institution, Staff
from zabota.programs.models import TypicalSet, TypicalSetLine
from zabota.rules.words import number_text

logger = logging.getLogger(__name__)


@dataclass
class SetLine:
    service: Service
    quantity_per_month: Decimal | None = None
    times_per_week: int | None = None


def _checked(institution: Institution, lines: list[SetLine | dict]) -> list[SetLine]:
    """Every message names its service, so the director sees what to fix."""
    checked = [line if isinstance(line, SetLine) else SetLine(**line) for line in lines]
    messages = []
    if not checked:
        messages.append("Добавьте в набор хотя бы одну услугу.")
    seen = set()
    for line in checked:
        name = f"«{line.service.name}»"
        if line.service.institution_id != institution.pk:
            messages.append(f"Услуга {name} не из каталога вашего учреждения.")
        elif not line.service.is_active:
            messages.append(f"Услуга {name} больше не используется в каталоге.")
        elif line.service.is_additional:
            messages.append(f"{name} — дополнительная платная услуга: в ИППСУ она не включается.")
        if line.service.pk in seen:
            messages.append(f"Услуга {name} указана в наборе дважды.")
        seen.add(line.service.pk)
        if line.quantity_per_month is None and line.times_per_week is None:
            messages.append(f"Услуга {name}: укажите объём в месяц или сколько раз в неделю.")
        if line.quantity_per_month is not None and line.quantity_per_month <= 0:
            messages.append(f"Услуга {name}: объём в месяц должен быть больше нуля.")
        if line.times_per_week is not None and not 1 <= line.times_per_week <= 7:
            messages.append(f"Услуга {name}: в неделе от 1 до 7 раз.")
    if messages:
        raise ValidationError({"lines": messages})
    return checked


def _write(typical_set: TypicalSet, lines: list[SetLine]) -> None:
    typical_set.lines.all().delete()
    TypicalSetLine.objects.bulk_create(
        TypicalSetLine(
            typical_set=typical_set,
            service=line.service,
            quantity_per_month=line.quantity_per_month,
            times_per_week=line.times_per_week,
        )
        for line in lines
    )


def lines_snapshot(typical_set: TypicalSet) -> list[str]:
    """As the journal shows them: «1.01 × 9», «2.01: 2 раза в неделю»."""
    result = []
    for line in typical_set.lines.select_related("service").order_by("service__code"):
        if line.quantity_per_month is not None:
            result.append(f"{line.service.code} × {number_text(line.quantity_per_month)}")
        else:
            result.append(f"{line.service.code}: {line.times_per_week} р. в неделю")
    return result


def _check_name(institution: Institution, name: str, pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Назовите набор."})
    same = TypicalSet.objects.filter(institution=institution, name__iexact=name).exclude(pk=pk)
    if same.exists():
        raise ValidationError({"name": f"Набор «{name}» уже есть: назовите новый иначе."})
    return name


@transaction.atomic
def typical_set_create(
    *,
    actor: Staff,
    institution: Institution,
    name: str,
    lines: list[SetLine | dict],
    note: str = "",
) -> TypicalSet:
    """A new typical set of the institution, offered in the ИППСУ editor at once."""
    typical_set = TypicalSet(
        institution=institution, name=_check_name(institution, name), note=note.strip()
    )
    checked = _checked(institution, lines)
    typical_set.full_clean()
    typical_set.save()
    _write(typical_set, checked)
    changes = {k: [None, v] for k, v in snapshot(typical_set).items() if v not in (None, "")}
    changes["lines"] = [None, lines_snapshot(typical_set)]
    audit_event(kind=EventKind.CREATE, actor=actor, obj=typical_set, changes=changes)
    logger.debug("typical set %s created by staff %s", typical_set.pk, actor.pk)
    return typical_set


@transaction.atomic
def typical_set_update(
    *,
    actor: Staff,
    typical_set: TypicalSet,
    expected_version: int,
    name: str,
    note: str,
    is_active: bool,
    lines: list[SetLine | dict],
) -> TypicalSet:
    """Edit a set, or switch it off (`is_active=False`): programs drawn up from it keep their
    services, the set is no longer offered."""
    current = lock_for_update(TypicalSet, typical_set.pk, expected_version)
    before = snapshot(current)
    before["lines"] = lines_snapshot(current)
    current.name = _check_name(current.institution, name, current.pk)
    current.note = note.strip()
    current.is_active = is_active
    checked = _checked(current.institution, lines)
    current.version += 1
    current.full_clean()
    current.save()
    _write(current, checked)
    after = snapshot(current)
    after["lines"] = lines_snapshot(current)
    audit_event(kind=EventKind.UPDATE, actor=actor, obj=current, changes=diff(before, after))
    logger.debug("typical set %s updated by staff %s", current.pk, actor.pk)
    return current
