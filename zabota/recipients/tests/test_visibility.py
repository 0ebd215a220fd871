"""Who may open which card: a person who may see a recipient, and one who may not."""

import pytest

from zabota.audit.models import EventKind, SecurityEvent
from zabota.testing import xlsx_rows

pytestmark = pytest.mark.django_db

# (persona, recipient attribute, expected status)
CARD_ACCESS = [
    ("worker1", "recipient_of_worker1", 200),
    ("worker1", "recipient_of_worker2", 404),
    ("worker1", "recipient_in_department2", 404),
    ("caregiver1", "recipient_of_worker1", 200),
    ("caregiver1", "recipient_of_worker2", 404),
    ("worker2", "recipient_of_worker2", 200),
    ("worker2", "recipient_of_worker1", 404),
    ("head1", "recipient_of_worker1", 200),
    ("head1", "recipient_of_worker2", 200),
    ("head1", "recipient_in_department2", 404),
    ("head2", "recipient_in_department2", 200),
    ("head2", "recipient_of_worker1", 404),
    ("director", "recipient_in_department2", 200),
    ("specialist", "recipient_of_worker1", 200),
    ("admin", "recipient_in_department2", 200),
    ("accountant", "recipient_of_worker1", 403),
    ("director", "outsider_recipient", 404),
]


@pytest.mark.parametrize(("persona", "recipient", "status"), CARD_ACCESS)
def test_each_role_opens_only_the_cards_it_may_see(personas, persona, recipient, status):
    client = personas.client_for(getattr(personas, persona))
    response = client.get(f"/recipients/{getattr(personas, recipient).pk}/")
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("worker1", {"Иванова"}),
        ("worker2", {"Сидоров"}),
        ("caregiver1", {"Иванова"}),
        ("head1", {"Иванова", "Сидоров"}),
        ("head2", {"Кузнецова"}),
        ("director", {"Иванова", "Сидоров", "Кузнецова"}),
        ("specialist", {"Иванова", "Сидоров", "Кузнецова"}),
        ("admin", {"Иванова", "Сидоров", "Кузнецова"}),
    ],
)
def test_the_list_shows_exactly_the_recipients_in_scope(personas, persona, visible):
    response = personas.client_for(getattr(personas, persona)).get("/recipients/")
    shown = {r.last_name for r in response.context["page"].object_list}
    assert shown == visible


def test_the_accountant_sees_no_registry(personas):
    client = personas.client_for(personas.accountant)
    assert client.get("/recipients/").status_code == 403
    assert SecurityEvent.objects.filter(
        kind=EventKind.ACCESS_DENIED, user=personas.accountant.user
    ).exists()


def test_an_anonymous_visitor_is_sent_to_login(client, personas):
    response = client.get(f"/recipients/{personas.recipient_of_worker1.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_social_worker_cannot_edit_even_their_own_recipient(personas):
    client = personas.client_for(personas.worker1)
    assert client.get(f"/recipients/{personas.recipient_of_worker1.pk}/edit/").status_code == 403


def test_a_head_cannot_edit_a_card_of_another_department(personas):
    client = personas.client_for(personas.head1)
    response = client.get(f"/recipients/{personas.recipient_in_department2.pk}/edit/")
    assert response.status_code == 404


def test_the_export_holds_only_what_the_person_may_see(personas):
    response = personas.client_for(personas.worker1).get("/recipients/?format=xlsx")
    rows = xlsx_rows(response.content)
    header = rows.index(next(r for r in rows if r[0] == "ФИО"))
    assert [r[0] for r in rows[header + 1 :]] == ["Иванова Мария Петровна"]
    assert (
        SecurityEvent.objects.filter(kind=EventKind.EXPORT, user=personas.worker1.user).count() == 1
    )
