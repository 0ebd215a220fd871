"""The expert's justification of a level (issue 23) is free text kept with the assessment for
years: control characters (pasted from other programs, or sent on purpose) and a page the size
of a book are refused with a message, in the form and in the service, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zabota.ltc import services
from zabota.ltc.models import Assessment, AssessmentStatus, Methodology
from zabota.ltc.services.assessments import JUSTIFICATION_MAX_LENGTH

pytestmark = pytest.mark.django_db

HOSTILE = [
    pytest.param("Нуждается в помощи\x07", "U+0007", id="bell"),
    pytest.param("Нуждается\x00 в помощи", "U+0000", id="nul"),
    pytest.param("\x1b[31mНуждается", "U+001B", id="escape"),
    pytest.param("Нуждается\u202e", None, id="bidi-override-is-text"),
    pytest.param("а" * 100_000, f"длиннее {JUSTIFICATION_MAX_LENGTH}", id="a-book"),
]


@pytest.fixture
def draft(personas) -> Assessment:
    services.ensure_shipped_methodologies(
        institution=personas.institution, effective_from=datetime.date(2025, 1, 1)
    )
    services.methodology_activate(
        actor=None,
        methodology=Methodology.objects.get(code="kuzbass-self-care"),
        effective_from=datetime.date(2025, 1, 1),
    )
    draft = services.assessment_start(actor=personas.head1, recipient=personas.recipient_of_worker1)
    answers = {q.code: "unable" for q in draft.methodology.rules.questions}
    return services.assessment_save_draft(actor=personas.head1, assessment=draft, answers=answers)


@pytest.mark.parametrize(("text", "fragment"), HOSTILE)
def test_the_form_refuses_a_hostile_justification(personas, draft, text, fragment):
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/care/assessments/{draft.pk}/review/",
        {"assessed_on": "01.03.2026", "outcome": "3", "justification": text},
    )
    draft.refresh_from_db()
    if fragment is None:  # a direction mark is a character of text, not a control one
        assert response.status_code == 302 and draft.status == AssessmentStatus.SUBMITTED
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "Обоснование эксперта" in page
    assert ("Убедитесь, что это значение содержит не более" in page) or (fragment in page)
    assert (draft.status, draft.expert_justification, draft.outcome_code) == ("draft", "", "")


@pytest.mark.parametrize(("text", "fragment"), [p for p in HOSTILE if p.values[1]])
def test_the_service_refuses_a_hostile_justification(personas, draft, text, fragment):
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(
            actor=personas.head1, assessment=draft, outcome="3", justification=text
        )
    assert fragment in " ".join(error.value.messages)
    draft.refresh_from_db()
    assert (draft.status, draft.expert_justification) == ("draft", "")
