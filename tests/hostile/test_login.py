"""Issue 15, item 3: the login lockout against parallel guessing, invented logins and forged
client addresses."""

import datetime

import pytest
import time_machine
from django.test import Client

from tests.hostile.parallel import Crowd
from zabota.accounts.models import LoginLock
from zabota.audit.models import EventKind, SecurityEvent
from zabota.core.addresses import forwarded_client
from zabota.env import env_networks
from zabota.testing import PASSWORD

NOW = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
OFFICE = "10.0.0.66"


def login(client, username, password=PASSWORD, ip=OFFICE, **headers):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        headers=headers,
    )


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_passwords_check_no_more_than_the_limit_and_lock_the_login(
    personas, settings, monkeypatch, tmp_path
):
    crowd = Crowd(40, spare_file=tmp_path / "crowd.sqlite3")
    results = crowd.run([("worker1", f"guess-{i}", OFFICE) for i in range(40)], monkeypatch)

    assert len(crowd.checked) == settings.ZABOTA_LOCKOUT_ATTEMPTS == 5
    assert all(r.user is None for r in results)
    # The 35 turned away before the check say why: the login is locked, or (past 20 attempts at
    # once from one address) the address is slowed; so does at least the failure that locked it.
    assert sum(bool(r.locked_until or r.slowed_until) for r in results) >= 36
    assert LoginLock.objects.get(key=f"pair:worker1|{OFFICE}").locked_until is not None
    # The right password from that address is refused now.
    assert login(Client(), "worker1").status_code == 200
    assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).count() == 5


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_from_forty_addresses_lock_the_login_everywhere(
    personas, settings, monkeypatch, tmp_path
):
    settings.ZABOTA_LOCKOUT_ACCOUNT_ATTEMPTS = 12
    crowd = Crowd(40, spare_file=tmp_path / "crowd.sqlite3")
    crowd.run([("worker1", f"guess-{i}", f"198.51.100.{i}") for i in range(40)], monkeypatch)

    assert len(crowd.checked) == 12
    # Locked from an address that never tried, too.
    assert login(Client(), "worker1", ip="192.0.2.200").status_code == 200
    assert LoginLock.objects.get(key="user:worker1").locked_until is not None


@pytest.mark.django_db(transaction=True)
def test_the_right_password_among_29_parallel_guesses_is_checked_only_within_the_limit(
    personas, settings, monkeypatch, tmp_path
):
    guesses = [("worker1", f"guess-{i}", OFFICE) for i in range(29)]
    attempts = guesses[:20] + [("worker1", PASSWORD, OFFICE)] + guesses[20:]
    crowd = Crowd(30, spare_file=tmp_path / "crowd.sqlite3")
    results = crowd.run(attempts, monkeypatch)

    limit = settings.ZABOTA_LOCKOUT_ATTEMPTS
    assert len(crowd.checked) <= limit
    right = results[20]
    if PASSWORD in crowd.checked:
        # It got one of the five places: it is let in, and the four guesses beside it were judged
        # as failures. How many of them the success forgave depends on which finished first (it
        # forgives those already counted, never those still being checked), so the counter is
        # anywhere from 0 to four, and the login is not locked.
        assert right.user == personas.worker1.user
        assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).count() == limit - 1
        pair = LoginLock.objects.get(key=f"pair:worker1|{OFFICE}")
        assert pair.failures <= limit - 1 and pair.locked_until is None
    else:
        # Turned away before the check, with its reason: the login locked by the guesses, or
        # (past 20 attempts at once from one address) the address slowed down — which of the two
        # depends on the order the attempts reach the counters.
        assert right.user is None
        assert right.locked_until is not None or right.slowed_until is not None
        assert login(Client(), "worker1").status_code == 200


def test_invented_logins_from_an_address_do_not_lock_a_real_colleague_there(client, personas):
    with time_machine.travel(NOW, tick=False):
        for name in ("boss", "root", "admin1", "ivanova", "test"):
            assert login(client, name, "x").status_code == 200
        assert login(client, "worker2").status_code == 302
    assert LoginLock.objects.get(key=f"ip:{OFFICE}").failures == 5


def test_a_success_of_one_login_does_not_reset_the_address_counter(client, personas):
    with time_machine.travel(NOW, tick=False):
        for name in ("boss", "root", "test"):
            login(client, name, "x")
        assert login(client, "worker2").status_code == 302
        client.logout()
        login(client, "nobody", "x")
    assert LoginLock.objects.get(key=f"ip:{OFFICE}").failures == 4


def test_an_address_full_of_failures_is_slowed_but_a_colleague_known_there_passes(
    client, personas, settings
):
    settings.ZABOTA_ADDRESS_SLOWDOWN_ATTEMPTS = 6
    with time_machine.travel(NOW, tick=False):
        assert login(client, "worker1").status_code == 302  # worker1 works from this office
        client.logout()
        for i in range(6):
            login(client, f"made-up-{i}", "x")
        # The next unknown attempt gets its one slot; the one after it waits.
        assert "Неверное имя" in login(client, "made-up-7", "x").content.decode()
        page = login(client, "worker2").content.decode()
        assert "Слишком много неудачных попыток входа с вашего адреса" in page
        assert login(client, "worker1").status_code == 302
    with time_machine.travel(NOW + datetime.timedelta(seconds=3), tick=False):
        assert login(Client(), "worker2").status_code == 302


def test_the_pause_of_a_slowed_address_doubles_and_stops_at_its_ceiling(client, personas, settings):
    settings.ZABOTA_ADDRESS_SLOWDOWN_ATTEMPTS = 2
    settings.ZABOTA_ADDRESS_SLOWDOWN_MAX_SECONDS = 8
    pauses = []
    moment = NOW
    with time_machine.travel(moment, tick=False) as clock:
        for i in range(2):
            login(client, f"made-up-{i}", "x")
        for i in range(6):
            login(client, f"again-{i}", "x")
            until = LoginLock.objects.get(key=f"ip:{OFFICE}").locked_until
            pauses.append(int((until - moment).total_seconds()))
            moment = until
            clock.move_to(moment)
    assert pauses == [1, 2, 4, 8, 8, 8]


def test_a_forged_x_real_ip_or_x_forwarded_for_from_a_client_is_ignored(client, personas):
    for _ in range(5):
        login(client, "worker1", "wrong", ip=OFFICE, X_Real_IP=f"203.0.113.{_}")
    # Every failure counted against the real peer: locked there whatever the headers say.
    response = login(client, "worker1", ip=OFFICE, X_Forwarded_For="203.0.113.99")
    assert "Вход заблокирован до" in response.content.decode()
    addresses = set(
        SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).values_list(
            "ip_address", flat=True
        )
    )
    assert addresses == {OFFICE}


def test_the_address_from_a_trusted_proxy_is_believed(client, personas, settings, monkeypatch):
    monkeypatch.setenv("ZABOTA_TRUSTED_PROXIES", "127.0.0.1, 10.1.0.0/16")
    settings.ZABOTA_TRUSTED_PROXIES = env_networks("ZABOTA_TRUSTED_PROXIES")
    behind_nginx = {"ip": "127.0.0.1", "X_Real_IP": "198.51.100.7"}
    for _ in range(5):
        login(client, "worker1", "wrong", **behind_nginx)
    # The lock is the client's, not the proxy's: a colleague behind the same nginx logs in.
    assert "Вход заблокирован" in login(client, "worker1", **behind_nginx).content.decode()
    assert login(client, "worker1", ip="127.0.0.1", X_Real_IP="198.51.100.8").status_code == 302
    assert SecurityEvent.objects.get(kind=EventKind.LOGIN).ip_address == "198.51.100.8"


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "real_ip", "client"),
    [
        # An untrusted peer: its headers are its own writing.
        ("198.51.100.7", "1.2.3.4", "5.6.7.8", "198.51.100.7"),
        # nginx on the machine: its X-Real-IP.
        ("127.0.0.1", "", "198.51.100.7", "198.51.100.7"),
        # X-Forwarded-For, right to left, past the trusted proxies; the forged left part ignored.
        ("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", "", "198.51.100.7"),
        # X-Forwarded-For wins over X-Real-IP, which a forwarding proxy may pass on forged.
        ("10.1.0.5", "198.51.100.7", "6.6.6.6", "198.51.100.7"),
        # Garbage where a proxy's hop should be: the last address vouched for.
        ("127.0.0.1", "198.51.100.7, nonsense, 10.1.2.3", "", "10.1.2.3"),
        # Every hop a proxy: the farthest one.
        ("127.0.0.1", "10.1.9.9, 10.1.2.3", "", "10.1.9.9"),
        # Ports and IPv4-mapped IPv6 forms.
        ("127.0.0.1", "198.51.100.7:51234", "", "198.51.100.7"),
        ("::ffff:127.0.0.1", "[2001:db8::5]:443", "", "2001:db8::5"),
    ],
)
def test_the_client_address_is_read_right_to_left_past_trusted_proxies(
    peer, forwarded_for, real_ip, client
):
    import ipaddress

    proxies = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.1.0.0/16")]
    assert (
        forwarded_client(peer=peer, forwarded_for=forwarded_for, real_ip=real_ip, proxies=proxies)
        == client
    )
