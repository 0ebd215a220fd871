import json

import pytest

from zabota.operations import health

pytestmark = pytest.mark.django_db


def test_health_answers_200_without_login_when_every_check_passes(client, settings, monkeypatch):
    settings.ZABOTA_HEALTH_MIN_FREE_MB = 1
    # The registered checks (the worker's heartbeat) are tested by their own apps.
    monkeypatch.setattr(
        health, "CHECKS", {"database": health.database_check, "disk": health.disk_check}
    )
    response = client.get("/health/")
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["status"] == "ok"
    assert set(answer["checks"]) >= {"database", "disk"}
    assert answer["checks"]["database"]["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_too_little_free_disk_space_is_a_503(client, settings):
    settings.ZABOTA_HEALTH_MIN_FREE_MB = 10**12
    response = client.get("/health/")
    assert response.status_code == 503
    answer = json.loads(response.content)
    assert answer["status"] == "fail"
    assert answer["checks"]["disk"]["status"] == "fail"
    assert answer["checks"]["database"]["status"] == "ok"


def test_a_failing_registered_check_is_a_503(client, settings, monkeypatch):
    settings.ZABOTA_HEALTH_MIN_FREE_MB = 1
    monkeypatch.setitem(health.CHECKS, "worker", lambda: (False, "нет сигнала 10 мин"))
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["worker"] == {
        "status": "fail",
        "detail": "нет сигнала 10 мин",
    }


def test_a_check_that_raises_fails_without_telling_why(client, settings, monkeypatch):
    settings.ZABOTA_HEALTH_MIN_FREE_MB = 1

    def broken():
        raise OSError("/var/lib/zabota/secret.sqlite3: permission denied")

    monkeypatch.setitem(health.CHECKS, "worker", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert "/var/lib" not in response.content.decode()
    assert json.loads(response.content)["checks"]["worker"]["status"] == "fail"


def test_a_database_that_does_not_answer_in_time_fails(settings, monkeypatch):
    import threading

    settings.ZABOTA_HEALTH_DB_TIMEOUT_SECONDS = 0.2
    release = threading.Event()
    monkeypatch.setattr(health.connections, "close_all", lambda: release.wait(5))
    ok, detail = health.database_check()
    release.set()
    assert not ok and "не ответила" in detail


def test_health_says_nothing_about_versions_or_paths(client, settings):
    text = client.get("/health/").content.decode()
    assert str(settings.VAR_DIR) not in text and "Django" not in text and "python" not in text


def test_health_takes_head_and_refuses_post(client):
    assert client.head("/health/").status_code in (200, 503)
    assert client.post("/health/").status_code == 405
