"""Issue 15, item 7: a tablet's key outliving a password reset, a switched-off account or months
in a drawer."""

import datetime
import json

import pytest
import time_machine
from django.test import Client

from zabota.accounts.models import DeviceToken, RevokeReason
from zabota.audit.models import EventKind, SecurityEvent
from zabota.testing import PASSWORD

NOW = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
NEW_PASSWORD = "Зимний-лес-2026"


def tablet_key(username="worker1") -> str:
    response = Client().post(
        "/api/v1/token",
        json.dumps({"username": username, "password": PASSWORD, "device": "Планшет 3"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def me(key: str):
    return Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})


def test_a_password_reset_by_the_administrator_stops_the_tablet(personas):
    key = tablet_key()
    assert me(key).status_code == 200

    page = personas.client_for(personas.admin).post(
        f"/organisation/staff/{personas.worker1.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert page.status_code == 302
    response = me(key)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Ключ устройства отозван (смена пароля): войдите снова.",
        "code": "token_revoked",
    }
    revoked = SecurityEvent.objects.get(kind=EventKind.TOKEN_REVOKED)
    assert revoked.user == personas.admin.user
    assert revoked.details == "worker1: Планшет 3 — смена пароля"


def test_a_password_changed_by_its_owner_stops_their_tablets_but_not_a_colleagues(personas):
    own, colleagues = tablet_key(), tablet_key("worker2")

    page = personas.client_for(personas.worker1).post(
        "/accounts/profile/",
        {"old_password": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert page.status_code == 302
    assert me(own).json()["code"] == "token_revoked"
    assert me(colleagues).status_code == 200


def test_switching_an_account_off_stops_its_tablet_and_switching_on_does_not_revive_it(personas):
    key = tablet_key()
    admin = personas.client_for(personas.admin)
    url = f"/organisation/staff/{personas.worker1.pk}/"
    form = {
        "username": "worker1",
        "last_name": "Соколова",
        "first_name": "Анна",
        "middle_name": "Ивановна",
        "role": personas.worker1.role,
        "department": personas.department1.pk,
        "position": "",
        "phone": "",
    }

    assert admin.post(url, form).status_code == 302  # is_active left unticked
    response = me(key)
    assert response.status_code == 401
    assert "учётная запись отключена" in response.json()["detail"]
    assert admin.post(url, form | {"is_active": "on"}).status_code == 302
    assert me(key).status_code == 401
    assert DeviceToken.objects.get().revoked_reason == RevokeReason.DEACTIVATED


def test_a_key_idle_for_31_days_gets_401_and_one_used_within_30_days_works(personas, settings):
    assert settings.ZABOTA_TOKEN_IDLE_DAYS == 30
    with time_machine.travel(NOW, tick=False):
        idle, busy = tablet_key(), tablet_key()
        assert me(idle).status_code == me(busy).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(days=29), tick=False):
        assert me(busy).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(days=31), tick=False):
        response = me(idle)
        assert me(busy).status_code == 200  # last used two days ago
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Ключ устройства не использовался больше 30 дн. и перестал действовать: "
        "войдите снова.",
        "code": "token_expired",
    }
    # Once is enough: the key is revoked, with the reason, in the journal.
    revoked = SecurityEvent.objects.get(kind=EventKind.TOKEN_REVOKED)
    assert revoked.user == personas.worker1.user and "долго не использовался" in revoked.details
    with time_machine.travel(NOW + datetime.timedelta(days=32), tick=False):
        assert me(idle).json()["code"] == "token_expired"


def test_a_key_never_used_runs_out_from_the_day_it_was_issued(personas):
    with time_machine.travel(NOW, tick=False):
        key = tablet_key()
    with time_machine.travel(NOW + datetime.timedelta(days=31), tick=False):
        assert me(key).json()["code"] == "token_expired"


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer not-a-key", "Bearer " + "x" * 500])
def test_a_missing_or_unknown_key_gets_401_with_its_own_code(personas, header):
    response = Client().get("/api/v1/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"
