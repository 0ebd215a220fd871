"""The browser tests' live server, made safe for the in-memory SQLite test database.

pytest-django starts one live server per test process and, for an in-memory SQLite database,
hands its threads the test's own connection object. Two requests served at once (a page and a
service worker's background fetch) or a request still running while the test flushes the
database then share one connection's transaction state: one thread's rollback takes the
other's rows with it, and every later browser test of the process fails to log in (seen in CI:
five tests in a row after the journey test).

So the server answers one request at a time, and a browser test's end waits for the request in
flight before the database is flushed.
"""

import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

REQUEST_LOCK = threading.Lock()
# A request slower than this at a test's end is a hung request: the flush goes on without it.
TEARDOWN_WAIT_SECONDS = 60


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """Threads keep the browser's keep-alive connections open; the application runs under a lock."""

    def set_app(self, application):
        def serialised(environ, start_response):
            with REQUEST_LOCK:
                return application(environ, start_response)

        super().set_app(serialised)


LiveServerThread.server_class = OneRequestAtATimeServer


@pytest.fixture(autouse=True)
def _live_server_quiet_before_flush(request):
    """Set up after the test database (so torn down before its flush) in live-server tests."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    if REQUEST_LOCK.acquire(timeout=TEARDOWN_WAIT_SECONDS):
        REQUEST_LOCK.release()
