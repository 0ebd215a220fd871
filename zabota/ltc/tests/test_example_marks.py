"""Issue 23: «the shipped examples are labelled as examples everywhere they appear». The walk
goes through every page that names a methodology or shows an assessment scored by one, for the
shipped Кузбасс form (an expert example) and for Barthel (a points example)."""

import datetime

import pytest
from django.urls import reverse

from zabota.ltc import services
from zabota.ltc.documents import care_plan_document_context
from zabota.ltc.models import Assessment, Methodology
from zabota.ltc.tests.conftest import assess, barthel_answers

pytestmark = pytest.mark.django_db

MARK = 'class="example-mark'


def _in_force(personas, code: str) -> Methodology:
    services.ensure_shipped_methodologies(
        institution=personas.institution, effective_from=datetime.date(2025, 1, 1)
    )
    return services.methodology_activate(
        actor=None,
        methodology=Methodology.objects.get(institution=personas.institution, code=code),
        effective_from=datetime.date(2025, 1, 1),
    )


def _submit(personas, methodology: Methodology) -> Assessment:
    recipient = personas.recipient_of_worker1
    if methodology.code == "barthel":
        return assess(personas.head1, recipient, barthel_answers(methodology, 30))
    draft = services.assessment_start(actor=personas.head1, recipient=recipient)
    answers = {q.code: "help" for q in methodology.rules.questions}
    services.assessment_save_draft(actor=personas.head1, assessment=draft, answers=answers)
    return services.assessment_submit(
        actor=personas.head1, assessment=draft, outcome="2", justification="Нужна помощь."
    )


@pytest.mark.parametrize("code", ["kuzbass-self-care", "barthel"])
def test_every_page_of_an_example_methodology_carries_the_mark(
    personas, code, frozen, care_services
):
    methodology = _in_force(personas, code)
    admin = personas.client_for(personas.admin)
    head = personas.client_for(personas.head1)
    recipient = personas.recipient_of_worker1
    pages = {
        "methodology list": (admin, reverse("ltc:methodologies")),
        "methodology": (admin, reverse("ltc:methodology", args=[methodology.pk])),
        "start": (head, reverse("ltc:assessment_start", args=[recipient.pk])),
    }
    draft = services.assessment_start(actor=personas.head1, recipient=recipient)
    pages["step"] = (head, reverse("ltc:assessment_step", args=[draft.pk, 1]))
    pages["review"] = (head, reverse("ltc:assessment_review", args=[draft.pk]))
    for name, (client, url) in pages.items():
        assert MARK in client.get(url).text, name
    draft.delete()

    assessment = _submit(personas, methodology)
    plan = services.care_plan_propose(
        actor=personas.head1, assessment=assessment, services=[(care_services["feed"], "weekly")]
    )
    pages = {
        "assessment": (head, reverse("ltc:assessment", args=[assessment.pk])),
        "card": (head, reverse("recipients:card", args=[recipient.pk])),
        "card of the social worker": (
            personas.client_for(personas.worker1),
            reverse("recipients:card", args=[recipient.pk]),
        ),
        "care plan": (head, reverse("ltc:care_plan", args=[plan.pk])),
    }
    for name, (client, url) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert MARK in response.text, name
    # The printed supplement to the ИППСУ prints its «ОБРАЗЕЦ» line from these two fields.
    printed = care_plan_document_context(plan)["care_plan"]
    assert printed["is_example_methodology"] is True
    assert methodology.title in printed["methodology_title"]


def test_an_assessment_by_the_regions_act_carries_no_mark(personas, regional, frozen):
    assessment = assess(personas.head1, personas.recipient_of_worker1, {"walk": "c", "eat": "b"})
    head = personas.client_for(personas.head1)
    for url in (
        reverse("ltc:assessment", args=[assessment.pk]),
        reverse("recipients:card", args=[personas.recipient_of_worker1.pk]),
        reverse("ltc:methodology", args=[regional.pk]),
    ):
        client = personas.client_for(personas.admin) if "methodolog" in url else head
        assert MARK not in client.get(url).text, url
