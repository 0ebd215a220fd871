"""The interview in the browser's place: who may interview whom, one question a screen."""

import datetime
import html

import pytest
from django.test import RequestFactory

from zabota.ltc.models import Assessment, AssessmentStatus
from zabota.ltc.panels import card_context
from zabota.ltc.tests.conftest import TODAY, assess, barthel_answers

pytestmark = pytest.mark.django_db

# (persona, recipient attribute, status) for starting an interview.
INTERVIEW_ACCESS = [
    ("head1", "recipient_of_worker1", 200),
    ("head1", "recipient_in_department2", 404),
    ("head2", "recipient_in_department2", 200),
    ("director", "recipient_in_department2", 200),
    ("specialist", "recipient_of_worker2", 200),
    ("worker1", "recipient_of_worker1", 403),
    ("caregiver1", "recipient_of_worker1", 403),
    ("accountant", "recipient_of_worker1", 403),
    ("admin", "recipient_of_worker1", 403),
    ("director", "outsider_recipient", 404),
]


@pytest.mark.parametrize(("persona", "recipient", "status"), INTERVIEW_ACCESS)
def test_who_may_interview_whom(personas, barthel, persona, recipient, status):
    client = personas.client_for(getattr(personas, persona))
    target = getattr(personas, recipient)
    assert client.get(f"/care/recipients/{target.pk}/assess/").status_code == status
    assert client.post(f"/care/recipients/{target.pk}/assess/").status_code in (
        {302} if status == 200 else {status}
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker1", 200),  # reads the result of their own recipient
        ("caregiver1", 200),
        ("worker2", 404),
        ("head2", 404),
        ("head1", 200),
        ("accountant", 403),
    ],
)
def test_who_may_read_a_result(personas, barthel, persona, status):
    assessment = assess(personas.head1, personas.recipient_of_worker1, barthel_answers(barthel, 50))
    client = personas.client_for(getattr(personas, persona))
    assert client.get(f"/care/assessments/{assessment.pk}/").status_code == status


def test_a_head_of_another_department_cannot_answer_a_draft(personas, barthel):
    client = personas.client_for(personas.head1)
    client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    draft = Assessment.objects.get()
    other = personas.client_for(personas.head2)
    response = other.post(f"/care/assessments/{draft.pk}/questions/1/", {"option": "a"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.answers == {}


def test_the_whole_interview_one_question_a_screen(personas, barthel, frozen):
    client = personas.client_for(personas.head1)
    recipient = personas.recipient_of_worker1
    response = client.post(f"/care/recipients/{recipient.pk}/assess/")
    draft = Assessment.objects.get()
    assert response["Location"] == f"/care/assessments/{draft.pk}/questions/1/"
    page = client.get(response["Location"])
    assert "Вопрос 1 из 10" in page.content.decode()
    assert "Приём пищи" in page.content.decode()
    answers = barthel_answers(barthel, 40)
    for number, question in enumerate(barthel.rules.questions, start=1):
        response = client.post(
            f"/care/assessments/{draft.pk}/questions/{number}/",
            {"option": answers[question.code], "go": "next"},
        )
        expected = (
            f"/care/assessments/{draft.pk}/questions/{number + 1}/"
            if number < 10
            else f"/care/assessments/{draft.pk}/review/"
        )
        assert response["Location"] == expected
    review = client.get(f"/care/assessments/{draft.pk}/review/")
    assert review.context["preview"].outcome == "3"
    assert "Третий уровень нуждаемости (пример)" in review.content.decode()
    response = client.post(
        f"/care/assessments/{draft.pk}/review/", {"assessed_on": TODAY.isoformat()}
    )
    assert response["Location"] == f"/care/assessments/{draft.pk}/"
    draft.refresh_from_db()
    assert (draft.status, draft.outcome_code, draft.assessor) == (
        AssessmentStatus.SUBMITTED,
        "3",
        personas.head1,
    )
    detail = html.unescape(client.get(f"/care/assessments/{draft.pk}/").content.decode())
    assert "Третий уровень нуждаемости (пример)" in detail
    assert "Подъём по лестнице" in detail  # the explanation, question by question
    assert "Замените его методикой из акта вашего региона" in detail
    assert "10.09.2026" in detail  # the next assessment, six months on


def test_next_without_an_answer_stays_on_the_question(personas, barthel):
    client = personas.client_for(personas.head1)
    client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    draft = Assessment.objects.get()
    response = client.post(f"/care/assessments/{draft.pk}/questions/2/", {"go": "next"})
    assert response.status_code == 400
    assert "Выберите один из вариантов ответа" in response.content.decode()


def test_back_saves_the_answer_and_returns_to_the_previous_question(personas, barthel):
    client = personas.client_for(personas.head1)
    client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    draft = Assessment.objects.get()
    response = client.post(
        f"/care/assessments/{draft.pk}/questions/2/", {"option": "b", "go": "back"}
    )
    assert response["Location"] == f"/care/assessments/{draft.pk}/questions/1/"
    draft.refresh_from_db()
    assert draft.answers == {"bathing": "b"}
    # Starting again resumes at the first unanswered question.
    response = client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    assert response["Location"] == f"/care/assessments/{draft.pk}/questions/1/"


def test_an_unknown_option_is_refused_on_the_screen(personas, barthel):
    client = personas.client_for(personas.head1)
    client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    draft = Assessment.objects.get()
    response = client.post(f"/care/assessments/{draft.pk}/questions/1/", {"option": "z"})
    assert response.status_code == 400
    assert "выберите один из вариантов" in response.content.decode()


def test_the_review_names_the_unanswered_questions(personas, barthel):
    client = personas.client_for(personas.head1)
    client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    draft = Assessment.objects.get()
    client.post(f"/care/assessments/{draft.pk}/questions/1/", {"option": "a"})
    review = client.get(f"/care/assessments/{draft.pk}/review/")
    assert len(review.context["missing"]) == 9
    assert "Нет ответа на 9 вопросов:" in review.content.decode()
    client.post(f"/care/assessments/{draft.pk}/review/", {"assessed_on": "2026-01-01"})
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_the_card_shows_the_level_the_history_and_the_example_mark(
    personas, barthel, frozen, django_assert_num_queries
):
    recipient = personas.recipient_of_worker1
    assess(
        personas.head1,
        recipient,
        barthel_answers(barthel, 100),
        assessed_on=datetime.date(2025, 3, 1),
    )
    assess(personas.head1, recipient, barthel_answers(barthel, 55))
    client = personas.client_for(personas.worker1)
    response = client.get(f"/recipients/{recipient.pk}/")
    section = dict(response.context["sections"])["ltc/_card_section.html"]
    assert [a.total for a in section["history"]] == [55, 100]
    assert section["latest"].outcome_code == "2"
    assert not section["can_assess"]
    text = response.content.decode()
    assert "Второй уровень нуждаемости (пример)" in text
    assert 'class="example-mark' in text
    assert "Провести оценку" not in text  # a social worker reads, the head interviews
    head = personas.client_for(personas.head1)
    assert "Провести оценку" in head.get(f"/recipients/{recipient.pk}/").content.decode()
    request = RequestFactory().get("/")
    request.staff = personas.head1
    with django_assert_num_queries(3):  # assessments, the plan in force, draft plans
        section = card_context(request, recipient)
    assert section["can_assess"] and section["draft"] is None


def test_the_bring_forward_page_moves_the_date(personas, barthel, frozen):
    assessment = assess(personas.head1, personas.recipient_of_worker1, barthel_answers(barthel, 70))
    client = personas.client_for(personas.head1)
    assert client.get(f"/care/assessments/{assessment.pk}/reassessment/").status_code == 200
    response = client.post(
        f"/care/assessments/{assessment.pk}/reassessment/",
        {"date": "2026-03-20", "reason": ""},
    )
    assert "Обязательное поле" in response.content.decode()
    response = client.post(
        f"/care/assessments/{assessment.pk}/reassessment/",
        {"date": "2026-03-20", "reason": "Перенесла инсульт"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.next_assessment_on == datetime.date(2026, 3, 20)
    worker = personas.client_for(personas.worker1)
    assert worker.get(f"/care/assessments/{assessment.pk}/reassessment/").status_code == 403


def test_the_start_page_counts_questions_and_answers_in_agreeing_words(personas, barthel):
    client = personas.client_for(personas.head1)
    start = f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/"
    assert "10 вопросов, по одному на экране" in client.get(start).content.decode()
    client.post(start)
    draft = Assessment.objects.get()
    client.post(f"/care/assessments/{draft.pk}/questions/1/", {"option": "a", "go": "back"})
    assert "отвечено на 1 вопрос." in client.get(start).content.decode()
