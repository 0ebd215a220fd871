import pytest
from django.core.exceptions import ImproperlyConfigured

from zabota.env import database_from_url, env_bool, env_int, env_list


def test_postgres_urls_become_django_settings():
    db = database_from_url("postgres://zabota:p%40ss@db.local:5433/care")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "care",
        "zabota",
        "p@ss",
        "db.local",
        "5433",
    )


def test_sqlite_urls_keep_absolute_paths():
    assert (
        database_from_url("sqlite:////var/lib/zabota/db.sqlite3")["NAME"]
        == "/var/lib/zabota/db.sqlite3"
    )


@pytest.mark.parametrize("url", ["mysql://x@y/z", "postgres://x@y/"])
def test_a_malformed_database_url_stops_the_start(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url)


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("yes", True), ("0", False), ("", False)])
def test_booleans_are_read_strictly(monkeypatch, raw, value):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is value


def test_a_malformed_boolean_or_integer_stops_the_start(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUMBER", 1)


def test_lists_are_split_on_commas(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "kcson.local, 10.0.0.5 ,")
    assert env_list("X_HOSTS", []) == ["kcson.local", "10.0.0.5"]


def test_trusted_proxies_are_addresses_or_networks_and_nonsense_stops_the_start(monkeypatch):
    from zabota.env import env_networks

    monkeypatch.setenv("ZABOTA_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")
    assert [str(n) for n in env_networks("ZABOTA_TRUSTED_PROXIES")] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
    ]
    monkeypatch.delenv("ZABOTA_TRUSTED_PROXIES")
    assert env_networks("ZABOTA_TRUSTED_PROXIES") == ()
    monkeypatch.setenv("ZABOTA_TRUSTED_PROXIES", "nginx.local")
    with pytest.raises(ImproperlyConfigured):
        env_networks("ZABOTA_TRUSTED_PROXIES")
