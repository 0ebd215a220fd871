"""A relative in the access matrix: every staff page refused, every API route without a key,
and of the family pages only their own recipient's (another's act is 404)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from zabota.core.tests.access_world import OWNERS, build_world
from zabota.core.tests.test_access_matrix import API_ROUTES, API_WITHOUT_KEY, ROUTES
from zabota.core.tests.test_access_matrix import request as matrix_request
from zabota.documents.models import IssuedDocument
from zabota.family.tests.conftest import client_of
from zabota.testing import PASSWORD, _password_hash

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from zabota.testing import Catalog, build_personas

    with django_db_blocker.unblock(), transaction.atomic():
        personas = build_personas()
        world = build_world(personas, Catalog(personas))
        for owner in OWNERS:
            relative = world[owner].relative
            relative.user = get_user_model().objects.create(
                username=f"relative_{owner}", password=_password_hash()
            )
            relative.save()
        IssuedDocument.objects.filter(pk__in=[world[owner].document.pk for owner in OWNERS]).update(
            kind="act"
        )
        yield world
        transaction.set_rollback(True)


STAFF_ROUTES = sorted(
    n for n, spec in ROUTES.items() if spec["capability"] not in ("public", "family.view")
)


@pytest.mark.parametrize("name", STAFF_ROUTES)
def test_a_relative_is_refused_every_staff_page(world, name):
    client = client_of(world["ours"].relative.user)
    spec = ROUTES[name]
    for owner in OWNERS:
        with transaction.atomic():
            response = matrix_request(client, name, spec, world[owner])
            transaction.set_rollback(True)
        assert response.status_code == 403, f"{name}, object of {owner}: {response.status_code}"


def test_a_relative_gets_no_api_answer_and_no_device_key(world):
    client = client_of(world["ours"].relative.user)
    for name in sorted(API_ROUTES - API_WITHOUT_KEY):
        kwargs = {"recipient_id": world["ours"].recipient.pk} if name == "api:v1:recipient" else {}
        assert client.get(reverse(name, kwargs=kwargs)).status_code in (401, 405), name
    response = Client().post(
        reverse("api:v1:token_issue"),
        {"username": "relative_ours", "password": PASSWORD, "device": "телефон"},
        content_type="application/json",
    )
    assert response.status_code in (400, 401, 403), response.status_code
    assert "token" not in response.json()


def test_a_relative_reads_only_their_own_recipients_act(world):
    client = client_of(world["ours"].relative.user)
    for owner in OWNERS:
        url = reverse("family:act_file", args=[world[owner].document.pk])
        with transaction.atomic():
            status = client.get(url).status_code
            transaction.set_rollback(True)
        assert status == (200 if owner == "ours" else 404), f"act of {owner}: {status}"


def test_another_recipients_ids_in_the_address_change_nothing(world):
    ours, theirs = world["ours"], world["theirs"]
    client = client_of(ours.relative.user)
    with transaction.atomic():
        response = client.get(
            reverse("family:home"),
            {"recipient": theirs.recipient.pk, "pk": theirs.recipient.pk, "id": "1 OR 1=1"},
        )
        transaction.set_rollback(True)
    page = response.content.decode()
    assert response.status_code == 200
    assert ours.recipient.full_name in page and theirs.recipient.full_name not in page


def test_each_relative_sees_their_own_recipient(world):
    for owner in OWNERS:
        with transaction.atomic():
            page = client_of(world[owner].relative.user).get(reverse("family:home"))
            transaction.set_rollback(True)
        assert page.status_code == 200
        text = page.content.decode()
        for other in OWNERS:
            shown = world[other].recipient.full_name in text
            assert shown == (other == owner), f"relative of {owner} sees {other}: {shown}"


def test_an_anonymous_visitor_is_sent_to_the_login_page(world, client):
    for name in ("family:home", "family:message"):
        response = matrix_request(client, name, ROUTES[name], world["ours"])
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
