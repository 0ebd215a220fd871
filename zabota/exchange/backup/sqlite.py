"""SQLite: a consistent online copy through the sqlite3 backup API, gzipped.

The backup API copies the pages under a read lock, so workers may keep saving while it runs
(WAL mode): the copy is the database as it was at one moment, never half of a transaction.
"""

import datetime
import gzip
import os
import shutil
import sqlite3
from pathlib import Path

from zabota.exchange.backup.fileformat import CHUNK, BackupError

# The database holds every person's data: its files are the owner's only, like the backups.
PRIVATE = 0o600


def _private_file(path: Path):
    """`path` opened for writing, created (or made) readable by the owner only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    os.fchmod(descriptor, PRIVATE)  # O_CREAT's mode does not apply to a file that exists
    return os.fdopen(descriptor, "wb")


def database_path(settings_dict: dict) -> Path:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError("База данных SQLite находится в памяти: её нельзя восстановить.")
    return Path(name)


def dump(connection, payload: Path) -> None:
    """Copy the open database into a gzipped file."""
    connection.ensure_connection()
    copy = payload.with_name(payload.name + ".sqlite3")
    try:
        # Created here, not by sqlite3 (which would follow the umask, often world-readable).
        _private_file(copy).close()
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        with copy.open("rb") as source, gzip.open(payload, "wb", compresslevel=6) as out:
            shutil.copyfileobj(source, out, CHUNK)
    finally:
        copy.unlink(missing_ok=True)


def describe(path: Path) -> str | None:
    """None for a missing or empty database; otherwise a few words on what is in it."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in database.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        if not tables:
            return None
        recipients = ""
        if "recipients_recipient" in tables:
            count = database.execute("SELECT count(*) FROM recipients_recipient").fetchone()[0]
            recipients = f", получателей: {count}"
        return f"таблиц: {len(tables)}{recipients}"
    finally:
        database.close()


def restore(payload: Path, path: Path) -> Path | None:
    """Put the copy in place of the database file; the old file is kept under a new name.
    Both are readable by the owner only (the journal files SQLite makes beside the database
    take its mode)."""
    restored = path.with_name(path.name + ".restoring")
    try:
        with gzip.open(payload, "rb") as source, _private_file(restored) as out:
            shutil.copyfileobj(source, out, CHUNK)
        check = sqlite3.connect(restored)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
    except (OSError, EOFError, sqlite3.DatabaseError):
        restored.unlink(missing_ok=True)
        raise BackupError(
            "Копия базы SQLite внутри файла повреждена: возьмите другую копию."
        ) from None
    if result != "ok":
        restored.unlink(missing_ok=True)
        raise BackupError(f"Копия базы SQLite не прошла проверку целостности: {result}.")
    kept = None
    if path.exists():
        _checkpoint(path)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = path.with_name(f"{path.name}.before-restore-{stamp}")
        os.replace(path, kept)
        os.chmod(kept, PRIVATE)
        # The write-ahead log belongs to the old file: left beside the new one it would be
        # replayed into it.
        for suffix in ("-wal", "-shm"):
            side = Path(f"{path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{kept}{suffix}"))
                os.chmod(Path(f"{kept}{suffix}"), PRIVATE)
    os.replace(restored, path)
    return kept


def _checkpoint(path: Path) -> None:
    """Move what the write-ahead log holds into the file, so the kept old file is whole."""
    try:
        database = sqlite3.connect(path)
        try:
            database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            database.close()
    except sqlite3.DatabaseError:
        pass
