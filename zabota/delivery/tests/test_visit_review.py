"""A head reviews a visit the tablet marked far from the recipient's address."""

import datetime

import pytest
import time_machine

from zabota.audit.models import EventKind, SecurityEvent
from zabota.delivery.models import Visit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def far_visit(personas, recipient) -> Visit:
    return Visit.objects.create(
        institution=personas.institution,
        recipient=recipient,
        worker=personas.worker1,
        visited_on=datetime.date(2026, 11, 23),
        distance_m=2200,
        needs_review=True,
    )


@time_machine.travel(TODAY)
def test_a_head_confirms_a_far_visit_and_the_journal_keeps_the_conclusion(personas):
    visit = far_visit(personas, personas.recipient_of_worker1)
    client = personas.client_for(personas.head1)
    listed = client.get("/delivery/visits/review/")
    assert f"/delivery/visits/review/{visit.pk}/" in listed.content.decode()

    response = client.post(
        f"/delivery/visits/review/{visit.pk}/", {"note": "Подтверждено по телефону"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/delivery/visits/review/"
    visit.refresh_from_db()
    assert not visit.needs_review
    assert (visit.reviewed_by, visit.review_note) == (personas.head1, "Подтверждено по телефону")
    event = SecurityEvent.objects.get(kind=EventKind.UPDATE, object_type="delivery.visit")
    assert (event.user, event.object_id) == (personas.head1.user, str(visit.pk))
    assert event.recipient_id == personas.recipient_of_worker1.pk
    assert event.details == "проверка посещения: Подтверждено по телефону"
    assert (
        f"/delivery/visits/review/{visit.pk}/"
        not in client.get("/delivery/visits/review/").content.decode()
    )


@time_machine.travel(TODAY)
def test_a_review_without_a_conclusion_changes_nothing(personas):
    visit = far_visit(personas, personas.recipient_of_worker1)
    client = personas.client_for(personas.head1)
    response = client.post(f"/delivery/visits/review/{visit.pk}/", {"note": "   "})
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    visit.refresh_from_db()
    assert visit.needs_review
    assert not SecurityEvent.objects.filter(object_type="delivery.visit").exists()


@time_machine.travel(TODAY)
def test_a_head_cannot_review_a_visit_of_another_department(personas):
    visit = far_visit(personas, personas.recipient_in_department2)
    client = personas.client_for(personas.head1)
    response = client.post(f"/delivery/visits/review/{visit.pk}/", {"note": "Проверено"})
    assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.needs_review
