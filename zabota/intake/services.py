"""Writes of the guided intake. The steps only keep a draft; `intake_complete` does, in one
transaction, what the separate pages do one by one — the card, the consent, the incomes and the
decision on payment, the ИППСУ and its approval, the contract, the documents — through the
very services those pages call. `intake_rehearse` does the same and rolls it back, to show the
documents before anything is final."""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import BaseFormSet

from zabota.audit.locking import lock_for_update
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.documents.docx_html import StyleSheet, convert, page_html
from zabota.documents.services import (
    PREVIEW_NUMBER,
    PreparedDocument,
    document_prepare,
    document_render,
    document_store,
)
from zabota.intake.drafts import rebound
from zabota.intake.models import Intake, IntakeStatus, Step
from zabota.intake.proposals import decision_from, free_category
from zabota.ltc.selectors import current_care_plan
from zabota.organisation.models import Staff
from zabota.payments import services as payments
from zabota.payments.models import FamilyMember
from zabota.programs import services as programs
from zabota.programs.models import Contract, Program
from zabota.recipients import services as recipients
from zabota.recipients.models import Recipient, RecipientStatus, Representative
from zabota.rules.payment import income_period

logger = logging.getLogger(__name__)

BASIS = "Заявление о предоставлении социального обслуживания от {:%d.%m.%Y}"
CONSENT_TEXT_VERSION = "1"
# The intake's documents in the order they are signed; a kind the person has no data for
# (a care plan before any assessment) is left out, not refused.
DOCUMENT_KINDS = ("application", "consent", "program", "contract", "care_plan")
OPTIONAL_KINDS = {"care_plan"}


@transaction.atomic
def intake_start(*, actor: Staff, recipient: Recipient | None = None) -> Intake:
    """A new draft; with `recipient`, the re-enrolment of a discharged person."""
    if recipient is not None and recipient.status != RecipientStatus.DISCHARGED:
        raise ValidationError(f"{recipient.full_name} уже на обслуживании.")
    intake = Intake(
        institution_id=actor.institution_id,
        created_by=actor,
        department=recipient.department if recipient else actor.department,
        recipient=recipient,
        full_name=recipient.full_name if recipient else "",
        snils=recipient.snils if recipient else "",
    )
    intake.full_clean()
    intake.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=intake,
        recipient_id=recipient.pk if recipient else None,
        details="начато оформление на обслуживание"
        + (f" (повторно: {recipient.full_name})" if recipient else ""),
    )
    return intake


@transaction.atomic
def intake_save_step(
    *,
    actor: Staff,
    intake: Intake,
    expected_version: int,
    step: str,
    raw: dict | None = None,
    kept: dict | None = None,
    next_step: str,
    person: dict | None = None,
) -> Intake:
    """Keep what a step's page sent (`raw`, plus `kept`: values read from it) and move on.

    `person`: the name, СНИЛС and department the person step found, shown in the list of
    unfinished intakes and compared with the other drafts."""
    current = lock_for_update(Intake, intake.pk, expected_version)
    if current.status != IntakeStatus.DRAFT:
        raise ValidationError("Оформление уже завершено или отменено.")
    data = dict(current.data)
    data[step] = {"raw": raw or {}, **(kept or {})}
    current.data = data
    current.step = next_step
    if person is not None:
        current.full_name = person["full_name"][:300]
        current.snils = person["snils"]
        current.department_id = person["department_id"]
    current.version += 1
    current.full_clean()
    current.save()
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        recipient_id=current.recipient_id,
        changes={"step": [intake.step, next_step], "version": [expected_version, current.version]},
        details=f"оформление: шаг «{Step(step).label}» сохранён",
    )
    return current


@transaction.atomic
def intake_take_card(
    *, actor: Staff, intake: Intake, expected_version: int, recipient: Recipient
) -> Intake:
    """The person turned out to be a discharged recipient: the draft becomes their
    re-enrolment, and the person step starts again from their card."""
    current = lock_for_update(Intake, intake.pk, expected_version)
    if current.status != IntakeStatus.DRAFT:
        raise ValidationError("Оформление уже завершено или отменено.")
    if recipient.status != RecipientStatus.DISCHARGED:
        raise ValidationError(f"{recipient.full_name} уже на обслуживании.")
    data = dict(current.data)
    data.pop(Step.PERSON, None)
    current.data = data
    current.recipient = recipient
    current.full_name = recipient.full_name
    current.snils = recipient.snils
    current.department = recipient.department
    current.step = Step.PERSON
    current.version += 1
    current.save()
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        recipient_id=recipient.pk,
        changes={"recipient": [None, recipient.pk]},
        details=f"оформление: повторная постановка {recipient.full_name}",
    )
    return current


@transaction.atomic
def intake_cancel(*, actor: Staff, intake: Intake, expected_version: int) -> Intake:
    current = lock_for_update(Intake, intake.pk, expected_version)
    if current.status != IntakeStatus.DRAFT:
        raise ValidationError("Оформление уже завершено или отменено.")
    current.status = IntakeStatus.CANCELLED
    current.data = {}  # nothing of a cancelled draft is kept (152-ФЗ ст. 5 ч. 7)
    current.version += 1
    current.save(update_fields=["status", "data", "version", "updated_at"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        recipient_id=current.recipient_id,
        changes={"status": [IntakeStatus.DRAFT, IntakeStatus.CANCELLED]},
        details="оформление отменено",
    )
    return current


@dataclass
class Outcome:
    recipient: Recipient
    program: Program
    contract: Contract
    prepared: list[PreparedDocument] = field(default_factory=list)


def _checked(intake: Intake, actor: Staff, step: str):
    """The step's form bound to what was kept and checked again; the step's name leads every
    message, so the head knows which page to go back to."""
    form = rebound(intake, actor, step)
    label = Step(step).label
    if form is None:
        raise ValidationError(f"Шаг «{label}» не заполнен.")
    if not form.is_valid():
        if isinstance(form, BaseFormSet):
            errors = list(form.non_form_errors()) + [
                str(e) for f in form.forms for errs in f.errors.values() for e in errs
            ]
        else:
            errors = [str(e) for errs in form.errors.values() for e in errs]
        raise ValidationError([f"Шаг «{label}»: {error}" for error in dict.fromkeys(errors)])
    return form


def payment_missing(intake: Intake, on_date: datetime.date) -> str:
    """Why a contract cannot be concluded yet, or "": no decision on payment from the figures
    of the household step, and no free category ticked on the person step."""
    person = intake.step_data(Step.PERSON).get("raw") or {}
    if free_category(person.get("benefit_categories") or []):
        return ""
    household = intake.step_data(Step.HOUSEHOLD)
    if decision_from(intake.institution, household.get("clean") or {}, on_date) is not None:
        return ""
    return (
        "Договор без условия оплаты не заключается: заполните шаг «Семья и доходы» (доход "
        "получателя) или отметьте льготную категорию на шаге «Получатель»."
    )


def _person(actor: Staff, intake: Intake, application_date: datetime.date) -> Recipient:
    form = _checked(intake, actor, Step.PERSON)
    data = dict(form.cleaned_data)
    for name in ("intake_version", "not_duplicate"):
        data.pop(name, None)
    categories = list(data.pop("benefit_categories"))
    basis = BASIS.format(application_date)
    if intake.recipient is None:
        try:
            with transaction.atomic():
                return recipients.recipient_register(
                    actor=actor,
                    enrolled_on=application_date,
                    basis=basis,
                    benefit_categories=categories,
                    **data,
                )
        except IntegrityError:
            # The same СНИЛС saved by someone else a moment ago (the unique constraint).
            raise ValidationError(
                "Получатель с таким СНИЛС уже поставлен на обслуживание: оформление не "
                "завершено, ничего не записано."
            ) from None
    card_version = data.pop("version")
    department = data["department"]
    recipient = recipients.recipient_update(
        actor=actor,
        recipient=intake.recipient,
        expected_version=card_version,
        benefit_categories=categories,
        **data,
    )
    recipients.recipient_enrol(
        actor=actor,
        recipient=recipient,
        expected_version=recipient.version,
        enrolled_on=application_date,
        department=department,
        basis=basis,
    )
    recipient.refresh_from_db()
    return recipient


def _representative(actor: Staff, recipient: Recipient, data: dict) -> Representative | None:
    if not data.get("by_representative"):
        return None
    representative = Representative(
        recipient=recipient,
        kind=data["rep_kind"],
        last_name=data["rep_last_name"],
        first_name=data["rep_first_name"],
        middle_name=data.get("rep_middle_name", ""),
        basis=data["rep_basis"],
        phone=data.get("rep_phone", ""),
    )
    representative.full_clean()
    return recipients.representative_save(actor=actor, representative=representative)


def _incomes(actor: Staff, recipient: Recipient, household, application_date) -> None:
    start, end = income_period(application_date)
    data = household.cleaned_data
    payments.income_record(
        actor=actor,
        recipient=recipient,
        family_member=None,
        month_from=start,
        month_to=end,
        kind=data["income_kind"],
        amount=data["income"],
    )
    if data.get("member_last_name"):
        member = FamilyMember(
            recipient=recipient,
            last_name=data["member_last_name"],
            first_name=data["member_first_name"],
            middle_name=data.get("member_middle_name", ""),
            relation=data["member_relation"],
        )
        member.full_clean()
        payments.family_member_save(actor=actor, member=member)
        payments.income_record(
            actor=actor,
            recipient=recipient,
            family_member=member,
            month_from=start,
            month_to=end,
            kind="доход",
            amount=data["member_income"],
        )
    payments.payment_decision_compute(
        actor=actor, recipient=recipient, application_date=application_date, group=data["group"]
    )


def _carry_out(actor: Staff, intake: Intake) -> Outcome:
    """Everything the intake stands for, through the services of the separate pages."""
    application = _checked(intake, actor, Step.APPLICATION).cleaned_data
    applied_on = application["application_date"]
    recipient = _person(actor, intake, applied_on)
    representative = _representative(actor, recipient, application)
    recipients.consent_record(
        actor=actor,
        recipient=recipient,
        given_on=applied_on,
        text_version=CONSENT_TEXT_VERSION,
        signed_by_representative=representative is not None,
    )
    household = rebound(intake, actor, Step.HOUSEHOLD)
    if household is not None:
        household = _checked(intake, actor, Step.HOUSEHOLD)
        _incomes(actor, recipient, household, applied_on)
    lines = _checked(intake, actor, Step.PROGRAM).lines()
    contract_data = _checked(intake, actor, Step.CONTRACT).cleaned_data
    term = intake.step_data(Step.PROGRAM)
    program = programs.program_draft(
        actor=actor,
        recipient=recipient,
        number=programs.suggest_program_number(recipient, applied_on.year),
        drawn_up_on=contract_data["concluded_on"],
        valid_from=datetime.date.fromisoformat(term["valid_from"]),
        valid_until=datetime.date.fromisoformat(term["valid_until"]),
        services=lines,
        is_repeat=intake.recipient is not None,
    )
    program = programs.program_approve(
        actor=actor, program=program, expected_version=program.version
    )
    contract = programs.contract_conclude(
        actor=actor,
        program=program,
        concluded_on=contract_data["concluded_on"],
        valid_from=contract_data["valid_from"],
        valid_until=contract_data["valid_until"],
        representative=representative,
    )
    outcome = Outcome(recipient, program, contract)
    # The supplement to the ИППСУ: the care plan in force, when the person has one (a
    # re-enrolment after an assessment); a new person has none and the kind is left out.
    related = {"program": program, "contract": contract, "care_plan": current_care_plan(recipient)}
    params = {"application": {"date": applied_on.isoformat()}}
    for kind in DOCUMENT_KINDS:
        if kind in OPTIONAL_KINDS and related.get(kind) is None:
            continue
        try:
            with transaction.atomic():
                prepared = document_prepare(
                    actor=actor,
                    kind=kind,
                    recipient=recipient,
                    related=related.get(kind),
                    params=params.get(kind),
                )
        except ValidationError:
            if kind in OPTIONAL_KINDS:
                continue
            raise
        outcome.prepared.append(prepared)
    return outcome


@dataclass(frozen=True)
class Preview:
    title: str
    html: str


class _Rehearsal(Exception):
    def __init__(self, previews: list[Preview]):
        self.previews = previews


def intake_rehearse(*, actor: Staff, intake: Intake) -> list[Preview]:
    """The intake's documents as they will be issued, without a number and without anything
    saved: the whole completion runs and is rolled back. A step that would stop the
    completion raises its ValidationError here already."""
    try:
        with transaction.atomic():
            outcome = _carry_out(actor, intake)
            sheet = StyleSheet()
            previews = []
            for prepared in outcome.prepared:
                prepared.context["document"]["number"] = PREVIEW_NUMBER
                part = convert(document_render(prepared), sheet)
                previews.append(Preview(prepared.kind.title, page_html([part], sheet)))
            raise _Rehearsal(previews)
    except _Rehearsal as rehearsal:
        return rehearsal.previews


@transaction.atomic
def intake_complete(*, actor: Staff, intake: Intake, expected_version: int) -> Intake:
    """The last step: the person taken on, the ИППСУ approved, the contract concluded and the
    documents issued, each an archive entry of its own — or nothing at all.

    The draft's row is locked first: a second press of the button waits, then finds the
    version moved on and does nothing. Two drafts of one person: the second finds the card
    taken (the СНИЛС, or the discharged card's version) and is refused."""
    current = lock_for_update(Intake, intake.pk, expected_version)
    if current.status != IntakeStatus.DRAFT:
        raise ValidationError("Оформление уже завершено или отменено.")
    outcome = _carry_out(actor, current)
    documents = [document_store(p, document_render(p)) for p in outcome.prepared]
    current.status = IntakeStatus.DONE
    current.step = Step.DOCUMENTS
    # The card, the contract and the archive hold it all now: the draft's copy of the
    # passport and incomes goes (152-ФЗ ст. 5 ч. 7, no longer than the purpose needs).
    current.data = {}
    current.recipient = outcome.recipient
    current.result = {
        "program": outcome.program.pk,
        "contract": outcome.contract.pk,
        "documents": [d.pk for d in documents],
    }
    current.version += 1
    current.save()
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        recipient_id=outcome.recipient.pk,
        changes={"status": [IntakeStatus.DRAFT, IntakeStatus.DONE]},
        details=(
            f"оформление завершено: договор № {outcome.contract.number}, "
            f"документов {len(documents)}"
        ),
    )
    logger.debug("intake %s completed by staff %s", current.pk, actor.pk)
    return current
