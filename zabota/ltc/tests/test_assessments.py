"""The interview: drafts saved answer by answer, submitted into a level with its explanation."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zabota.audit.models import EventKind, SecurityEvent
from zabota.ltc import services
from zabota.ltc.models import Assessment, AssessmentStatus, Methodology
from zabota.ltc.tests.conftest import TODAY, assess, barthel_answers, json_file, small_methodology
from zabota.recipients.models import RecipientStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("total", "outcome", "hours", "months", "next_on"),
    [
        (0, "3", 21, 6, datetime.date(2026, 9, 10)),
        (40, "3", 21, 6, datetime.date(2026, 9, 10)),  # the top of the third level
        (45, "2", 14, 6, datetime.date(2026, 9, 10)),  # the bottom of the second
        (60, "2", 14, 6, datetime.date(2026, 9, 10)),
        (65, "1", 7, 12, datetime.date(2027, 3, 10)),
        (90, "1", 7, 12, datetime.date(2027, 3, 10)),
        (95, "0", 0, 12, datetime.date(2027, 3, 10)),
        (100, "0", 0, 12, datetime.date(2027, 3, 10)),
    ],
)
def test_submitting_assigns_the_level_of_the_total_and_the_next_date(
    personas, barthel, frozen, total, outcome, hours, months, next_on
):
    assessment = assess(
        personas.head1, personas.recipient_of_worker1, barthel_answers(barthel, total)
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert (assessment.total, assessment.outcome_code) == (Decimal(total), outcome)
    assert (assessment.hours_per_week, assessment.reassess_months) == (Decimal(hours), months)
    assert (assessment.assessed_on, assessment.next_assessment_on) == (TODAY, next_on)
    assert assessment.assessor == personas.head1
    assert assessment.methodology == barthel


def test_the_explanation_lists_the_points_of_every_question(personas, regional, frozen):
    assessment = assess(personas.head1, personas.recipient_of_worker1, {"walk": "c", "eat": "b"})
    assert assessment.points == [
        {
            "question": "walk",
            "question_text": "Передвижение",
            "option": "c",
            "option_text": "не может",
            "points": "2",
        },
        {
            "question": "eat",
            "question_text": "Приём пищи",
            "option": "b",
            "option_text": "с помощью",
            "points": "1",
        },
    ]
    assert (assessment.outcome_title, assessment.total) == ("Второй уровень", Decimal(3))


def test_a_back_dated_interview_counts_the_next_date_from_its_own_date(personas, regional, frozen):
    assessment = assess(
        personas.head1,
        personas.recipient_of_worker1,
        {"walk": "c", "eat": "c"},
        assessed_on=datetime.date(2025, 8, 31),
    )
    assert assessment.next_assessment_on == datetime.date(2026, 2, 28)


def test_an_assessment_date_in_the_future_is_refused(personas, regional, frozen):
    draft = services.assessment_start(actor=personas.head1, recipient=personas.recipient_of_worker1)
    services.assessment_save_draft(
        actor=personas.head1, assessment=draft, answers={"walk": "a", "eat": "a"}
    )
    with pytest.raises(ValidationError, match="будущем"):
        services.assessment_submit(
            actor=personas.head1, assessment=draft, assessed_on=TODAY + datetime.timedelta(1)
        )
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_a_draft_keeps_its_answers_and_is_resumed_not_duplicated(personas, regional):
    recipient = personas.recipient_of_worker1
    draft = services.assessment_start(actor=personas.head1, recipient=recipient)
    services.assessment_save_draft(actor=personas.head1, assessment=draft, answers={"walk": "b"})
    again = services.assessment_start(actor=personas.specialist, recipient=recipient)
    assert again.pk == draft.pk
    assert again.answers == {"walk": "b"}
    services.assessment_save_draft(actor=personas.head1, assessment=draft, answers={"walk": "c"})
    draft.refresh_from_db()
    assert draft.answers == {"walk": "c"}


def test_submitting_with_a_question_unanswered_is_refused_naming_it(personas, regional):
    draft = services.assessment_start(actor=personas.head1, recipient=personas.recipient_of_worker1)
    services.assessment_save_draft(actor=personas.head1, assessment=draft, answers={"walk": "b"})
    with pytest.raises(ValidationError, match='Нет ответа на вопрос "Приём пищи"'):
        services.assessment_submit(actor=personas.head1, assessment=draft)
    draft.refresh_from_db()
    assert (draft.status, draft.total) == (AssessmentStatus.DRAFT, None)


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [({"walk": "z"}, "Передвижение"), ({"sleep": "a"}, "нет вопроса «sleep»")],
)
def test_an_answer_the_methodology_lacks_is_refused(personas, regional, answers, fragment):
    draft = services.assessment_start(actor=personas.head1, recipient=personas.recipient_of_worker1)
    with pytest.raises(ValidationError, match=fragment):
        services.assessment_save_draft(actor=personas.head1, assessment=draft, answers=answers)
    draft.refresh_from_db()
    assert draft.answers == {}


def test_a_submitted_assessment_cannot_be_changed(personas, regional):
    assessment = assess(personas.head1, personas.recipient_of_worker1, {"walk": "a", "eat": "b"})
    with pytest.raises(ValidationError, match="уже завершена"):
        services.assessment_save_draft(
            actor=personas.head1, assessment=assessment, answers={"walk": "c"}
        )
    with pytest.raises(ValidationError, match="уже завершена"):
        services.assessment_submit(actor=personas.head1, assessment=assessment)


def test_a_discharged_recipient_is_not_assessed(personas, regional):
    recipient = personas.recipient_of_worker1
    recipient.status = RecipientStatus.DISCHARGED
    recipient.save()
    with pytest.raises(ValidationError, match="снят с обслуживания"):
        services.assessment_start(actor=personas.head1, recipient=recipient)
    assert not Assessment.objects.exists()


def test_the_first_interview_of_an_institution_loads_the_shipped_methodologies(personas):
    draft = services.assessment_start(actor=personas.head1, recipient=personas.recipient_of_worker1)
    assert draft.methodology.code == "barthel"
    assert Methodology.objects.filter(institution=personas.institution).count() == 3


def test_without_a_methodology_in_force_the_interview_does_not_start(personas, regional):
    services.methodology_deactivate(actor=personas.admin, methodology=regional)
    with pytest.raises(ValidationError, match="Нет методики оценки, действующей на сегодня"):
        services.assessment_start(actor=personas.head1, recipient=personas.recipient_of_worker1)


def test_each_assessment_keeps_the_version_it_was_scored_with(personas, regional):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10), tick=False):
        first = assess(personas.head1, personas.recipient_of_worker1, {"walk": "b", "eat": "a"})
    data = small_methodology(version="2026.2")
    data["outcomes"][1]["title"] = "Первый уровень (ред. 2)"
    data["outcomes"][1]["hours_per_week"] = 8
    services.methodology_upload(
        actor=personas.admin, file=json_file(data), effective_from=datetime.date(2026, 6, 1)
    )
    with time_machine.travel(datetime.datetime(2026, 6, 2, 10), tick=False):
        second = assess(personas.head1, personas.recipient_of_worker1, {"walk": "b", "eat": "a"})
    first.refresh_from_db()
    assert (first.methodology.version, first.outcome_title, first.hours_per_week) == (
        "2026.1",
        "Первый уровень",
        Decimal(7),
    )
    assert (second.methodology.version, second.outcome_title, second.hours_per_week) == (
        "2026.2",
        "Первый уровень (ред. 2)",
        Decimal(8),
    )


def test_submitting_is_written_to_the_journal(personas, regional):
    assessment = assess(personas.head1, personas.recipient_of_worker1, {"walk": "a", "eat": "a"})
    event = SecurityEvent.objects.filter(
        kind=EventKind.UPDATE, object_type="ltc.assessment", object_id=str(assessment.pk)
    ).latest("pk")
    assert event.recipient_id == personas.recipient_of_worker1.pk
    assert event.changes["status"] == ["draft", "submitted"]


# --- bringing a reassessment forward ------------------------------------------------------


def test_a_head_brings_the_reassessment_forward_with_a_reason(personas, regional, frozen):
    assessment = assess(personas.head1, personas.recipient_of_worker1, {"walk": "a", "eat": "b"})
    assert assessment.next_assessment_on == datetime.date(2027, 3, 10)
    moved = services.reassessment_bring_forward(
        actor=personas.head1,
        assessment=assessment,
        date=datetime.date(2026, 4, 1),
        reason="Выписана из больницы после перелома",
    )
    assert moved.next_assessment_on == datetime.date(2026, 4, 1)
    assert moved.next_reason == "Выписана из больницы после перелома"
    event = SecurityEvent.objects.filter(object_type="ltc.assessment").latest("pk")
    assert event.changes["next_assessment_on"] == ["2027-03-10", "2026-04-01"]


@pytest.mark.parametrize(
    ("date", "reason", "field", "fragment"),
    [
        (datetime.date(2026, 4, 1), "  ", "reason", "Укажите причину"),
        (datetime.date(2026, 3, 9), "Падение", "date", "не может быть в прошлом"),
        (datetime.date(2027, 3, 10), "Падение", "date", "раньше назначенной (10.03.2027)"),
        (datetime.date(2027, 5, 1), "Падение", "date", "раньше назначенной"),
    ],
)
def test_bringing_forward_refuses_a_bad_date_or_no_reason(
    personas, regional, frozen, date, reason, field, fragment
):
    assessment = assess(personas.head1, personas.recipient_of_worker1, {"walk": "a", "eat": "b"})
    with pytest.raises(ValidationError) as error:
        services.reassessment_bring_forward(
            actor=personas.head1, assessment=assessment, date=date, reason=reason
        )
    assert fragment in " ".join(error.value.message_dict[field])
    assessment.refresh_from_db()
    assert (assessment.next_assessment_on, assessment.next_reason) == (
        datetime.date(2027, 3, 10),
        "",
    )


def test_only_the_latest_assessment_has_its_date_moved(personas, regional, frozen):
    first = assess(
        personas.head1,
        personas.recipient_of_worker1,
        {"walk": "a", "eat": "b"},
        assessed_on=datetime.date(2026, 1, 10),
    )
    assess(personas.head1, personas.recipient_of_worker1, {"walk": "c", "eat": "b"})
    with pytest.raises(ValidationError, match="не последняя оценка"):
        services.reassessment_bring_forward(
            actor=personas.head1, assessment=first, date=TODAY, reason="Падение"
        )
