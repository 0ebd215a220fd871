"""Many logins at the same moment, each on its own thread and database connection, in the order
that is worst for a lockout: every attempt that gets past the counters waits at the password
check until all the others have either reached it too or been turned away. A lockout that
counts failures only after the check lets all of them through; one that counts before, only
as many as the limit allows.
"""

import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import authenticate
from django.db import connection

from zabota.accounts import services

# A check held longer than this means the test itself is broken; it then runs on and fails.
WAIT_SECONDS = 20


@dataclass
class Crowd:
    size: int
    # SQLite's in-memory test database is shared between connections through a shared cache,
    # where a connection meeting another's lock fails at once instead of waiting as a database
    # file does. So there the threads work on a copy in this file (the way a centre's SQLite
    # works), and the result is copied back for the test to read. PostgreSQL needs no copy.
    spare_file: Path | None = None
    # The kinds of login let in (zabota.accounts.services.account_kinds); staff only if None.
    kinds: tuple | None = None
    checked: list[str] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    _waiting: int = 0
    _condition: threading.Condition = field(default_factory=threading.Condition)

    def _done_or_at_check(self) -> None:
        with self._condition:
            self._waiting += 1
            self._condition.notify_all()

    def _check(self, request, username, password):
        self.checked.append(password)
        self._local.at_check = True
        self._done_or_at_check()
        with self._condition:
            self._condition.wait_for(lambda: self._waiting >= self.size, timeout=WAIT_SECONDS)
        return authenticate(request, username=username, password=password)

    def run(self, attempts: list[tuple[str, str, str]], monkeypatch) -> list:
        """attempts: (login, password, address); returns the LoginResult of each, in order."""
        assert len(attempts) == self.size
        self._local = threading.local()
        monkeypatch.setattr(services, "authenticate", self._check)
        file = self._copy_out()
        results: list = [None] * self.size
        start = threading.Barrier(self.size)

        def one(index: int, username: str, password: str, address: str) -> None:
            self._local.at_check = False
            if file:
                connection.settings_dict = {**connection.settings_dict, "NAME": str(file)}
            try:
                start.wait(WAIT_SECONDS)
                kinds = {"kinds": self.kinds} if self.kinds else {}
                results[index] = services.login_attempt(
                    request=None,
                    username=username,
                    password=password,
                    ip_address=address,
                    **kinds,
                )
            except BaseException as error:  # noqa: BLE001 — reported by the test below
                self.errors.append(error)
            finally:
                if not self._local.at_check:
                    self._done_or_at_check()
                connection.close()

        threads = [
            threading.Thread(target=one, args=(i, *attempt)) for i, attempt in enumerate(attempts)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT_SECONDS * 2)
        self._copy_back(file)
        assert not self.errors, self.errors
        return results

    def _copy_out(self) -> Path | None:
        if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
            return None
        assert self.spare_file is not None, "give the crowd a file (tmp_path) on SQLite"
        connection.ensure_connection()
        with sqlite3.connect(self.spare_file) as target:
            connection.connection.backup(target)
        return self.spare_file

    @staticmethod
    def _copy_back(file: Path | None) -> None:
        if file:
            source = sqlite3.connect(file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
