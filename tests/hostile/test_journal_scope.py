"""Issue 15, item 8: the security journal of one institution must not show another's logins.

A failed or locked login belongs to no institution (the login typed may exist nowhere); the
journal showed every such entry — usernames and addresses of another centre's staff — to every
administrator. The rule (zabota.audit.selectors.visible_events): such an entry is shown only
when the login typed belongs to the viewer's own staff; a superuser sees everything.
"""

import ipaddress

import pytest

from zabota.audit.models import EventKind, SecurityEvent
from zabota.organisation.roles import Role
from zabota.testing import make_staff, xlsx_rows

pytestmark = pytest.mark.django_db

OUR_ADDRESS = "203.0.113.5"
THEIR_ADDRESS = "198.51.100.23"
STRANGER_ADDRESS = "192.0.2.99"


@pytest.fixture
def other_admin(personas):
    return make_staff(personas.outsider_recipient.institution, Role.ADMIN, "other_admin")


def fail_login(client, username: str, address: str) -> None:
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": "wrong-password"},
        HTTP_X_REAL_IP=address,
    )
    assert response.status_code == 200


def journal_text(client) -> str:
    """Everything the journal shows a person: its pages and its export."""
    page = client.get("/audit/").content.decode()
    rows = xlsx_rows(client.get("/audit/?format=xlsx").content)
    return page + "\n".join(" ".join(str(cell) for cell in row if cell) for row in rows)


@pytest.fixture
def attempts(client, settings, personas):
    """Locked and failed logins on an account of each institution, and on a login of nobody."""
    settings.ZABOTA_LOCKOUT_ATTEMPTS = 2
    # The test client is the proxy (127.0.0.1) that names each client's address.
    settings.ZABOTA_TRUSTED_PROXIES = (ipaddress.ip_network("127.0.0.1/32"),)
    for _ in range(3):  # the third is refused as locked
        fail_login(client, "worker1", OUR_ADDRESS)
        fail_login(client, "other_director", THEIR_ADDRESS)
    fail_login(client, "ghost.user", STRANGER_ADDRESS)
    kinds = set(SecurityEvent.objects.values_list("kind", "institution"))
    assert kinds == {(EventKind.LOGIN_FAILED, None), (EventKind.LOGIN_LOCKED, None)}


def test_an_administrator_never_sees_another_institutions_logins_or_addresses(
    personas, other_admin, attempts
):
    ours = journal_text(personas.client_for(personas.admin))
    assert "worker1" in ours and OUR_ADDRESS in ours
    assert "other_director" not in ours and THEIR_ADDRESS not in ours
    theirs = journal_text(personas.client_for(other_admin))
    assert "other_director" in theirs and THEIR_ADDRESS in theirs
    assert "worker1" not in theirs and OUR_ADDRESS not in theirs


def test_both_failed_and_locked_logins_on_own_staff_are_shown(personas, attempts):
    admin = personas.client_for(personas.admin)
    for kind in (EventKind.LOGIN_FAILED, EventKind.LOGIN_LOCKED):
        shown = admin.get(f"/audit/?kind={kind}").context["page"].object_list
        assert {(e.username, e.ip_address) for e in shown} == {("worker1", OUR_ADDRESS)}


def test_a_login_of_nobody_is_shown_to_no_institution(personas, other_admin, attempts):
    for staff in (personas.admin, other_admin):
        text = journal_text(personas.client_for(staff))
        assert "ghost.user" not in text and STRANGER_ADDRESS not in text
        filtered = personas.client_for(staff).get("/audit/?username=ghost")
        assert list(filtered.context["page"].object_list) == []


def test_a_login_typed_in_other_case_counts_as_the_account_it_locks(client, personas, other_admin):
    fail_login(client, "WORKER1", OUR_ADDRESS)
    assert "WORKER1" in journal_text(personas.client_for(personas.admin))
    assert "WORKER1" not in journal_text(personas.client_for(other_admin))


def test_a_superuser_reads_the_whole_installation(personas, attempts):
    personas.admin.user.is_superuser = True
    personas.admin.user.save()
    text = journal_text(personas.client_for(personas.admin))
    for seen in ("worker1", "other_director", "ghost.user", THEIR_ADDRESS, STRANGER_ADDRESS):
        assert seen in text


def test_the_start_page_counts_only_the_institutions_own_failed_logins_and_locks(
    personas, attempts
):
    widgets = personas.client_for(personas.admin).get("/").context["widgets"]
    tiles = next(context["tiles"] for _template, context in widgets if "tiles" in context)
    counts = {tile.label: tile.count for tile in tiles}
    # worker1: two failures (the third attempt was refused as locked); one lock of its login.
    assert counts["Неудачных входов за вчера и сегодня"] == 2
    assert counts["Заблокировано входов сейчас"] == 1
