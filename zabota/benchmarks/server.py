"""Gunicorn serving the benchmark's database on 127.0.0.1, configured as in production:
ZABOTA_DEBUG=0, a generated secret key, static files by whitenoise; no HTTPS redirect, because
the benchmark speaks plain HTTP to the loopback address."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

# As deploy/systemd/zabota.service: two workers per core, so that a worker waiting for the
# database or the disk does not leave a core idle.
WORKERS = 2 * (os.cpu_count() or 1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ZABOTA_DEBUG="0",
        ZABOTA_SECRET_KEY=env.get("ZABOTA_SECRET_KEY") or secrets.token_urlsafe(50),
        ZABOTA_SSL_REDIRECT="0",
        ZABOTA_HSTS_SECONDS="0",
        ZABOTA_ALLOWED_HOSTS="127.0.0.1",
        ZABOTA_VAR_DIR=str(settings.VAR_DIR),
        PYTHONPATH=str(settings.BASE_DIR),
    )
    return env


@contextmanager
def gunicorn(log_path: Path, workers: int = WORKERS):
    """Yield the base URL of a running server; stop it (and only it) on the way out."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "zabota.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "300",
                # 100 tablets connect at once: the default backlog (2048) holds them.
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=server_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn завершился при запуске (код {process.returncode}).")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn не ответил за минуту.")
