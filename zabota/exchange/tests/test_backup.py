"""Backup and restore on the database engine the suite runs on (SQLite, or PostgreSQL under
`make test-postgres`): a round trip gives identical data, and every refusal changes nothing.

The test database is in memory on SQLite and inside a transaction on PostgreSQL, so these tests
work on scratch databases of the same engine: files in a temporary folder, or databases the
`zabota` superuser creates and drops.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from zabota.exchange.backup import BackupError, create_backup, restore_backup
from zabota.exchange.backup.fileformat import MAGIC, Manifest, read_manifest
from zabota.exchange.tests.helpers import csv_bytes, person, rows_of

pytestmark = pytest.mark.django_db
ENGINE = connection.vendor
OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}[ENGINE]


class Scratch:
    """Empty databases of the engine in use, each with a URL and a Django connection."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.created: list[str] = []
        self.wrappers = []

    def url(self, name: str) -> str:
        if ENGINE == "sqlite":
            return f"sqlite:///{self.folder / f'{name}.sqlite3'}"
        database = f"zabota_scratch_{name}_{uuid.uuid4().hex[:10]}"
        self._admin(f'CREATE DATABASE "{database}"')
        self.created.append(database)
        params = connection.settings_dict
        return (
            f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST'] or '127.0.0.1'}"
            f":{params['PORT'] or 5432}/{database}"
        )

    def connection(self, url: str):
        from zabota.env import database_from_url

        settings_dict = {**connection.settings_dict, **database_from_url(url)}
        settings_dict["NAME"] = database_from_url(url)["NAME"]
        wrapper = type(connections["default"])(
            settings_dict, alias=f"scratch_{uuid.uuid4().hex[:6]}"
        )
        self.wrappers.append(wrapper)
        return wrapper

    def close(self):
        for wrapper in self.wrappers:
            wrapper.close()
        for database in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        params = connection.settings_dict
        with psycopg.connect(
            dbname="postgres",
            user=params["USER"],
            password=params["PASSWORD"],
            host=params["HOST"] or "127.0.0.1",
            port=params["PORT"] or 5432,
            autocommit=True,
        ) as admin:
            admin.execute(sql)


@pytest.fixture
def scratch(tmp_path):
    databases = Scratch(tmp_path)
    yield databases
    databases.close()


def manage(url: str, *arguments: str, var_dir: Path, check: bool = True):
    env = os.environ | {"DATABASE_URL": url, "ZABOTA_VAR_DIR": str(var_dir)}
    env.pop("ZABOTA_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{arguments}: {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def snils(body: int) -> str:
    from zabota.rules.identifiers import snils_check

    return f"{body:09d}{snils_check(f'{body:09d}'):02d}"


POPULATE = """
from zabota.testing import build_personas
from zabota.recipients.services import consent_record
import datetime
p = build_personas()
consent_record(actor=p.specialist, recipient=p.recipient_of_worker1,
               given_on=datetime.date(2026, 1, 10), text_version="2025-1")
"""


def test_a_backup_restored_into_an_empty_database_gives_identical_data(scratch, tmp_path):
    var_dir = tmp_path / "var"
    source, target = scratch.url("source"), scratch.url("target")
    manage(source, "migrate", "--noinput", "-v", "0", var_dir=var_dir)
    manage(source, "shell", "-c", POPULATE, var_dir=var_dir)
    good, bad = tmp_path / "список.csv", tmp_path / "плохой.csv"
    # СНИЛС unlike the ones build_personas gives in the other process.
    people = [person(Фамилия=name, СНИЛС=snils(300_000_000 + n)) for n, name in enumerate("ОТ")]
    good.write_bytes(csv_bytes(rows_of(people)))
    bad.write_bytes(csv_bytes(rows_of([person(), person(СНИЛС="1")])))
    loaded = manage(source, "import_recipients", str(good), "--institution=1", var_dir=var_dir)
    assert "Загружено: новых 2" in loaded.stdout
    refused = manage(
        source, "import_recipients", str(bad), "--institution=1", var_dir=var_dir, check=False
    )
    assert refused.returncode == 1
    assert "Строка 3, «СНИЛС»: СНИЛС должен состоять из 11 цифр" in refused.stderr
    before = json.loads(manage(source, "dumpdata", var_dir=var_dir).stdout)

    backup = tmp_path / "zabota.zbk"
    manage(source, "backup", f"--out={backup}", var_dir=var_dir)
    assert backup.read_bytes().startswith(MAGIC)
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    restored = manage(target, "restore", str(backup), var_dir=var_dir)
    assert "База данных восстановлена" in restored.stdout
    after = json.loads(manage(target, "dumpdata", var_dir=var_dir).stdout)

    # The one difference allowed: the journal entry of the restore itself.
    restore_events = [
        o
        for o in after
        if o["model"] == "audit.securityevent" and o["fields"]["object_type"] == "backup"
    ]
    assert len(restore_events) == 1
    assert restore_events[0]["fields"]["kind"] == "import"
    after = [o for o in after if o not in restore_events]
    assert after == before
    models = {o["model"] for o in before}
    assert {"recipients.recipient", "exchange.importbatch", "recipients.consent"} <= models
    batch = next(o for o in after if o["model"] == "exchange.importbatch")
    assert batch["fields"]["content"]  # the uploaded file's bytes came back too


def notes_database(scratch, name: str, note: str, *, extra_table: bool = False):
    """A scratch database with a migrations table and one note, optionally one more table."""
    url = scratch.url(name)
    wrapper = scratch.connection(url)
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE django_migrations (app varchar(255), name varchar(255))")
        cursor.execute("CREATE TABLE notes (text varchar(100))")
        cursor.execute("INSERT INTO notes (text) VALUES (%s)", [note])
        if extra_table:
            cursor.execute("CREATE TABLE leftover (id integer)")
    return wrapper


def notes(wrapper) -> list[str]:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT text FROM notes")
        return [row[0] for row in cursor.fetchall()]


def tables(wrapper) -> set[str]:
    with wrapper.cursor() as cursor:
        return set(wrapper.introspection.table_names(cursor))


def test_a_non_empty_database_is_replaced_only_with_force_and_the_old_one_is_kept(
    scratch, tmp_path
):
    source = notes_database(scratch, "copy", "из копии")
    backup = tmp_path / "copy.zbk"
    create_backup(backup, connection=source)
    target = notes_database(scratch, "current", "было", extra_table=True)

    with pytest.raises(BackupError, match="База данных не пуста .*--force"):
        restore_backup(backup, connection=target, keep_dir=tmp_path / "kept")
    assert notes(target) == ["было"]

    result = restore_backup(backup, connection=target, force=True, keep_dir=tmp_path / "kept")
    assert notes(target) == ["из копии"]
    assert "leftover" not in tables(target)
    if ENGINE == "sqlite":
        assert result.kept is not None and result.kept.exists()
        old = scratch.connection(f"sqlite:///{result.kept}")
        assert notes(old) == ["было"]
    else:
        assert result.safety_copy is not None and result.safety_copy.parent == tmp_path / "kept"
        with result.safety_copy.open("rb") as kept:
            assert read_manifest(kept).engine == "postgresql"


def crafted(path: Path, *, engine: str = ENGINE, migrations=None, payload=b"not a dump") -> Path:
    import hashlib

    manifest = Manifest(
        engine=engine,
        created_at="2026-02-10T12:00:00+03:00",
        database="zabota",
        migrations=migrations or {},
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        payload_size=len(payload),
    )
    path.write_bytes(MAGIC + manifest.as_json() + b"\n" + payload)
    return path


def assert_unchanged(target, scratch_folder: Path):
    assert notes(target) == ["было"]
    assert not list(scratch_folder.glob("*.before-restore-*"))
    assert not list(scratch_folder.glob("*.restoring"))


@pytest.mark.parametrize("force", [False, True])
def test_a_file_of_the_other_engine_is_refused(scratch, tmp_path, force):
    target = notes_database(scratch, "current", "было")
    file = crafted(tmp_path / "other.zbk", engine=OTHER_ENGINE)
    with pytest.raises(BackupError, match="Копия сделана из базы .*восстановить нельзя"):
        restore_backup(file, connection=target, force=force)
    assert_unchanged(target, tmp_path)


def test_a_damaged_file_is_refused(scratch, tmp_path):
    source = notes_database(scratch, "copy", "из копии")
    backup = tmp_path / "copy.zbk"
    create_backup(backup, connection=source)
    content = bytearray(backup.read_bytes())
    content[-20] ^= 0xFF
    damaged = tmp_path / "damaged.zbk"
    damaged.write_bytes(bytes(content))
    truncated = tmp_path / "truncated.zbk"
    truncated.write_bytes(bytes(content[:-100]))
    target = notes_database(scratch, "current", "было")
    for file in (damaged, truncated):
        with pytest.raises(BackupError, match="повреждён: контрольная сумма не совпадает"):
            restore_backup(file, connection=target, force=True)
    assert_unchanged(target, tmp_path)


def test_a_file_from_a_newer_schema_is_refused(scratch, tmp_path):
    target = notes_database(scratch, "current", "было")
    file = crafted(
        tmp_path / "newer.zbk",
        migrations={"recipients": ["0001_initial", "0999_from_the_future"]},
    )
    with pytest.raises(BackupError, match="более новой версией Заботы.*0999_from_the_future"):
        restore_backup(file, connection=target, force=True)
    assert_unchanged(target, tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text\n", "Это не резервная копия Заботы"),
        (MAGIC + b"{broken json\n", "Заголовок резервной копии повреждён"),
    ],
)
def test_a_file_that_is_not_a_backup_is_refused(scratch, tmp_path, content, message):
    target = notes_database(scratch, "current", "было")
    file = tmp_path / "x.zbk"
    file.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        restore_backup(file, connection=target, force=True)
    assert_unchanged(target, tmp_path)


def test_the_restore_command_says_nothing_changed(tmp_path):
    from django.core.management import CommandError, call_command

    file = crafted(tmp_path / "other.zbk", engine=OTHER_ENGINE)
    with pytest.raises(CommandError, match="База данных не изменена.$"):
        call_command("restore", str(file))


def test_the_backup_command_refuses_a_missing_folder(tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Папка для копии не существует"):
        call_command("backup", f"--out={tmp_path / 'no' / 'such.zbk'}")
