"""The demo's relative: «relative1» with the common password reads a recipient of department 1
who had visits in the last 30 days, on the consent the head recorded."""

import pytest
from django.test import Client

from zabota.core.demo import DEMO_PASSWORD
from zabota.family.models import Invitation, Relative
from zabota.testing import demo_rolled_back

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_rolled_back(django_db_blocker):
        yield


@pytest.mark.django_db
def test_the_demos_relative_logs_in_and_sees_the_visits(demo):
    relative = Relative.objects.get(user__username="relative1")
    assert relative.is_open and relative.recipient.department.number == 1
    assert Invitation.objects.get(relative=relative).used_at is not None
    client = Client()
    response = client.post("/accounts/login/", {"username": "relative1", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/family/"
    page = client.get("/family/")
    assert page.status_code == 200
    assert page.context["visits"], "the demo's relative sees no visit"
    assert relative.recipient.full_name in page.content.decode()
