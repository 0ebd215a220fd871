"""Typed readers of environment variables for the settings module.

Every setting that differs between a laptop and a centre's server comes from the environment.
A malformed value stops the start-up with a message instead of running half-configured.
"""

import ipaddress
import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected 1 or 0")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated addresses or CIDR networks ("127.0.0.1, 10.0.0.0/8"); empty by default."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an address or a network (10.0.0.1, 10.0.0.0/8)"
            ) from None
    return tuple(networks)


def database_from_url(url: str) -> dict:
    """Django DATABASES entry from postgres://user:password@host:port/name or sqlite:///path."""
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL: the database name is missing")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # Connections are reused between requests: a round-trip per request is measurable.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("//"):
            path = path[1:]
        return sqlite_database(path.lstrip("/") if path.startswith("/./") else path)
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")


def sqlite_database(path: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # WAL lets readers work while a worker saves; IMMEDIATE takes the write lock at the
            # start of a transaction, so two workstations saving at once wait instead of failing
            # with "database is locked" half-way through.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def _address(name: str, text: str) -> tuple[str, str]:
    """(display name, address) of «Иван Петров <ivan@example.org>» or «ops@example.org»."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    text = text.strip()
    display, address = "", text
    if text.endswith(">") and "<" in text:
        display, address = text[:-1].split("<", 1)
        display, address = display.strip().strip('"').strip(), address.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"{name}: {text!r} is not an e-mail address (ops@example.org or Name <ops@example.org>)"
        ) from None
    return display, address


def env_admins(name: str) -> list[tuple[str, str]]:
    """People who get a letter about each server error: «Иван Петров <ivan@example.org>,
    ops@example.org» → Django's ADMINS, [(name, address), …]; empty by default. A comma
    separates people, so a name must not contain one."""
    return [_address(name, item) for item in env_list(name, [])]


def env_email(name: str, default: str) -> str:
    """One sender address, «Забота <zabota@example.org>» or «zabota@example.org»."""
    raw = os.environ.get(name, "").strip() or default
    _address(name, raw)
    return raw


@dataclass(frozen=True)
class EmailSettings:
    """Django's EMAIL_* settings read from one URL; `sends` is False when no letter leaves."""

    backend: str
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False

    @property
    def sends(self) -> bool:
        return self.backend == SMTP_BACKEND


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# scheme → (default port, STARTTLS, TLS from the first byte)
SMTP_SCHEMES = {
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "smtps": (465, False, True),
}


def email_from_url(url: str, name: str = "ZABOTA_EMAIL_URL") -> EmailSettings:
    """smtp://user:password@host:port (plain, port 25), smtp+tls://… (STARTTLS, 587),
    smtps://… (TLS, 465); console:// prints letters to the log; empty: no mail at all.
    Special characters of the user or password are %-encoded (@ → %40)."""
    url = url.strip()
    if not url:
        return EmailSettings(backend="django.core.mail.backends.dummy.EmailBackend")
    parts = urlsplit(url)
    if parts.scheme == "console" and not parts.netloc.strip("/") and not parts.path.strip("/"):
        return EmailSettings(backend="django.core.mail.backends.console.EmailBackend")
    if parts.scheme not in SMTP_SCHEMES:
        raise ImproperlyConfigured(
            f"{name}: unsupported scheme {parts.scheme!r} (smtp://, smtp+tls://, smtps://, console://)"
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name}: the port is not a number") from None
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name}: the mail server's name is missing")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name}: nothing may follow host:port")
    default_port, use_tls, use_ssl = SMTP_SCHEMES[parts.scheme]
    return EmailSettings(
        backend=SMTP_BACKEND,
        host=parts.hostname,
        port=port or default_port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def env_log_level(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip().upper() or default
    if value not in LOG_LEVELS:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(LOG_LEVELS)}")
    return value
