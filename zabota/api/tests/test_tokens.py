import datetime
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from zabota.accounts.models import DeviceToken
from zabota.audit.models import EventKind, SecurityEvent
from zabota.testing import PASSWORD

NOW = datetime.datetime(2026, 11, 18, 9, 0, tzinfo=datetime.UTC)


def post_token(client: Client, username="worker1", password=PASSWORD, device="Планшет 3"):
    return client.post(
        "/api/v1/token",
        json.dumps({"username": username, "password": password, "device": device}),
        content_type="application/json",
    )


def test_a_worker_gets_a_device_key_that_is_stored_only_as_a_hash(personas):
    response = post_token(Client())

    assert response.status_code == 200
    raw = response.json()["token"]
    token = DeviceToken.objects.get(user=personas.worker1.user)
    assert token.device == "Планшет 3"
    assert token.token_hash == DeviceToken.hash(raw) and raw not in token.token_hash
    assert token.prefix == raw[:8]
    issued = SecurityEvent.objects.get(kind=EventKind.TOKEN_ISSUED)
    assert issued.user == personas.worker1.user and "Планшет 3" in issued.details


def test_the_key_opens_the_api_and_a_request_without_it_gets_401(personas):
    raw = post_token(Client()).json()["token"]

    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    anonymous = Client().get("/api/v1/me")
    wrong = Client().get("/api/v1/me", headers={"Authorization": "Bearer not-a-key"})

    assert me.status_code == 200 and me.json()["username"] == "worker1"
    assert me.json()["role_display"] == "Социальный работник"
    for response in (anonymous, wrong):
        assert response.status_code == 401
        assert response.json() == {
            "detail": "Нужен действующий ключ устройства: войдите снова.",
            "code": "token_invalid",
        }


def test_a_wrong_password_gets_401_in_russian_and_no_key(personas):
    response = post_token(Client(), password="wrong-password")

    assert response.status_code == 401
    assert response.json() == {"detail": "Неверное имя пользователя или пароль."}
    assert not DeviceToken.objects.exists()
    assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED, username="worker1").exists()


def test_the_token_endpoint_respects_the_login_lockout(personas, settings):
    settings.ZABOTA_LOCKOUT_ATTEMPTS = 3
    client = Client()
    for _ in range(3):
        post_token(client, password="wrong-password")

    response = post_token(client)  # the right password, while locked

    assert response.status_code == 429
    assert response.json()["detail"].startswith(
        "Слишком много неудачных попыток. Вход заблокирован до"
    )
    assert not DeviceToken.objects.exists()


def test_a_revoked_key_gets_401(personas):
    raw = post_token(Client()).json()["token"]
    token = DeviceToken.objects.get()
    token.revoked_at = timezone.now()
    token.save()

    response = Client().get("/api/v1/field/catalog", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401


def test_a_key_revoked_on_the_profile_page_stops_working(personas):
    raw = post_token(Client()).json()["token"]
    token = DeviceToken.objects.get()

    page = personas.client_for(personas.worker1).post(f"/accounts/tokens/{token.pk}/revoke/")

    assert page.status_code == 302
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_the_device_gives_its_key_back(personas):
    raw = post_token(Client()).json()["token"]
    auth = {"Authorization": f"Bearer {raw}"}

    response = Client().post("/api/v1/token/revoke", headers=auth)

    assert response.status_code == 204
    assert not DeviceToken.objects.get().is_active
    assert SecurityEvent.objects.filter(kind=EventKind.TOKEN_REVOKED).exists()
    assert Client().get("/api/v1/me", headers=auth).status_code == 401


def test_a_key_of_a_deactivated_person_gets_401(personas):
    raw = post_token(Client()).json()["token"]
    personas.worker1.user.is_active = False
    personas.worker1.user.save()

    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_last_use_is_written_at_most_once_a_minute(personas, django_assert_num_queries):
    raw = post_token(Client()).json()["token"]
    auth = {"Authorization": f"Bearer {raw}"}
    client = Client()
    with time_machine.travel(NOW, tick=False):
        client.get("/api/v1/me", headers=auth)
        first = DeviceToken.objects.get().last_used_at
        # Within the minute: the key is read, nothing is written.
        with django_assert_num_queries(1):
            client.get("/api/v1/me", headers=auth)
    with time_machine.travel(NOW + datetime.timedelta(seconds=30), tick=False):
        client.get("/api/v1/me", headers=auth)
        assert DeviceToken.objects.get().last_used_at == first == NOW
    with time_machine.travel(NOW + datetime.timedelta(minutes=2), tick=False):
        client.get("/api/v1/me", headers=auth)
        assert DeviceToken.objects.get().last_used_at == NOW + datetime.timedelta(minutes=2)


@pytest.mark.parametrize("device", ["", "x" * 101])
def test_a_device_name_must_be_given_and_short(personas, device):
    response = post_token(Client(), device=device)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "device"
    assert not DeviceToken.objects.exists()


def test_the_schema_and_the_documentation_are_served(personas):
    schema = Client().get("/api/v1/openapi.json")
    docs = Client().get("/api/v1/docs")
    asset = Client().get("/api/docs-assets/swagger-ui-bundle.js")

    assert schema.status_code == 200
    assert "/api/v1/field/sync" in schema.json()["paths"]
    assert docs.status_code == 200 and b"/api/docs-assets/swagger-ui-init.js" in docs.content
    assert asset.status_code == 200 and asset["Content-Type"] == "application/javascript"
    assert Client().get("/api/docs-assets/settings.py").status_code == 404
