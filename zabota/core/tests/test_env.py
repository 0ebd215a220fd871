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


def test_admins_are_read_with_or_without_a_name(monkeypatch):
    from zabota.env import env_admins

    monkeypatch.setenv("ZABOTA_ADMINS", "Иван Петров <ivan@example.org>, ops@example.org,")
    assert env_admins("ZABOTA_ADMINS") == [
        ("Иван Петров", "ivan@example.org"),
        ("", "ops@example.org"),
    ]
    monkeypatch.delenv("ZABOTA_ADMINS")
    assert env_admins("ZABOTA_ADMINS") == []


@pytest.mark.parametrize(
    "raw", ["ivan", "Иван <ivan@>", "Иван Петров <ivan@example.org", "a@b.org; c@d.org"]
)
def test_a_malformed_admin_address_stops_the_start(monkeypatch, raw):
    from zabota.env import env_admins

    monkeypatch.setenv("ZABOTA_ADMINS", raw)
    with pytest.raises(ImproperlyConfigured, match="ZABOTA_ADMINS"):
        env_admins("ZABOTA_ADMINS")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://zabota:p%40ss@mail.kcson.local:2525",
            ("mail.kcson.local", 2525, "zabota", "p@ss", False, False),
        ),
        ("smtp://mail.kcson.local", ("mail.kcson.local", 25, "", "", False, False)),
        ("smtp+tls://u:p@smtp.example.org", ("smtp.example.org", 587, "u", "p", True, False)),
        ("smtps://u:p@smtp.example.org", ("smtp.example.org", 465, "u", "p", False, True)),
    ],
)
def test_mail_urls_become_smtp_settings(url, expected):
    from zabota.env import email_from_url

    email = email_from_url(url)
    assert email.sends and email.backend.endswith("smtp.EmailBackend")
    assert (
        email.host,
        email.port,
        email.user,
        email.password,
        email.use_tls,
        email.use_ssl,
    ) == expected


def test_an_empty_mail_url_sends_nothing_and_console_prints_letters():
    from zabota.env import email_from_url

    assert not email_from_url("").sends and email_from_url("").backend.endswith(
        "dummy.EmailBackend"
    )
    console = email_from_url("console://")
    assert not console.sends and console.backend.endswith("console.EmailBackend")


@pytest.mark.parametrize(
    "url",
    [
        "mail.kcson.local",
        "smtp://",
        "smtp://mail.kcson.local:port",
        "smtp://mail.kcson.local/inbox",
        "smtp://mail.kcson.local?tls=1",
        "imap://mail.kcson.local",
        "console://mail.kcson.local",
    ],
)
def test_a_malformed_mail_url_stops_the_start(url):
    from zabota.env import email_from_url

    with pytest.raises(ImproperlyConfigured, match="ZABOTA_EMAIL_URL"):
        email_from_url(url)


def test_a_sender_address_is_checked_and_the_log_level_is_one_of_pythons(monkeypatch):
    from zabota.env import env_email, env_log_level

    monkeypatch.setenv("ZABOTA_SERVER_EMAIL", "Забота <zabota@kcson.local>")
    assert env_email("ZABOTA_SERVER_EMAIL", "x@localhost") == "Забота <zabota@kcson.local>"
    monkeypatch.setenv("ZABOTA_SERVER_EMAIL", "zabota")
    with pytest.raises(ImproperlyConfigured):
        env_email("ZABOTA_SERVER_EMAIL", "x@localhost")
    monkeypatch.setenv("ZABOTA_LOG_LEVEL", "debug")
    assert env_log_level("ZABOTA_LOG_LEVEL", "INFO") == "DEBUG"
    monkeypatch.setenv("ZABOTA_LOG_LEVEL", "loud")
    with pytest.raises(ImproperlyConfigured):
        env_log_level("ZABOTA_LOG_LEVEL", "INFO")
