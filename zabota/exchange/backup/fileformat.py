"""The backup file: a header line, a manifest line (JSON), then the engine's own dump.

    ZABOTA-BACKUP 1\\n
    {"engine": "sqlite", "migrations": {...}, "payload": {"sha256": "...", "size": N}, ...}\\n
    <payload: a gzipped SQLite file, or a pg_dump archive in its custom format>

One file is easy to copy off the machine; the manifest is readable with `head -2`.
"""

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAGIC = b"ZABOTA-BACKUP 1\n"
MAX_MANIFEST_BYTES = 1024 * 1024
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message is Russian, nothing was changed."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    database: str
    migrations: dict[str, list[str]]
    payload_sha256: str = ""
    payload_size: int = 0
    django: str = ""

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "engine": self.engine,
                "created_at": self.created_at,
                "database": self.database,
                "django": self.django,
                "migrations": self.migrations,
                "payload": {"sha256": self.payload_sha256, "size": self.payload_size},
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "Manifest":
        data = json.loads(raw.decode())
        return cls(
            engine=str(data["engine"]),
            created_at=str(data["created_at"]),
            database=str(data.get("database", "")),
            django=str(data.get("django", "")),
            migrations={str(k): [str(n) for n in v] for k, v in data["migrations"].items()},
            payload_sha256=str(data["payload"]["sha256"]),
            payload_size=int(data["payload"]["size"]),
        )


def write_backup(out: Path, manifest: Manifest, payload: Path) -> None:
    """Write header, manifest and payload to `out` atomically (a temporary name, then rename),
    readable by the owner only: the file holds every person's data."""
    manifest.payload_sha256, manifest.payload_size = file_digest(payload)
    partial = out.with_name(out.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as target, payload.open("rb") as source:
            target.write(MAGIC)
            target.write(manifest.as_json() + b"\n")
            shutil.copyfileobj(source, target, CHUNK)
            target.flush()
            os.fsync(target.fileno())
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def read_manifest(source: BinaryIO) -> Manifest:
    """The manifest of an open backup file, leaving `source` at the start of the payload."""
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError(
            "Это не резервная копия Заботы: в начале файла нет заголовка «ZABOTA-BACKUP 1»."
        )
    line = source.readline(MAX_MANIFEST_BYTES)
    try:
        return Manifest.from_json(line)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise BackupError(
            "Заголовок резервной копии повреждён: файл испорчен или изменён."
        ) from None


def extract_payload(source: BinaryIO, manifest: Manifest, target: Path) -> None:
    """Copy the payload to `target`, checking its size and checksum against the manifest."""
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if size != manifest.payload_size or digest.hexdigest() != manifest.payload_sha256:
        target.unlink(missing_ok=True)
        raise BackupError(
            "Файл резервной копии повреждён: контрольная сумма не совпадает "
            "(файл изменён или скопирован не полностью). Возьмите другую копию."
        )


def file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
