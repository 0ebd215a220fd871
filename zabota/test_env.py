"""Loaded by pytest before Django (addopts: -p zabota.test_env): the environment of the tests.

Tests run with production-like settings (ZABOTA_DEBUG off), a throw-away key and no HTTPS
redirect, because the test client speaks plain HTTP.
"""

import os

os.environ.setdefault("ZABOTA_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("ZABOTA_SSL_REDIRECT", "0")
os.environ.setdefault("ZABOTA_VAR_DIR", "/tmp/zabota-test-var")
# Quiet: the lifecycle lines of jobs and imports are checked with caplog where they matter.
os.environ.setdefault("ZABOTA_LOG_LEVEL", "WARNING")
# Playwright tests drive a live server from the test's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# PDF by WeasyPrint whatever is installed: LibreOffice on the machine must not slow the suite
# or change what it checks; the tests of the LibreOffice paths ask for them by settings.
os.environ.setdefault("ZABOTA_PDF_ENGINE", "html")
