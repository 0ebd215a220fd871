"""Production settings: `check --deploy` is clean, and a missing key stops the start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ZABOTA_", "DJANGO_"))}
    environment.update({"ZABOTA_VAR_DIR": "/tmp/zabota-deploy-check", **env})
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ZABOTA_SECRET_KEY=secrets.token_urlsafe(50),
        ZABOTA_ALLOWED_HOSTS="kcson.example.ru",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_production_does_not_start():
    result = run_manage("check")
    assert result.returncode != 0
    assert "ZABOTA_SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        ZABOTA_SECRET_KEY="x" * 60,
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
