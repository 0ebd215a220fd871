"""PostgreSQL: pg_dump in its custom format, pg_restore --clean --if-exists in one transaction.

The connection comes from settings.DATABASES; the password travels in the PGPASSWORD variable
of the child process, never on its command line (where `ps` would show it).
"""

import os
import re
import subprocess
from pathlib import Path

from zabota.exchange.backup.fileformat import BackupError


def _environment(settings_dict: dict) -> dict[str, str]:
    env = os.environ.copy()
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode"),
    }
    for key, value in values.items():
        if value:
            env[key] = str(value)
        else:
            env.pop(key, None)
    return env


def _run(arguments: list[str], settings_dict: dict, what: str) -> str:
    try:
        done = subprocess.run(
            arguments,
            env=_environment(settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise BackupError(
            f"Не найдена программа {arguments[0]}: установите клиент PostgreSQL "
            "(пакет postgresql-client той же версии, что и сервер)."
        ) from None
    if done.returncode != 0:
        raise BackupError(f"{what} не удалось ({arguments[0]}): {done.stderr.strip()}")
    return done.stdout


def dump(settings_dict: dict, payload: Path) -> None:
    _run(
        ["pg_dump", "--format=custom", "--no-password", f"--file={payload}"],
        settings_dict,
        "Резервное копирование",
    )


def describe(connection) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        tables = cursor.fetchone()[0]
        if not tables:
            return None
        recipients = ""
        if "recipients_recipient" in connection.introspection.table_names(cursor):
            cursor.execute("SELECT count(*) FROM recipients_recipient")
            recipients = f", получателей: {cursor.fetchone()[0]}"
    return f"таблиц: {tables}{recipients}"


def restore(payload: Path, settings_dict: dict, connection) -> None:
    """Replace the database's content by the dump; on any error nothing changes."""
    listed = _run(["pg_restore", "--list", str(payload)], settings_dict, "Чтение копии")
    tables_in_copy = set(re.findall(r"TABLE public (\S+) ", listed))
    if "django_migrations" not in tables_in_copy:
        raise BackupError("В копии нет таблиц базы Заботы: восстановление отменено.")
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={settings_dict['NAME']}",
            str(payload),
        ],
        settings_dict,
        "Восстановление",
    )
    # Tables of migrations newer than the copy would make the next `migrate` fail: the copy's
    # migration state does not know them.
    with connection.cursor() as cursor:
        extra = [t for t in connection.introspection.table_names(cursor) if t not in tables_in_copy]
        for table in extra:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
