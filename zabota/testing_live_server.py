"""The browser tests' live server: one request at a time, and quiet before each flush.

pytest-django starts one live server per test process. `make test` runs the browser tests on a
test database in a file (ZABOTA_TEST_SQLITE_FILE, zabota/settings.py), so the server's threads
have connections of their own; with the database in memory they would share the test's one
connection and its transaction state (seen in CI: five browser tests in a row failed to log in
after the journey test). Still, a request in flight while the test flushes the database would
wait on SQLite's lock or see half a flush, and two requests at once (a page and a service
worker's background fetch) would compete for it.

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
