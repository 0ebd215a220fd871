"""The counters behind the login lockout (zabota/accounts/lockout.py), one attempt at a time."""

import datetime

import pytest
import time_machine

from zabota.accounts import lockout
from zabota.accounts.models import LoginLock
from zabota.accounts.services import login_attempt
from zabota.testing import PASSWORD

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
HERE = "10.0.0.7"


def attempt(username="worker1", password="wrong", ip=HERE):
    return login_attempt(request=None, username=username, password=password, ip_address=ip)


def counts(key: str) -> tuple[int, int]:
    row = LoginLock.objects.get(key=key)
    return row.failures, row.pending


def test_an_attempt_holds_a_place_while_its_password_is_checked(personas):
    gate = lockout.enter("Worker1 ", HERE)
    assert gate.open and gate.held == [f"ip:{HERE}", "user:worker1", f"pair:worker1|{HERE}"]
    assert counts(f"pair:worker1|{HERE}") == counts("user:worker1") == (0, 1)
    lockout.leave_failed(gate)
    assert counts(f"pair:worker1|{HERE}") == counts(f"ip:{HERE}") == (1, 0)


def test_a_check_that_breaks_gives_its_places_back_uncounted(personas, monkeypatch):
    from zabota.accounts import services

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "authenticate", broken)
    with pytest.raises(RuntimeError):
        attempt()
    assert counts(f"pair:worker1|{HERE}") == counts("user:worker1") == (0, 0)


def test_a_place_left_by_a_killed_worker_is_forgotten_with_its_window(personas):
    with time_machine.travel(NOW, tick=False):
        lockout.enter("worker1", HERE)  # never leaves
        assert counts("user:worker1") == (0, 1)
    with time_machine.travel(NOW + datetime.timedelta(minutes=16), tick=False):
        assert attempt(password=PASSWORD).user is not None
        assert counts("user:worker1") == (0, 0)


def test_a_success_forgives_the_failures_from_its_address_but_not_from_elsewhere(personas):
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            attempt(ip="192.0.2.1")
        attempt(ip=HERE)
        assert attempt(password=PASSWORD).user is not None
    assert counts(f"pair:worker1|{HERE}")[0] == 0
    assert counts("pair:worker1|192.0.2.1")[0] == 3
    assert counts("user:worker1")[0] == 4


def test_a_success_beside_parallel_guesses_leaves_their_failures_standing(personas):
    guess = lockout.enter("worker1", HERE)
    right = lockout.enter("worker1", HERE)
    lockout.leave_succeeded(right)
    lockout.leave_failed(guess)
    assert counts(f"pair:worker1|{HERE}") == (1, 0)


def test_the_login_is_locked_everywhere_after_the_account_limit(personas, settings):
    settings.ZABOTA_LOCKOUT_ACCOUNT_ATTEMPTS = 3
    with time_machine.travel(NOW, tick=False):
        for i in range(3):
            result = attempt(ip=f"192.0.2.{i}")
        assert result.locked_until == NOW + datetime.timedelta(minutes=15)
        refused = attempt(password=PASSWORD, ip="198.51.100.1")
    assert refused.user is None and refused.locked_until is not None


def test_the_lock_message_names_the_time_and_the_slowdown_the_seconds(personas):
    from zabota.accounts.services import LoginResult, login_refusal

    with time_machine.travel(NOW, tick=False):
        locked = LoginResult(user=None, locked_until=NOW + datetime.timedelta(minutes=15))
        slowed = LoginResult(user=None, slowed_until=NOW + datetime.timedelta(seconds=7.2))
        assert login_refusal(locked) == (
            "Слишком много неудачных попыток. Вход заблокирован до 12:15."
        )
        assert login_refusal(slowed).endswith("Повторите через 8 с.")
    assert login_refusal(LoginResult(user=None)) == "Неверное имя пользователя или пароль."


def test_a_login_that_lowercases_longer_still_fits_its_counters(personas):
    assert attempt(username="İ" * 150).user is None
    assert LoginLock.objects.filter(key__startswith="pair:i").get().key.endswith(f"|{HERE}")
