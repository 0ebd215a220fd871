"""File modes after a restore (issue 15, item 11): the restored database was world-readable
(0644) while the backups are the owner's only (0600)."""

import os
import stat

import pytest

from zabota.exchange.backup import create_backup, restore_backup
from zabota.exchange.tests.test_backup import ENGINE, Scratch, notes, notes_database

pytestmark = pytest.mark.django_db


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def scratch(tmp_path):
    databases = Scratch(tmp_path)
    yield databases
    databases.close()


@pytest.fixture
def open_umask():
    # The usual umask: a file made without care is then readable by everyone.
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_restored_database_and_the_kept_one_are_the_owners_only(scratch, tmp_path, open_umask):
    source = notes_database(scratch, "copy", "из копии")
    backup = tmp_path / "copy.zbk"
    create_backup(backup, connection=source)
    assert mode(backup) == 0o600
    target = notes_database(scratch, "current", "было")
    if ENGINE == "sqlite":
        database = target.settings_dict["NAME"]
        assert mode(database) == 0o644  # as SQLite made it

    result = restore_backup(backup, connection=target, force=True, keep_dir=tmp_path / "kept")

    assert notes(target) == ["из копии"]
    if ENGINE == "sqlite":
        assert mode(database) == 0o600
        assert result.kept is not None and mode(result.kept) == 0o600
        # Nothing else the restore left beside the database is readable by others.
        beside = list(tmp_path.glob(f"{os.path.basename(database)}*"))
        assert len(beside) >= 2
        assert [p.name for p in beside if mode(p) & 0o077] == []
    else:
        # PostgreSQL keeps its files itself; the copy of the database as it was is a file.
        assert result.safety_copy is not None and mode(result.safety_copy) == 0o600
