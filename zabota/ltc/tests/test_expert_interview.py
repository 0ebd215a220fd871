"""Issue 23 in the interview: conditional questions, the expert's level, the version's interval."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zabota.audit.models import SecurityEvent
from zabota.ltc import services
from zabota.ltc.models import Assessment, AssessmentStatus, Methodology
from zabota.ltc.panels import card_context
from zabota.ltc.tests.conftest import json_file, small_methodology

pytestmark = pytest.mark.django_db

WHY = "Не может сам готовить и мыться; живёт один, родственники далеко."


def conditional(**changes) -> dict:
    """The small methodology with "stairs" asked only when "walk" is b or c, and the version's
    interval of 9 months for the outcomes that give none."""
    data = small_methodology(reassess_months=9, **changes)
    stairs = {
        "code": "stairs",
        "text": "Подъём по лестнице",
        "options": [
            {"code": "a", "text": "поднимается", "points": 0},
            {"code": "b", "text": "не поднимается", "points": 0},
        ],
        "show_if": {"question": "walk", "options": ["b", "c"]},
    }
    data["questions"].insert(1, stairs)
    for outcome in data["outcomes"][:2]:
        del outcome["reassess_months"]
    return data


@pytest.fixture
def branching(personas) -> Methodology:
    return services.methodology_upload(
        actor=personas.admin,
        file=json_file(conditional()),
        effective_from=datetime.date(2025, 1, 1),
    )


@pytest.fixture
def kuzbass(personas) -> Methodology:
    """The shipped Кузбасс form, in force since 2025 in place of Barthel."""
    services.ensure_shipped_methodologies(
        institution=personas.institution, effective_from=datetime.date(2025, 1, 1)
    )
    methodology = Methodology.objects.get(
        institution=personas.institution, code="kuzbass-self-care"
    )
    return services.methodology_activate(
        actor=None, methodology=methodology, effective_from=datetime.date(2025, 1, 1)
    )


def _answer_all(client, draft: Assessment, option: str = "help") -> None:
    for number in range(1, len(draft.methodology.rules.questions) + 1):
        client.post(f"/care/assessments/{draft.pk}/questions/{number}/", {"option": option})


def _kuzbass_draft(personas, kuzbass):
    client = personas.client_for(personas.head1)
    client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    draft = Assessment.objects.get()
    _answer_all(client, draft)
    return client, draft


# --- conditional questions ----------------------------------------------------------------


def test_a_conditional_question_is_skipped_when_its_condition_fails(personas, branching):
    client = personas.client_for(personas.head1)
    client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    draft = Assessment.objects.get()
    assert "Вопрос 1 из 2" in client.get(f"/care/assessments/{draft.pk}/questions/1/").text
    response = client.post(f"/care/assessments/{draft.pk}/questions/1/", {"option": "a"})
    assert response["Location"] == f"/care/assessments/{draft.pk}/questions/2/"
    page = client.get(response["Location"]).text
    assert "Приём пищи" in page and "Подъём по лестнице" not in page
    client.post(f"/care/assessments/{draft.pk}/questions/2/", {"option": "b"})
    review = client.get(f"/care/assessments/{draft.pk}/review/").text
    assert "Подъём по лестнице" not in review and "нет ответа" not in review
    client.post(f"/care/assessments/{draft.pk}/review/", {"assessed_on": "10.03.2026"})
    draft.refresh_from_db()
    assert (draft.status, draft.total, draft.outcome_code) == ("submitted", 1, "1")
    assert [line["question"] for line in draft.points] == ["walk", "eat"]


def test_a_conditional_question_is_asked_when_its_condition_holds(personas, branching):
    client = personas.client_for(personas.head1)
    client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    draft = Assessment.objects.get()
    response = client.post(f"/care/assessments/{draft.pk}/questions/1/", {"option": "b"})
    page = client.get(response["Location"]).text
    assert "Подъём по лестнице" in page and "Вопрос 2 из 3" in page
    client.post(f"/care/assessments/{draft.pk}/questions/2/", {"option": "b"})
    response = client.post(f"/care/assessments/{draft.pk}/questions/3/", {"option": "c"})
    assert response["Location"] == f"/care/assessments/{draft.pk}/review/"
    draft.refresh_from_db()
    assert draft.answers == {"walk": "b", "stairs": "b", "eat": "c"}


def test_changing_an_earlier_answer_drops_the_answer_it_now_hides(personas, branching):
    draft = services.assessment_start(actor=personas.head1, recipient=personas.recipient_of_worker1)
    services.assessment_save_draft(
        actor=personas.head1, assessment=draft, answers={"walk": "c", "stairs": "a", "eat": "a"}
    )
    client = personas.client_for(personas.head1)
    client.post(f"/care/assessments/{draft.pk}/questions/1/", {"option": "a"})
    draft.refresh_from_db()
    assert draft.answers == {"walk": "a", "eat": "a"}
    # The audit says the hidden answer went, named as the interview showed it.
    entry = draft_entries(draft)[-1]
    assert entry.changes["Подъём по лестнице"] == ["поднимается", None]


def draft_entries(draft):
    entries = SecurityEvent.objects.filter(object_type="ltc.assessment", object_id=str(draft.pk))
    return list(entries.exclude(changes={}).order_by("pk"))


def test_the_version_interval_sets_the_next_date_when_the_outcome_has_none(
    personas, branching, frozen
):
    draft = services.assessment_start(actor=personas.head1, recipient=personas.recipient_of_worker1)
    services.assessment_save_draft(
        actor=personas.head1, assessment=draft, answers={"walk": "a", "eat": "b"}
    )
    done = services.assessment_submit(actor=personas.head1, assessment=draft)
    assert (done.reassess_months, done.next_assessment_on) == (9, datetime.date(2026, 12, 10))


# --- the expert's level -------------------------------------------------------------------


def test_the_review_of_an_expert_methodology_asks_the_level_and_why(personas, kuzbass):
    client, draft = _kuzbass_draft(personas, kuzbass)
    page = client.get(f"/care/assessments/{draft.pk}/review/").text
    assert "устанавливает эксперт" in page
    assert "Уровень нуждаемости 2 — Второй уровень нуждаемости: 14 ч в неделю" in page
    assert "Не нуждается в уходе: 0 ч в неделю" in page
    assert 'name="justification"' in page
    assert "Сумма баллов" not in page  # the form has no points


def test_the_expert_level_is_stored_with_the_justification(personas, kuzbass, frozen):
    client, draft = _kuzbass_draft(personas, kuzbass)
    response = client.post(
        f"/care/assessments/{draft.pk}/review/",
        {"assessed_on": "10.03.2026", "outcome": "2", "justification": WHY},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.outcome_code, draft.outcome_value) == ("submitted", "2", 2)
    assert (draft.outcome_by_expert, draft.expert_justification) == (True, WHY)
    assert draft.total is None and draft.hours_per_week == 14
    # The methodology's own interval: 12 months from the version.
    assert draft.next_assessment_on == datetime.date(2027, 3, 10)
    assert draft.points[0]["points"] is None
    page = client.get(f"/care/assessments/{draft.pk}/").text
    assert "Уровень нуждаемости 2" in page and "установлен экспертом" in page
    assert WHY in page and "версия 2026.1" in page and "не подсчитывается" in page


def test_a_missing_justification_is_refused_and_nothing_is_saved(personas, kuzbass):
    client, draft = _kuzbass_draft(personas, kuzbass)
    for blank in ("", "   \n  "):
        response = client.post(
            f"/care/assessments/{draft.pk}/review/",
            {"assessed_on": "10.03.2026", "outcome": "2", "justification": blank},
        )
        assert response.status_code == 200
        assert "Обоснуйте уровень" in response.text
    draft.refresh_from_db()
    assert (draft.status, draft.outcome_code, draft.expert_justification) == ("draft", "", "")
    with pytest.raises(ValidationError, match="Обоснуйте уровень"):
        services.assessment_submit(
            actor=personas.head1, assessment=draft, outcome="2", justification="  "
        )


def test_an_outcome_not_in_the_methodology_is_refused(personas, kuzbass):
    client, draft = _kuzbass_draft(personas, kuzbass)
    response = client.post(
        f"/care/assessments/{draft.pk}/review/",
        {"assessed_on": "10.03.2026", "outcome": "7", "justification": WHY},
    )
    assert response.status_code == 200 and "Выберите корректный вариант" in response.text
    with pytest.raises(ValidationError, match="Выберите один из исходов методики"):
        services.assessment_submit(
            actor=personas.head1, assessment=draft, outcome="7", justification=WHY
        )
    with pytest.raises(ValidationError, match="Выберите уровень нуждаемости"):
        services.assessment_submit(actor=personas.head1, assessment=draft, justification=WHY)
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_a_points_methodology_takes_no_expert_outcome(personas, branching):
    draft = services.assessment_start(actor=personas.head1, recipient=personas.recipient_of_worker1)
    services.assessment_save_draft(
        actor=personas.head1, assessment=draft, answers={"walk": "a", "eat": "b"}
    )
    with pytest.raises(ValidationError, match="определяет сумма баллов"):
        services.assessment_submit(
            actor=personas.head1, assessment=draft, outcome="3", justification=WHY
        )


def test_a_double_submission_makes_one_result(personas, kuzbass):
    client, draft = _kuzbass_draft(personas, kuzbass)
    data = {"assessed_on": "10.03.2026", "outcome": "1", "justification": WHY}
    first = client.post(f"/care/assessments/{draft.pk}/review/", data)
    second = client.post(f"/care/assessments/{draft.pk}/review/", data | {"outcome": "3"})
    assert first.status_code == second.status_code == 302
    assert Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).count() == 1
    draft.refresh_from_db()
    assert draft.outcome_code == "1"
    with pytest.raises(ValidationError, match="уже завершена"):
        services.assessment_submit(
            actor=personas.head1, assessment=draft, outcome="3", justification=WHY
        )


def test_another_institutions_assessment_is_not_found(personas, kuzbass):
    _, draft = _kuzbass_draft(personas, kuzbass)
    outsider = personas.client_for(personas.outsider_director)
    data = {"assessed_on": "10.03.2026", "outcome": "1", "justification": WHY}
    assert outsider.get(f"/care/assessments/{draft.pk}/review/").status_code == 404
    assert outsider.post(f"/care/assessments/{draft.pk}/review/", data).status_code == 404
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


# --- versions and history -----------------------------------------------------------------


def test_a_later_version_never_changes_a_past_assessment(personas, kuzbass, frozen, rf):
    client, draft = _kuzbass_draft(personas, kuzbass)
    client.post(
        f"/care/assessments/{draft.pk}/review/",
        {"assessed_on": "01.03.2026", "outcome": "3", "justification": WHY},
    )
    data = {**kuzbass.data, "version": "2026.2", "reassess_months": 6, "is_example": False}
    data["outcomes"] = [{**o, "hours_per_week": 28} for o in data["outcomes"]]
    newer = services.methodology_upload(
        actor=personas.admin, file=json_file(data), effective_from=datetime.date(2026, 3, 5)
    )
    past = Assessment.objects.get(pk=draft.pk)
    assert (past.methodology_id, past.hours_per_week, past.reassess_months) == (kuzbass.pk, 21, 12)
    assert past.next_assessment_on == datetime.date(2027, 3, 1)
    request = rf.get("/")
    request.staff = personas.head1
    section = card_context(request, personas.recipient_of_worker1)
    assert section["history"][0].methodology == kuzbass != newer
    card = client.get(f"/recipients/{personas.recipient_of_worker1.pk}/").text
    assert "в. 2026.1" in card and "установлен экспертом: " + WHY in card
    # The next interview takes the newer version.
    client.post(f"/care/recipients/{personas.recipient_of_worker1.pk}/assess/")
    assert Assessment.objects.get(status=AssessmentStatus.DRAFT).methodology == newer
