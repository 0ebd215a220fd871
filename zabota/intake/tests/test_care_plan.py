"""The supplement to the ИППСУ: a person taken on again with a care plan in force gets it among
the intake's documents; a new person, who has none, gets the four others."""

import pytest

from zabota.documents.models import IssuedDocument
from zabota.intake.tests.conftest import Walk
from zabota.ltc import services as ltc
from zabota.ltc.services.careplans import PlanLine
from zabota.ltc.tests.conftest import assess, make_care_service, regional  # noqa: F401
from zabota.recipients.models import Enrolment, Recipient, RecipientStatus

pytestmark = pytest.mark.django_db


def test_a_person_with_a_care_plan_gets_the_supplement_among_the_documents(
    centre,
    catalog,
    regional,  # noqa: F811
):
    person = centre.recipient_of_worker1
    feed = make_care_service(
        centre.institution, "7.1", "Кормление", 30, periodicity_hint="До 3 раз в день"
    )
    assessment = assess(centre.head1, person, {"walk": "b", "eat": "a"})
    plan = ltc.care_plan_create(actor=centre.head1, assessment=assessment)
    ltc.care_plan_save(
        actor=centre.head1, plan=plan, lines=[PlanLine(feed, "weekly", (2, 2, 2, 2, 2, 2, 2))]
    )
    ltc.care_plan_approve(actor=centre.head1, plan=plan)
    Recipient.objects.filter(pk=person.pk).update(status=RecipientStatus.DISCHARGED)
    Enrolment.objects.filter(recipient=person).update(
        discharged_on="2026-10-31", discharge_reason=centre.reason
    )
    person.refresh_from_db()

    client = centre.client_for(centre.head1)
    walk = Walk(client)
    walk.application()
    walk.person(snils=person.snils_display)
    walk.post("person", {"action": "reenrol", "recipient": person.pk})
    card = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "middle_name": person.middle_name,
        "birth_date": person.birth_date.isoformat(),
        "snils": person.snils_display,
        "registration_address": person.registration_address,
        "document_type": "Паспорт гражданина РФ",
        "version": person.version,
    }
    assert walk.post("person", card).status_code == 302
    walk.household()
    walk.program([(catalog.shopping, "8")])
    walk.contract()
    preview = client.get(walk.url("documents")).content.decode()
    assert "Индивидуальный план ухода" in preview or "план ухода" in preview.lower()
    assert walk.confirm().status_code == 302
    kinds = set(
        IssuedDocument.objects.filter(recipient=person, issued_on__isnull=False).values_list(
            "kind", flat=True
        )
    )
    assert {"application", "consent", "program", "contract", "care_plan"} <= kinds
