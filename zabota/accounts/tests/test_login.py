"""Login, lockout (ФСТЭК № 21 УПД.6), idle sessions (УПД.10) and logging out everywhere."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from zabota.accounts.models import DeviceToken
from zabota.audit.models import EventKind, SecurityEvent
from zabota.testing import PASSWORD

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


def login(client, username, password=PASSWORD, ip="10.0.0.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_a_right_password_logs_in_and_is_recorded(client, personas):
    response = login(client, "worker1")
    assert response.status_code == 302 and response["Location"] == "/"
    event = SecurityEvent.objects.get(kind=EventKind.LOGIN)
    assert (event.username, event.ip_address, event.success) == ("worker1", "10.0.0.7", True)


def test_a_wrong_password_is_refused_and_recorded(client, personas):
    response = login(client, "worker1", "wrong-password")
    assert "Неверное имя пользователя или пароль" in response.content.decode()
    event = SecurityEvent.objects.get(kind=EventKind.LOGIN_FAILED)
    assert (event.username, event.success) == ("worker1", False)


def test_five_failures_lock_the_account_and_refuse_the_right_password_for_15_minutes(
    client, personas
):
    with time_machine.travel(NOW, tick=False):
        for _ in range(5):
            login(client, "worker1", "wrong-password")
        response = login(client, "worker1")
        assert "Вход заблокирован до" in response.content.decode()
        assert "_auth_user_id" not in client.session
        assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_LOCKED).count() == 1
    with time_machine.travel(NOW + datetime.timedelta(minutes=14), tick=False):
        assert login(client, "worker1").status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(minutes=16), tick=False):
        assert login(client, "worker1").status_code == 302


def test_failures_of_other_logins_from_an_address_do_not_lock_a_colleague_there(client, personas):
    with time_machine.travel(NOW, tick=False):
        for name in ("a", "b", "c", "d", "e", "worker1", "worker1"):
            login(client, name, "x", ip="10.0.0.66")
        assert login(client, "worker2", ip="10.0.0.66").status_code == 302


def test_four_failures_then_a_success_reset_the_count(client, personas):
    with time_machine.travel(NOW, tick=False):
        for _ in range(4):
            login(client, "worker1", "wrong-password")
        assert login(client, "worker1").status_code == 302
        client.logout()
        for _ in range(4):
            login(client, "worker1", "wrong-password")
        assert login(client, "worker1").status_code == 302


def test_failures_older_than_the_window_are_forgotten(client, personas):
    with time_machine.travel(NOW, tick=False):
        for _ in range(4):
            login(client, "worker1", "wrong-password")
    with time_machine.travel(NOW + datetime.timedelta(minutes=20), tick=False):
        login(client, "worker1", "wrong-password")
        assert login(client, "worker1").status_code == 302


def test_an_idle_session_ends_after_30_minutes(client, personas):
    with time_machine.travel(NOW, tick=False):
        login(client, "worker1")
        assert client.get("/").status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(minutes=60), tick=False):
        response = client.get("/recipients/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_working_keeps_the_session_and_seconds_apart_do_not_save_it_again(client, personas):
    from django.contrib.sessions.models import Session

    with time_machine.travel(NOW, tick=False):
        login(client, "worker1")
        assert client.get("/").status_code == 200
    saved = Session.objects.get().expire_date
    with time_machine.travel(NOW + datetime.timedelta(seconds=30), tick=False):
        assert client.get("/").status_code == 200
    assert Session.objects.get().expire_date == saved  # not written back for 30 seconds
    # Active every 20 minutes for an hour: never idle for 30 minutes, so still logged in.
    for minutes in (20, 40, 60):
        with time_machine.travel(NOW + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get("/recipients/").status_code == 200
    assert Session.objects.get().expire_date > saved


def test_logging_out_everywhere_ends_other_sessions_and_revokes_device_keys(personas):
    from django.test import Client

    laptop, tablet = Client(), Client()
    with time_machine.travel(NOW, tick=True):
        login(laptop, "worker1")
        login(tablet, "worker1")
        DeviceToken.objects.create(
            user=personas.worker1.user,
            device="Планшет",
            token_hash=DeviceToken.hash("raw"),
            prefix="raw",
        )
    with time_machine.travel(NOW + datetime.timedelta(minutes=1), tick=True):
        laptop.post("/accounts/logout-everywhere/")
        assert tablet.get("/").status_code == 302
        assert not DeviceToken.objects.get().is_active


def test_login_redirects_only_to_this_site(client, personas):
    response = client.post(
        "/accounts/login/?next=https://evil.example/", {"username": "worker1", "password": PASSWORD}
    )
    assert response["Location"] == "/"


def test_a_user_without_staff_record_cannot_log_in(client, db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("ghost", password=PASSWORD)
    assert login(client, "ghost").status_code == 200


def test_the_password_change_requires_the_current_one_and_a_long_password(personas):
    client = personas.client_for(personas.worker1)
    response = client.post(
        "/accounts/profile/", {"old_password": "nope", "password1": "x", "password2": "x"}
    )
    errors = response.context["form"].errors
    assert "Текущий пароль введён неверно." in errors["old_password"]
    response = client.post(
        "/accounts/profile/",
        {"old_password": PASSWORD, "password1": "short1", "password2": "short1"},
    )
    assert any("10" in e for e in response.context["form"].errors["password1"])
    response = client.post(
        "/accounts/profile/",
        {"old_password": PASSWORD, "password1": "Зимний-лес-2026", "password2": "Зимний-лес-2026"},
    )
    assert response.status_code == 302
    personas.worker1.user.refresh_from_db()
    assert personas.worker1.user.check_password("Зимний-лес-2026")
    assert SecurityEvent.objects.filter(kind=EventKind.PASSWORD_CHANGED).exists()
    assert timezone.now()
