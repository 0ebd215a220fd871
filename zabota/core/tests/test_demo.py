"""The demo: refused in production, and each demo login sees exactly what its role may see."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.test import Client

from zabota.core.demo import DEMO_PASSWORD
from zabota.organisation.access import covered_scope
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient
from zabota.testing import demo_rolled_back

pytestmark = pytest.mark.django_db


def test_demo_data_refuses_to_run_with_debug_off():
    with pytest.raises(CommandError, match="ZABOTA_DEBUG=1"):
        call_command("demo_data")
    assert not Recipient.objects.exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo is built once for the module (it takes seconds) inside a transaction that is
    rolled back after the module: no flush, which would renumber content types under the
    browser tests' serialized rollback."""
    with demo_rolled_back(django_db_blocker):
        yield


def login(username: str) -> Client:
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}
        ).status_code
        == 302
    )
    return client


def listed(client: Client) -> set[int]:
    ids = set()
    page = 1
    while True:
        response = client.get(f"/recipients/?status=all&page={page}")
        ids |= {r.pk for r in response.context["page"].object_list}
        if not response.context["page"].has_next():
            return ids
        page += 1


def first_institution():
    return Staff.objects.get(user__username="director").institution


def test_the_demo_has_the_promised_shape(demo):
    assert Recipient.objects.filter(institution=first_institution()).count() == 150
    logins = set(Staff.objects.values_list("user__username", flat=True))
    assert {
        "admin",
        "director",
        "head1",
        "head2",
        "specialist1",
        "worker1",
        "worker2",
        "caregiver1",
        "accountant1",
    } <= logins
    worker1, worker2 = (
        Staff.objects.get(user__username="worker1"),
        Staff.objects.get(user__username="worker2"),
    )
    assert worker1.department.number == worker2.department.number == 1
    assert Recipient.objects.filter(social_worker=worker1).exists()
    assert Recipient.objects.filter(social_worker=worker2).exists()
    assert Recipient.objects.filter(caregiver__user__username="caregiver1").exists()


@pytest.mark.parametrize(
    ("login_name", "expected"),
    [
        ("admin", lambda s: Recipient.objects.filter(institution=s.institution)),
        ("director", lambda s: Recipient.objects.filter(institution=s.institution)),
        ("specialist1", lambda s: Recipient.objects.filter(institution=s.institution)),
        ("head1", lambda s: Recipient.objects.filter(department=s.department)),
        ("head2", lambda s: Recipient.objects.filter(department=s.department)),
        # Their own, and those they serve today for others: covering an absent colleague (the
        # demo has a sick leave in department 1), a visit the head moved to them.
        ("worker1", lambda s: Recipient.objects.filter(Q(social_worker=s) | covered_scope(s))),
        ("worker2", lambda s: Recipient.objects.filter(Q(social_worker=s) | covered_scope(s))),
        ("caregiver1", lambda s: Recipient.objects.filter(Q(caregiver=s) | covered_scope(s))),
    ],
)
def test_each_demo_login_sees_exactly_its_recipients(demo, login_name, expected):
    staff = Staff.objects.get(user__username=login_name)
    assert listed(login(login_name)) == set(expected(staff).values_list("pk", flat=True))


def test_the_second_institution_of_the_demo_has_its_own_staff_and_recipients(demo):
    director2 = Staff.objects.get(user__username="director2")
    assert director2.institution != first_institution()
    theirs = Recipient.objects.filter(institution=director2.institution)
    assert theirs.count() == 25
    assert theirs.filter(social_worker__user__username="worker2_1").exists()
    assert listed(login("director2")) == set(theirs.values_list("pk", flat=True))
    assert listed(login("head2_1")) == set(
        theirs.filter(department__number=1).values_list("pk", flat=True)
    )


def test_the_accountant_of_the_demo_lands_on_the_start_page_without_the_registry(demo):
    client = login("accountant1")
    assert client.get("/").status_code == 200
    assert client.get("/recipients/").status_code == 403
