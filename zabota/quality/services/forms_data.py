"""Questionnaires and checklists as data: the default ones, and a centre's own versions."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.organisation.models import Institution, Staff
from zabota.quality import defaults
from zabota.quality.models import Checklist, Questionnaire
from zabota.rules import quality as rules

logger = logging.getLogger(__name__)


def _coded(lines: list[str], prefix: str) -> list[dict]:
    return [{"code": f"{prefix}{n}", "text": text} for n, text in enumerate(lines, start=1)]


def questionnaire_in_use(institution: Institution | int) -> Questionnaire:
    """The questionnaire in use; the default one is made the first time it is asked for."""
    institution_id = getattr(institution, "pk", institution)
    found = (
        Questionnaire.objects.filter(institution_id=institution_id, is_active=True)
        .order_by("-version")
        .first()
    )
    if found is not None:
        return found
    return _first_version(
        Questionnaire,
        institution_id,
        title=defaults.QUESTIONNAIRE_TITLE,
        questions=_coded(defaults.QUESTIONS, "q"),
        scale=[{"value": v, "label": label} for v, label in defaults.SCALE],
        satisfied_from=defaults.SATISFIED_FROM,
    )


def checklist_in_use(institution: Institution | int) -> Checklist:
    institution_id = getattr(institution, "pk", institution)
    found = (
        Checklist.objects.filter(institution_id=institution_id, is_active=True)
        .order_by("-version")
        .first()
    )
    if found is not None:
        return found
    return _first_version(
        Checklist,
        institution_id,
        title=defaults.CHECKLIST_TITLE,
        items=_coded(defaults.CHECKLIST, "i"),
    )


def _first_version(model, institution_id: int, **fields):
    # Two first requests at once: the second finds the row the first made.
    try:
        with transaction.atomic():
            return model.objects.create(institution_id=institution_id, version=1, **fields)
    except IntegrityError:
        return model.objects.get(institution_id=institution_id, version=1)


def _next_version(model, institution_id: int) -> int:
    last = model.objects.filter(institution_id=institution_id).aggregate(v=Max("version"))["v"]
    return (last or 0) + 1


@transaction.atomic
def questionnaire_save(
    *, actor: Staff, title: str, questions: str, scale: str, satisfied_from: int
) -> Questionnaire:
    """A new version of the questionnaire, in use from now; surveys taken before keep theirs.

    Questions whose text is unchanged keep their codes, so answers stay comparable."""
    try:
        lines = rules.parse_lines(questions, what="вопрос")
        grades = rules.parse_scale(scale)
        rules.check_threshold(grades, satisfied_from)
    except rules.QuestionnaireError as error:
        raise ValidationError(str(error)) from error
    current = questionnaire_in_use(actor.institution_id)
    codes = {q["text"]: q["code"] for q in current.questions}
    taken = set(codes.values())
    coded, fresh = [], 1
    for text in lines:
        code = codes.get(text)
        if code is None:
            while f"q{fresh}" in taken:
                fresh += 1
            code = f"q{fresh}"
            taken.add(code)
        coded.append({"code": code, "text": text})
    Questionnaire.objects.filter(institution_id=actor.institution_id).update(is_active=False)
    questionnaire = Questionnaire(
        institution_id=actor.institution_id,
        version=_next_version(Questionnaire, actor.institution_id),
        title=title.strip(),
        questions=coded,
        scale=[{"value": g.value, "label": g.label} for g in grades],
        satisfied_from=satisfied_from,
        created_by=actor,
    )
    questionnaire.full_clean()
    questionnaire.save()
    audit_event(
        kind=EventKind.SETTINGS,
        actor=actor,
        obj=questionnaire,
        details=f"вопросов: {len(coded)}, шкала: {len(grades)} оценок, "
        f"удовлетворён — от {satisfied_from}",
    )
    logger.info("questionnaire version %s saved by staff %s", questionnaire.version, actor.pk)
    return questionnaire


@transaction.atomic
def checklist_save(*, actor: Staff, title: str, items: str) -> Checklist:
    try:
        lines = rules.parse_lines(items, what="пункт")
    except rules.QuestionnaireError as error:
        raise ValidationError(str(error)) from error
    Checklist.objects.filter(institution_id=actor.institution_id).update(is_active=False)
    checklist = Checklist(
        institution_id=actor.institution_id,
        version=_next_version(Checklist, actor.institution_id),
        title=title.strip(),
        items=_coded(lines, "i"),
        created_by=actor,
    )
    checklist.full_clean()
    checklist.save()
    audit_event(
        kind=EventKind.SETTINGS, actor=actor, obj=checklist, details=f"пунктов: {len(lines)}"
    )
    logger.info("checklist version %s saved by staff %s", checklist.version, actor.pk)
    return checklist
