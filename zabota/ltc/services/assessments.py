"""The interview: a draft saved answer by answer, then scored into a level of need."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.core.text import normalise_line_ends, refusal_message
from zabota.ltc.models import Assessment, AssessmentStatus, Methodology
from zabota.ltc.selectors import latest_submitted, methodology_in_force
from zabota.ltc.services.methodologies import ensure_shipped_methodologies
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient
from zabota.rules import ltc as rules

logger = logging.getLogger(__name__)

# The expert's reasons for the level: a paragraph or a page, not a book.
JUSTIFICATION_MAX_LENGTH = 5000

NO_METHODOLOGY = (
    "Нет методики оценки, действующей на сегодня. Администратор должен ввести методику "
    "в действие в разделе «Методики оценки»."
)


@transaction.atomic
def assessment_start(*, actor: Staff, recipient: Recipient) -> Assessment:
    """The recipient's open draft, or a new one with the methodology in force today."""
    # The recipient's row is locked so that two people starting at once share one draft.
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    if not recipient.is_active:
        raise ValidationError("Получатель снят с обслуживания: оценка нуждаемости не проводится.")
    draft = (
        Assessment.objects.select_for_update()
        .filter(recipient=recipient, status=AssessmentStatus.DRAFT)
        .order_by("-pk")
        .first()
    )
    if draft is not None:
        return draft
    today = timezone.localdate()
    if not Methodology.objects.filter(institution_id=recipient.institution_id).exists():
        # First use in an institution: the shipped methodologies come in, Barthel in force.
        ensure_shipped_methodologies(institution=recipient.institution, actor=actor)
    methodology = methodology_in_force(recipient.institution_id, today)
    if methodology is None:
        raise ValidationError(NO_METHODOLOGY)
    assessment = Assessment(recipient=recipient, methodology=methodology, assessor=actor)
    assessment.full_clean()
    assessment.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=assessment,
        details=f"начата оценка нуждаемости по методике {methodology}",
    )
    logger.debug("assessment %s started by staff %s", assessment.pk, actor.pk)
    return assessment


def _option_text(methodology: rules.Methodology, question: str, code: str | None) -> str | None:
    option = methodology.question(question).option(code) if code is not None else None
    return option.text if option is not None else code


def _check_answers(methodology: rules.Methodology, answers: dict[str, str]) -> None:
    for question_code, option_code in answers.items():
        question = methodology.question(question_code)
        if question is None:
            raise ValidationError(f"В методике нет вопроса «{question_code}».")
        if question.option(option_code) is None:
            raise ValidationError(f"Вопрос «{question.text}»: выберите один из вариантов ответа.")


def _locked_draft(assessment: Assessment) -> Assessment:
    current = (
        Assessment.objects.select_for_update().select_related("methodology").get(pk=assessment.pk)
    )
    if current.status != AssessmentStatus.DRAFT:
        raise ValidationError("Оценка уже завершена: изменить её нельзя, проведите новую оценку.")
    return current


@transaction.atomic
def assessment_save_draft(
    *, actor: Staff, assessment: Assessment, answers: dict[str, str]
) -> Assessment:
    """Store answers ({question: option}) in the draft; the others stay as they were.

    An answer that hides a later question (its "show_if" no longer holds) drops the answer
    given to it: the form asks only what the answers so far call for.
    """
    current = _locked_draft(assessment)
    methodology = current.methodology.rules
    _check_answers(methodology, answers)
    merged = rules.kept_answers(methodology, {**current.answers, **answers})
    # The journal keeps the question and the answers as the interview showed them: the codes
    # mean nothing to a reader, and a later methodology may reuse them.
    changed = {
        methodology.question(code).text: [
            _option_text(methodology, code, current.answers.get(code)),
            _option_text(methodology, code, merged.get(code)),
        ]
        for code in {**current.answers, **merged}
        if current.answers.get(code) != merged.get(code) and methodology.question(code)
    }
    if merged != current.answers:
        current.answers = merged
        current.save(update_fields=["answers", "updated_at"])
        audit_event(kind=EventKind.UPDATE, actor=actor, obj=current, changes=changed)
    return current


def _clean_justification(justification: str) -> str:
    """The expert's reasons: required, plain text of a sensible length."""
    justification = normalise_line_ends(justification or "").strip()
    if not justification:
        raise ValidationError(
            {"justification": "Обоснуйте уровень: по этой методике его устанавливает эксперт."}
        )
    if len(justification) > JUSTIFICATION_MAX_LENGTH:
        raise ValidationError(
            {
                "justification": f"Обоснование длиннее {JUSTIFICATION_MAX_LENGTH} знаков: "
                "сократите его."
            }
        )
    if message := refusal_message("Обоснование", justification, multiline=True):
        raise ValidationError({"justification": message})
    return justification


def _result(
    methodology: rules.Methodology, answers: dict[str, str], outcome: str | None, why: str
) -> tuple[rules.Assessment, str]:
    """The scored result and the justification kept with it (empty for a points methodology)."""
    if not methodology.is_expert:
        if outcome:
            raise ValidationError("По этой методике уровень определяет сумма баллов, а не эксперт.")
        try:
            return rules.score(methodology, answers), ""
        except ValueError as error:
            raise ValidationError(f"Оценку нельзя завершить: {error}.") from None
    if not outcome:
        kind = "группу ухода" if methodology.outcome_kind == rules.GROUP else "уровень нуждаемости"
        raise ValidationError({"outcome": f"Выберите {kind}: по этой методике его ставит эксперт."})
    if methodology.outcome(outcome) is None:
        raise ValidationError({"outcome": "Выберите один из исходов методики."})
    why = _clean_justification(why)
    try:
        return rules.expert_result(methodology, answers, outcome), why
    except ValueError as error:
        raise ValidationError(f"Оценку нельзя завершить: {error}.") from None


@transaction.atomic
def assessment_submit(
    *,
    actor: Staff,
    assessment: Assessment,
    assessed_on: datetime.date | None = None,
    outcome: str | None = None,
    justification: str = "",
) -> Assessment:
    """Score the answers, assign the level with its explanation and the next assessment date.

    By a points methodology the total gives the level; by an expert one the expert's `outcome`
    (a code of the methodology's outcomes) with a required `justification`. The next date is
    the assessment date plus the outcome's reassess_months, else the version's (the region's
    act); a head may bring it forward later (reassessment_bring_forward). The row is locked:
    a second submission finds it submitted and is refused.
    """
    current = _locked_draft(assessment)
    today = timezone.localdate()
    assessed_on = assessed_on or today
    if assessed_on > today:
        raise ValidationError({"assessed_on": "Дата оценки не может быть в будущем."})
    methodology = current.methodology.rules
    result, justification = _result(methodology, current.answers, outcome, justification)
    explanation = []
    for question_code, option_code, points in result.points:
        question = methodology.question(question_code)
        option = question.option(option_code)
        explanation.append(
            {
                "question": question_code,
                "question_text": question.text,
                "option": option_code,
                "option_text": option.text,
                "points": None if points is None else str(points),
            }
        )
    current.status = AssessmentStatus.SUBMITTED
    current.total = result.total
    current.outcome_code = result.outcome
    current.outcome_title = result.title
    current.outcome_value = result.value
    current.outcome_by_expert = result.by_expert
    current.expert_justification = justification
    current.hours_per_week = result.hours_per_week
    current.reassess_months = result.reassess_months
    current.points = explanation
    current.assessed_on = assessed_on
    current.assessor = actor
    current.next_assessment_on = rules.reassessment_date(assessed_on, result.reassess_months)
    current.next_reason = ""
    current.submitted_at = timezone.now()
    current.full_clean()
    current.save()
    total = "нет" if result.total is None else str(result.total)
    by = f"установлен экспертом: {justification}" if result.by_expert else f"сумма баллов {total}"
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        changes={
            "status": [AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED],
            "total": [None, None if result.total is None else str(result.total)],
            "outcome_title": [None, result.title],
            "outcome_by_expert": [False, result.by_expert],
            "next_assessment_on": [None, current.next_assessment_on.isoformat()],
        },
        details=f"оценка завершена: {result.title}, {by}"[:1000],
    )
    logger.debug("assessment %s submitted by staff %s", current.pk, actor.pk)
    return current


@transaction.atomic
def reassessment_bring_forward(
    *, actor: Staff, assessment: Assessment, date: datetime.date, reason: str
) -> Assessment:
    """An earlier reassessment, because the recipient's state changed; the reason is kept."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.status != AssessmentStatus.SUBMITTED:
        raise ValidationError("Срок повторной оценки есть только у завершённой оценки.")
    latest = latest_submitted(current.recipient_id)
    if latest is None or latest.pk != current.pk:
        raise ValidationError(
            "Это не последняя оценка получателя: срок задаёт последняя завершённая оценка."
        )
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "Укажите причину: что изменилось в состоянии получателя."
    if date is None:
        errors["date"] = "Укажите новую дату повторной оценки."
    elif date < timezone.localdate():
        errors["date"] = "Новая дата не может быть в прошлом."
    elif date >= current.next_assessment_on:
        errors["date"] = (
            f"Новая дата должна быть раньше назначенной ({current.next_assessment_on:%d.%m.%Y})."
        )
    if errors:
        raise ValidationError(errors)
    before = current.next_assessment_on
    current.next_assessment_on = date
    current.next_reason = reason
    current.save(update_fields=["next_assessment_on", "next_reason", "updated_at"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        changes={
            "next_assessment_on": [before.isoformat(), date.isoformat()],
            "next_reason": ["", reason],
        },
        details=f"повторная оценка перенесена на {date:%d.%m.%Y}: {reason}",
    )
    logger.debug("reassessment of %s brought forward by staff %s", current.pk, actor.pk)
    return current
