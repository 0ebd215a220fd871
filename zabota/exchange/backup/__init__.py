"""Backup and restore of the whole database with the engine's native tools (docs/backup.md).

`create_backup` writes one file (see `fileformat`); `restore_backup` refuses a file of another
engine, a damaged file, a file from a newer schema and (without `force`) a non-empty database,
before it changes anything.
"""

import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.db import connection as default_connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from zabota.exchange.backup import postgres, sqlite
from zabota.exchange.backup.fileformat import (
    BackupError,
    Manifest,
    extract_payload,
    read_manifest,
    write_backup,
)

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

__all__ = ["BackupError", "Manifest", "RestoreResult", "create_backup", "restore_backup"]


@dataclass
class RestoreResult:
    manifest: Manifest
    # SQLite: the database file as it was before, renamed.
    kept: Path | None = None
    # PostgreSQL: a backup of the database as it was before.
    safety_copy: Path | None = None
    # Migrations the program has and the copy lacks: `migrate` brings the copy up to date.
    missing: tuple[str, ...] = ()


def engine_of(connection) -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(f"Резервное копирование базы {connection.vendor} не поддерживается.")
    return connection.vendor


def migration_state(connection) -> dict[str, list[str]]:
    # Plain SQL rather than MigrationRecorder: the connection need not be one of settings'.
    state: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            state.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def create_backup(out: Path, *, connection=default_connection) -> Manifest:
    """A consistent copy of the database in `out` (replaced atomically if it exists)."""
    engine = engine_of(connection)
    out = Path(out).absolute()
    if not out.parent.is_dir():
        raise BackupError(f"Папка для копии не существует: {out.parent}")
    manifest = Manifest(
        engine=engine,
        created_at=timezone.localtime().isoformat(timespec="seconds"),
        database=Path(str(connection.settings_dict["NAME"])).name,
        migrations=migration_state(connection),
        django=django.get_version(),
    )
    payload = _temporary(out.parent)
    try:
        if engine == "sqlite":
            sqlite.dump(connection, payload)
        else:
            postgres.dump(connection.settings_dict, payload)
        write_backup(out, manifest, payload)
    finally:
        payload.unlink(missing_ok=True)
    return manifest


def restore_backup(
    path: Path,
    *,
    force: bool = False,
    connection=default_connection,
    keep_dir: Path | None = None,
) -> RestoreResult:
    """Replace the database by the copy in `path`; every check passes before anything changes."""
    engine = engine_of(connection)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Файл не найден: {path}")
    with path.open("rb") as source:
        manifest = read_manifest(source)
        if manifest.engine != engine:
            raise BackupError(
                f"Копия сделана из базы {ENGINES.get(manifest.engine, manifest.engine)}, "
                f"а Забота сейчас работает с {ENGINES[engine]}: такую копию сюда восстановить "
                "нельзя. Восстановите её на сервере с той же СУБД."
            )
        _refuse_newer(manifest)
        if engine == "sqlite":
            database = sqlite.database_path(connection.settings_dict)
            contents = sqlite.describe(database)
            work_dir = database.parent
            work_dir.mkdir(parents=True, exist_ok=True)
        else:
            contents = postgres.describe(connection)
            work_dir = Path(tempfile.gettempdir())
        if contents and not force:
            raise BackupError(
                f"База данных не пуста ({contents}). Восстановление заменит всё её содержимое "
                "копией; текущая база будет сохранена. Если это то, что нужно, повторите "
                "команду с ключом --force."
            )
        payload = _temporary(work_dir)
        try:
            extract_payload(source, manifest, payload)
            result = RestoreResult(manifest=manifest)
            if engine == "sqlite":
                connection.close()
                result.kept = sqlite.restore(payload, database)
            else:
                if contents:
                    result.safety_copy = _safety_copy(connection, keep_dir)
                postgres.restore(payload, connection.settings_dict, connection)
        finally:
            payload.unlink(missing_ok=True)
    restored = {(app, name) for app, names in manifest.migrations.items() for name in names}
    result.missing = tuple(sorted(f"{a}.{n}" for a, n in known_migrations() - restored))
    return result


def _refuse_newer(manifest: Manifest) -> None:
    known = known_migrations()
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        listed = ", ".join(unknown[:5]) + (" и другие" if len(unknown) > 5 else "")
        raise BackupError(
            "Копия сделана более новой версией Заботы: в её базе есть изменения структуры, "
            f"которых эта версия не знает ({listed}). Обновите Заботу до той версии, "
            "с которой делалась копия, и повторите восстановление."
        )


def _safety_copy(connection, keep_dir: Path | None) -> Path:
    folder = Path(keep_dir or Path(settings.VAR_DIR) / "backups")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"before-restore-{stamp}.zbk"
    create_backup(target, connection=connection)
    return target


def _temporary(folder: Path) -> Path:
    handle = tempfile.NamedTemporaryFile(dir=folder, prefix=".zabota-", delete=False)
    handle.close()
    return Path(handle.name)
