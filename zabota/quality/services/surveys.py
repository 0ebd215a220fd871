"""Satisfaction surveys: taking one (or recording a refusal) and proposing the quarter's sample."""

import datetime
import logging
import uuid as uuid_module
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.organisation.models import Institution, Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.quality.models import (
    SampleState,
    Survey,
    SurveyChannel,
    SurveySample,
    SurveyStatus,
)
from zabota.quality.services.forms_data import questionnaire_in_use
from zabota.recipients.models import Recipient, RecipientStatus
from zabota.rules import quality as rules

logger = logging.getLogger(__name__)


class SurveyAlreadyRecorded(Exception):
    """The form of this survey was sent before: the survey it made is returned instead."""

    def __init__(self, survey: Survey):
        self.survey = survey
        super().__init__(f"survey {survey.pk} already recorded")


def _sent_before(form_uuid: uuid_module.UUID, actor: Staff) -> Survey | None:
    survey = Survey.objects.filter(form_uuid=form_uuid).first()
    if survey is not None and survey.taken_by_id != actor.pk:
        raise ValidationError("Анкета с таким идентификатором уже сохранена другим сотрудником.")
    return survey


def check_day(day: datetime.date, *, today: datetime.date, recipient: Recipient, what: str):
    """A day of a survey or an inspection: not in the future, not before the recipient was
    first enrolled (nobody served them then)."""
    if day > today:
        raise ValidationError({what: "Дата не может быть позже сегодняшнего дня."})
    first = recipient.enrolments.order_by("enrolled_on").values_list("enrolled_on", flat=True)
    first = first.first()
    if first is not None and day < first:
        raise ValidationError(
            {what: f"Получатель поставлен на обслуживание {first:%d.%m.%Y}: дата раньше этого."}
        )


@transaction.atomic
def survey_record(
    *,
    actor: Staff,
    recipient: Recipient,
    form_uuid: uuid_module.UUID,
    taken_on: datetime.date,
    channel: str,
    refused: bool,
    answers: dict[str, int],
    anonymous: bool,
    note: str,
    today: datetime.date,
) -> Survey:
    """One survey of a recipient (or their refusal), about the workers serving them now.

    Anonymous at the recipient's request: the survey keeps no link to them, and the journal
    entry names none; the quarter's sample only learns that they were asked."""
    earlier = _sent_before(form_uuid, actor)
    if earlier is not None:
        raise SurveyAlreadyRecorded(earlier)
    if channel not in SurveyChannel.values:
        raise ValidationError({"channel": "Укажите, как проведён опрос."})
    check_day(taken_on, today=today, recipient=recipient, what="taken_on")
    questionnaire = questionnaire_in_use(actor.institution_id)
    values = {g.value for g in questionnaire.grades}
    if refused:
        if anonymous:
            raise ValidationError(
                {"anonymous": "Отказ от опроса записывается без анонимности: снимите отметку."}
            )
        answers = {}
    else:
        missing = [
            f"№ {n}"
            for n, q in enumerate(questionnaire.questions, start=1)
            if answers.get(q["code"]) not in values
        ]
        if missing:
            raise ValidationError(f"Нет ответа на вопросы {', '.join(missing)}.")
        answers = {q["code"]: answers[q["code"]] for q in questionnaire.questions}
    counted = rules.tally(answers.values(), questionnaire.satisfied_from)
    survey = Survey(
        form_uuid=form_uuid,
        institution_id=recipient.institution_id,
        department_id=recipient.department_id,
        questionnaire=questionnaire,
        recipient=None if anonymous else recipient,
        anonymous=anonymous,
        taken_on=taken_on,
        channel=channel,
        status=SurveyStatus.REFUSED if refused else SurveyStatus.ANSWERED,
        answers=answers,
        answer_count=counted.answers,
        satisfied_count=counted.satisfied,
        grade_total=counted.total,
        note=note.strip(),
        taken_by=actor,
    )
    survey.full_clean(exclude=["workers"])
    try:
        # A savepoint: the same form sent twice at once fails here and gets the first survey.
        with transaction.atomic():
            survey.save()
    except IntegrityError:
        earlier = _sent_before(form_uuid, actor)
        if earlier is None:
            raise
        raise SurveyAlreadyRecorded(earlier) from None
    workers = [w for w in (recipient.social_worker_id, recipient.caregiver_id) if w]
    survey.workers.set(sorted(set(workers)))
    SurveySample.objects.filter(quarter=rules.quarter_start(taken_on), recipient=recipient).update(
        state=SampleState.REFUSED if refused else SampleState.ANSWERED
    )
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=survey,
        recipient_id=None if anonymous else recipient.pk,
        details="отказ от опроса"
        if refused
        else f"анкета{' (анонимно)' if anonymous else ''}: ответов {counted.answers}, "
        f"удовлетворён — {counted.satisfied}",
    )
    logger.debug("survey %s recorded by staff %s", survey.pk, actor.pk)
    return survey


def sample_settings() -> tuple[int, int]:
    return settings.ZABOTA_SURVEY_SAMPLE_PERCENT, settings.ZABOTA_SURVEY_SAMPLE_MIN


@transaction.atomic
def survey_sample_build(
    *, actor: Staff | None, institution: Institution, quarter: datetime.date
) -> int:
    """The quarter's proposed sample for every field worker who has none yet (a worker's sample,
    once made, is kept: the head works through it). Returns the number of people proposed."""
    quarter = rules.quarter_start(quarter)
    percent, minimum = sample_settings()
    workers = list(
        Staff.objects.filter(
            institution=institution, role__in=FIELD_ROLES, user__is_active=True
        ).values_list("pk", flat=True)
    )
    done = set(
        SurveySample.objects.filter(institution=institution, quarter=quarter).values_list(
            "worker_id", flat=True
        )
    )
    served: dict[int, list[int]] = defaultdict(list)
    for pk, social, care in Recipient.objects.filter(
        institution=institution, status=RecipientStatus.ACTIVE
    ).values_list("pk", "social_worker_id", "caregiver_id"):
        for worker in {social, care} - {None}:
            served[worker].append(pk)
    previous = rules.previous_quarter(quarter)
    asked = set(
        SurveySample.objects.filter(institution=institution, quarter=previous)
        .exclude(state=SampleState.PLANNED)
        .values_list("recipient_id", flat=True)
    ) | set(
        Survey.objects.filter(
            institution=institution,
            taken_on__range=(previous, quarter - datetime.timedelta(days=1)),
            recipient__isnull=False,
        ).values_list("recipient_id", flat=True)
    )
    rows = []
    for worker in workers:
        if worker in done or not served[worker]:
            continue
        size = rules.sample_size(len(served[worker]), percent, minimum)
        chosen = rules.choose_sample(
            served[worker], size, seed=f"{quarter.isoformat()}:{worker}", avoid=asked
        )
        rows += [
            SurveySample(institution=institution, quarter=quarter, worker_id=worker, recipient_id=r)
            for r in chosen
        ]
    SurveySample.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        audit_event(
            kind=EventKind.CREATE,
            actor=actor,
            institution=institution,
            username="" if actor else "survey_sample",
            object_type="quality.surveysample",
            object_repr=f"выборка на {rules.quarter_label(quarter)}",
            details=f"предложено получателей: {len(rows)}, "
            f"сотрудников: {len({r.worker_id for r in rows})}",
        )
        logger.info(
            "survey sample of institution %s for %s: %d people",
            institution.pk,
            quarter.isoformat(),
            len(rows),
        )
    return len(rows)
