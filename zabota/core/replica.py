"""Reads of reports, analytics and exports on a streaming replica (DATABASE_REPLICA_URL).

Only explicitly named reads go there: a request to a namespace of ZABOTA_REPLICA_NAMESPACES or
an XLSX download (`?format=xlsx`), and code inside `replica_reads()` (a command building a
report). Everything else, and every write, stays on the primary.

A replica is a little behind the primary, so a user must never see their own edit missing:
- a request that wrote anything reads the rest of its work from the primary;
- inside a transaction reads stay on the primary (the transaction's own rows are there only);
- after a request that wrote, the session keeps the primary's WAL position; a later request of
  that session reads from the replica only once the replica has replayed up to it
  (pg_last_wal_replay_lsn), else from the primary. Other people's newest edits may show a moment
  late in a report, which is what a replica is for.
Sessions and logins are always read from the primary: a session is created on the primary and
the very next request needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
SESSION_KEY = "zabota_wal_lsn"
# Read from the primary whatever the request: the session and the login are needed before the
# replica could be asked anything, and a password change must take effect at once.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "contenttypes", "accounts"})
WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "TRUNCATE")


@dataclass
class Reads:
    """What the current request (or `replica_reads` block) allows."""

    wanted: bool = False  # a report, analytics or an export: may read from the replica
    wrote: bool = False  # wrote on the primary: its own rows are read back from there
    after_lsn: str | None = None  # the session's last write on the primary
    caught_up: bool | None = None  # whether the replica has replayed up to after_lsn (asked once)


_reads: ContextVar[Reads | None] = ContextVar("zabota_replica_reads", default=None)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def reads_from_replica() -> bool:
    """Whether a read now may go to the replica (the router's one question)."""
    state = _reads.get()
    if state is None or not state.wanted or state.wrote:
        return False
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False
    if state.caught_up is None:
        state.caught_up = replica_has(state.after_lsn)
    return state.caught_up


def replica_has(lsn: str | None) -> bool:
    """The replica answers and has replayed the primary's WAL up to `lsn`. On a primary (a test
    database mirrored onto the default one) pg_last_wal_replay_lsn() is NULL: nothing lags."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn()")
            replayed = cursor.fetchone()[0]
            if replayed is None or lsn is None:
                return True
            cursor.execute("SELECT %s::pg_lsn >= %s::pg_lsn", [replayed, lsn])
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        # A replica that is down or restarting must not take the reports with it.
        return False


def primary_lsn() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


@contextmanager
def replica_reads() -> Iterator[Reads]:
    """Reads inside the block may go to the replica (a command or a job building a report)."""
    state = Reads(wanted=configured())
    token = _reads.set(state)
    try:
        with connections[DEFAULT_DB_ALIAS].execute_wrapper(_noting_writes(state)):
            yield state
    finally:
        _reads.reset(token)


def _noting_writes(state: Reads):
    def wrapper(execute, sql, params, many, context):
        if sql.lstrip()[:8].upper().startswith(WRITES):
            state.wrote = True
        return execute(sql, params, many, context)

    return wrapper


class ReplicaRouter:
    """DATABASE_ROUTERS entry when a replica is configured (zabota/settings.py)."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        return REPLICA if reads_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Explicit: without it Django would save an object where it was read from.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Marks the requests whose reads may go to the replica and remembers a session's writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        state = Reads(after_lsn=session.get(SESSION_KEY) if session is not None else None)
        token = _reads.set(state)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_noting_writes(state)):
                response = self.get_response(request)
        finally:
            _reads.reset(token)
        if state.wrote and session is not None:
            session[SESSION_KEY] = primary_lsn()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        state = _reads.get()
        if state is not None and request.method in ("GET", "HEAD"):
            match = request.resolver_match
            namespace = match.namespace if match else ""
            # `?format=xlsx` is how every list asks for its download (audit.downloads.wants_xlsx).
            state.wanted = (
                namespace in settings.ZABOTA_REPLICA_NAMESPACES
                or request.GET.get("format") == "xlsx"
            )
        return None
