"""Issue 22, the family view: a relative's login stands behind the same lockout as staff's —
the same page, the same counters, the same limits."""

import pytest
from django.test import Client

from tests.hostile.parallel import Crowd
from zabota.accounts.models import LoginLock
from zabota.accounts.services import account_kinds
from zabota.audit.models import EventKind, SecurityEvent
from zabota.family.tests.conftest import make_relative
from zabota.testing import PASSWORD

OFFICE = "10.0.0.77"


def login(client, username, password=PASSWORD, ip=OFFICE):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def relative(personas):
    return make_relative(personas.recipient_of_worker1, "relative1", personas.head1)


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_passwords_of_a_relative_lock_the_login_as_a_staffs(
    relative, settings, monkeypatch, tmp_path
):
    crowd = Crowd(40, spare_file=tmp_path / "crowd.sqlite3", kinds=account_kinds())
    results = crowd.run([("relative1", f"guess-{i}", OFFICE) for i in range(40)], monkeypatch)

    assert len(crowd.checked) == settings.ZABOTA_LOCKOUT_ATTEMPTS == 5
    assert all(r.user is None for r in results)
    assert LoginLock.objects.get(key=f"pair:relative1|{OFFICE}").locked_until is not None
    # The right password from that address is refused now, with the staff's words.
    response = login(Client(), "relative1")
    assert response.status_code == 200
    assert "Слишком много неудачных попыток" in response.content.decode()
    assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).count() == 5


@pytest.mark.django_db
def test_a_relatives_right_password_after_the_limit_is_refused_and_later_let_in(relative, settings):
    for n in range(settings.ZABOTA_LOCKOUT_ATTEMPTS):
        login(Client(), "relative1", password=f"wrong-{n}")
    locked = login(Client(), "relative1")
    assert locked.status_code == 200 and "заблокирован" in locked.content.decode()
    assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_LOCKED).exists()
    # From another address the pair lock does not hold: the relative gets in.
    response = login(Client(), "relative1", ip="192.0.2.10")
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(kind=EventKind.LOGIN, user=relative.user).exists()
