"""Writes of contracts: numbering, conclusion with the fee, signing, amendments, termination."""

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from zabota.audit.locking import lock_for_update
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.organisation.models import Staff
from zabota.payments.selectors import fee_for
from zabota.programs.agreements import changes_as_json, program_changes
from zabota.programs.models import (
    Contract,
    ContractAmendment,
    ContractStatus,
    FeeKind,
    NumberSequence,
    Program,
    ProgramStatus,
)
from zabota.programs.selectors import planned_monthly_cost
from zabota.recipients.models import Recipient, Representative

logger = logging.getLogger(__name__)


def next_number(institution_id: int, kind: str, year: int) -> int:
    """The next number of `kind` in the institution's year, under a row lock.

    The UPDATE … SET last = last + 1 takes the row's write lock (PostgreSQL) or the database's
    (SQLite) before the value is read back, so two saves at the same moment get two numbers.
    """
    sequence, _created = NumberSequence.objects.get_or_create(
        institution_id=institution_id,
        kind=kind,
        year=year,
        defaults={"last": _highest_used(institution_id, kind, year)},
    )
    NumberSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    return NumberSequence.objects.values_list("last", flat=True).get(pk=sequence.pk)


def _highest_used(institution_id: int, kind: str, year: int) -> int:
    if kind != "contract":
        return 0
    highest = Contract.objects.filter(institution_id=institution_id, year=year).aggregate(
        m=Max("sequence")
    )["m"]
    return highest or 0


def _resync_counter(institution_id: int, kind: str, year: int) -> None:
    NumberSequence.objects.filter(institution_id=institution_id, kind=kind, year=year).update(
        last=_highest_used(institution_id, kind, year)
    )


def _fee_for_program(recipient: Recipient, program: Program, on_date: datetime.date):
    cost = planned_monthly_cost(program, on_date)
    fee = fee_for(recipient, cost, on_date)
    if fee is None:
        raise ValidationError(
            "Условие оплаты не рассчитано: внесите доходы и рассчитайте среднедушевой доход "
            "на карточке получателя, затем заключайте договор."
        )
    return fee


def _check_contract_dates(
    *, concluded_on, valid_from, valid_until, program: Program, today
) -> None:
    errors: dict[str, list[str]] = {}
    if valid_until < valid_from:
        errors.setdefault("valid_until", []).append(
            "Срок действия заканчивается раньше, чем начинается."
        )
    if concluded_on > today:
        errors.setdefault("concluded_on", []).append("Дата заключения не может быть в будущем.")
    if valid_from < program.valid_from:
        errors.setdefault("valid_from", []).append(
            f"Договор не может действовать раньше ИППСУ (с {program.valid_from:%d.%m.%Y})."
        )
    if valid_until > program.valid_until:
        errors.setdefault("valid_until", []).append(
            f"Договор заключается не дольше срока ИППСУ (по {program.valid_until:%d.%m.%Y})."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_conclude(
    *,
    actor: Staff,
    program: Program,
    concluded_on: datetime.date,
    valid_from: datetime.date,
    valid_until: datetime.date,
    representative: Representative | None = None,
    draft: bool = False,
) -> Contract:
    """A contract on a program in force, numbered «<n>/<year>» per institution and year.

    The fee is computed at conclusion: the payment decision and the program's planned monthly
    cost at the tariffs in force on the date of conclusion (442-ФЗ ст. 32 via rules.payment).
    """
    recipient = Recipient.objects.select_for_update().get(pk=program.recipient_id)
    today = timezone.localdate()
    if not recipient.is_active:
        raise ValidationError("Получатель снят с обслуживания: договор не заключается.")
    if program.status != ProgramStatus.IN_FORCE or program.valid_until < today:
        raise ValidationError(
            {"program": "Договор заключается на действующую ИППСУ: сначала утвердите программу."}
        )
    _check_contract_dates(
        concluded_on=concluded_on,
        valid_from=valid_from,
        valid_until=valid_until,
        program=program,
        today=today,
    )
    if representative is not None and (
        representative.recipient_id != recipient.pk or not representative.is_active
    ):
        raise ValidationError(
            {"representative": "Представитель не относится к получателю или не действует."}
        )
    overlapping = (
        Contract.objects.filter(
            recipient=recipient,
            status__in=[ContractStatus.ACTIVE, ContractStatus.DRAFT],
            valid_from__lte=valid_until,
            valid_until__gte=valid_from,
        )
        .order_by("pk")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            f"У получателя уже есть договор № {overlapping.number} на этот срок: расторгните "
            "его или внесите изменения дополнительным соглашением."
        )
    fee = _fee_for_program(recipient, program, concluded_on)
    contract = Contract(
        institution_id=recipient.institution_id,
        recipient=recipient,
        program=program,
        year=concluded_on.year,
        concluded_on=concluded_on,
        representative=representative,
        valid_from=valid_from,
        valid_until=valid_until,
        fee_kind=fee.kind,
        monthly_fee=fee.amount,
        fee_explanation=fee.explanation(),
        status=ContractStatus.DRAFT if draft else ContractStatus.ACTIVE,
        created_by=actor,
    )
    _save_numbered(contract)
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=contract,
        changes={k: [None, v] for k, v in snapshot(contract).items() if v not in (None, "")},
    )
    logger.debug("contract %s concluded by staff %s", contract.pk, actor.pk)
    return contract


def _save_numbered(contract: Contract, attempts: int = 3) -> None:
    for attempt in range(attempts):
        contract.sequence = next_number(contract.institution_id, "contract", contract.year)
        contract.number = f"{contract.sequence}/{contract.year}"
        contract.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                contract.save()
            return
        except IntegrityError:
            # The counter fell behind (a contract typed in by other means): catch up and retry.
            if attempt == attempts - 1:
                raise
            _resync_counter(contract.institution_id, "contract", contract.year)
            contract.pk = None


@transaction.atomic
def contract_sign(
    *, actor: Staff, contract: Contract, expected_version: int, concluded_on: datetime.date
) -> Contract:
    """Проект договора → действует (signed by both parties on `concluded_on`)."""
    current = lock_for_update(Contract, contract.pk, expected_version)
    if current.status != ContractStatus.DRAFT:
        raise ValidationError("Подписать можно только проект договора.")
    if concluded_on > timezone.localdate():
        raise ValidationError({"concluded_on": "Дата заключения не может быть в будущем."})
    before = snapshot(current)
    current.status = ContractStatus.ACTIVE
    current.concluded_on = concluded_on
    current.version += 1
    current.save(update_fields=["status", "concluded_on", "version"])
    audit_event(
        kind=EventKind.UPDATE, actor=actor, obj=current, changes=diff(before, snapshot(current))
    )
    logger.debug("contract %s signed by staff %s", current.pk, actor.pk)
    return current


@transaction.atomic
def contract_amend(
    *,
    actor: Staff,
    contract: Contract,
    expected_version: int,
    concluded_on: datetime.date,
    description: str,
    new_program: Program | None = None,
    recompute_fee: bool = False,
    new_monthly_fee: Decimal | None = None,
    new_fee_kind: str = "",
    new_valid_until: datetime.date | None = None,
) -> ContractAmendment:
    """A дополнительное соглашение: a new program version, fee or term for a contract in force.

    `recompute_fee` takes the fee from the current payment decision and the planned cost of the
    (new) program at the tariffs in force on `concluded_on`. With a new program the contract
    moves to it; the agreement keeps the program, fee and cost it moved from and the services it
    changed (zabota.programs.agreements), and the old program stays as it was, «заменена».
    """
    current = lock_for_update(Contract, contract.pk, expected_version)
    today = timezone.localdate()
    if current.status != ContractStatus.ACTIVE or current.valid_until < today:
        raise ValidationError("Дополнительное соглашение заключается к действующему договору.")
    errors: dict[str, list[str]] = {}
    if concluded_on > today:
        errors.setdefault("concluded_on", []).append("Дата не может быть в будущем.")
    if concluded_on < current.concluded_on:
        errors.setdefault("concluded_on", []).append(
            f"Соглашение не может быть раньше договора ({current.concluded_on:%d.%m.%Y})."
        )
    if new_program is not None:
        # The program as it is now, not as the caller's object remembers it.
        new_program = Program.objects.get(pk=new_program.pk)
    program = new_program or current.program
    if new_program is not None and (
        new_program.recipient_id != current.recipient_id
        or new_program.status != ProgramStatus.IN_FORCE
    ):
        errors.setdefault("new_program", []).append("Выберите действующую ИППСУ получателя.")
    if new_valid_until is not None:
        if new_valid_until < current.valid_from:
            errors.setdefault("new_valid_until", []).append(
                "Новый срок заканчивается раньше начала договора."
            )
        if new_valid_until > program.valid_until:
            errors.setdefault("new_valid_until", []).append(
                f"Не дольше срока ИППСУ (по {program.valid_until:%d.%m.%Y})."
            )
    if (
        new_program is not None
        and (new_valid_until or current.valid_until) < new_program.valid_from
    ):
        errors.setdefault("new_valid_until", []).append(
            f"Договор закончится раньше, чем начнёт действовать новая ИППСУ (с "
            f"{new_program.valid_from:%d.%m.%Y}): продлите срок договора."
        )
    if new_monthly_fee is not None and new_monthly_fee < 0:
        errors.setdefault("new_monthly_fee", []).append("Плата не может быть отрицательной.")
    if new_fee_kind and new_fee_kind not in FeeKind.values:
        errors.setdefault("new_fee_kind", []).append("Неизвестное условие оплаты.")
    if errors:
        raise ValidationError(errors)
    explanation = None
    if recompute_fee:
        fee = _fee_for_program(current.recipient, program, concluded_on)
        new_monthly_fee, new_fee_kind = fee.amount, fee.kind
        explanation = fee.explanation()
    if not description.strip():
        raise ValidationError({"description": "Опишите, что изменяется."})
    number = (current.amendments.aggregate(m=Max("number"))["m"] or 0) + 1
    amendment = ContractAmendment(
        contract=current,
        number=number,
        concluded_on=concluded_on,
        description=description.strip(),
        new_program=new_program,
        new_fee_kind=new_fee_kind or "",
        new_monthly_fee=new_monthly_fee,
        new_valid_until=new_valid_until,
        old_program=current.program,
        old_fee_kind=current.fee_kind,
        old_monthly_fee=current.monthly_fee,
        created_by=actor,
    )
    if new_program is not None:
        changes = program_changes(current.program, new_program, concluded_on)
        amendment.service_changes = changes_as_json(changes)
        amendment.cost_before, amendment.cost_after = changes.cost_before, changes.cost_after
    amendment.full_clean()
    amendment.save()
    before = snapshot(current)
    if new_program is not None:
        current.program = new_program
    if new_monthly_fee is not None:
        current.monthly_fee = new_monthly_fee
    if new_fee_kind:
        current.fee_kind = new_fee_kind
    if new_valid_until is not None:
        current.valid_until = new_valid_until
    if explanation is not None:
        # The contract page shows how the fee in force was computed, not the superseded one.
        current.fee_explanation = explanation
    current.version += 1
    current.save()
    changes = diff(before, snapshot(current))
    if amendment.service_changes:
        changes["services"] = [None, amendment.service_changes]
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        changes=changes,
        details=f"{amendment}: {amendment.description}",
    )
    logger.debug("contract %s amended by staff %s", current.pk, actor.pk)
    return amendment


@transaction.atomic
def contract_terminate(
    *,
    actor: Staff,
    contract: Contract,
    expected_version: int,
    terminated_on: datetime.date,
    reason: str,
) -> Contract:
    """Расторжение: from `terminated_on` on the contract no longer covers services."""
    current = lock_for_update(Contract, contract.pk, expected_version)
    if current.status not in (ContractStatus.ACTIVE, ContractStatus.DRAFT):
        raise ValidationError("Договор уже расторгнут или истёк.")
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину расторжения."})
    if terminated_on < current.concluded_on:
        raise ValidationError(
            {
                "terminated_on": "Дата расторжения раньше даты заключения "
                f"({current.concluded_on:%d.%m.%Y})."
            }
        )
    before = snapshot(current)
    current.status = ContractStatus.TERMINATED
    current.terminated_on = terminated_on
    current.termination_reason = reason.strip()
    current.version += 1
    current.save(update_fields=["status", "terminated_on", "termination_reason", "version"])
    audit_event(
        kind=EventKind.UPDATE, actor=actor, obj=current, changes=diff(before, snapshot(current))
    )
    logger.debug("contract %s terminated by staff %s", current.pk, actor.pk)
    return current
