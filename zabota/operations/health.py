"""Checks of /health/ for the monitoring: each says ok or not, and one line why.

A check is `() -> (ok, detail)`; the app that owns a part of the system registers its check
(`register_check`) in its extensions.py — the job system adds the worker's heartbeat. The
details go to an anonymous visitor: no versions, no paths, no error texts (they name hosts
and files), only what an operator needs to know where to look.
"""

import logging
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

logger = logging.getLogger(__name__)

Check = Callable[[], tuple[bool, str]]
CHECKS: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    CHECKS[name] = check


def run_checks() -> tuple[bool, dict[str, dict[str, str]]]:
    """(all passed, {name: {"status": "ok"|"fail", "detail": …}}); a check that raises fails."""
    results = {}
    for name, check in CHECKS.items():
        try:
            ok, detail = check()
        except Exception:
            logger.exception("health check %s raised", name)
            ok, detail = False, "проверка не выполнилась"
        if not ok:
            logger.warning("health check %s failed: %s", name, detail)
        results[name] = {"status": "ok" if ok else "fail", "detail": detail}
    return all(r["status"] == "ok" for r in results.values()), results


def database_check() -> tuple[bool, str]:
    """SELECT 1 answered within ZABOTA_HEALTH_DB_TIMEOUT_SECONDS. It runs in a thread of its
    own with its own connection: a database that hangs must turn into «fail», not into a
    monitoring request that hangs with it."""
    timeout = settings.ZABOTA_HEALTH_DB_TIMEOUT_SECONDS
    outcome: list[bool] = []

    def probe() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                outcome.append(cursor.fetchone() == (1,))
        except Exception:
            logger.exception("health check: the database did not answer")
            outcome.append(False)
        finally:
            connections.close_all()

    worker = threading.Thread(target=probe, name="health-database", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return False, f"база данных не ответила за {timeout} с"
    if not outcome or not outcome[0]:
        return False, "база данных недоступна"
    return True, "база данных отвечает"


def disk_check() -> tuple[bool, str]:
    """Free space where the program writes (the data folder and the uploaded files) above
    ZABOTA_HEALTH_MIN_FREE_MB: SQLite, documents and backups stop on a full disk."""
    minimum = settings.ZABOTA_HEALTH_MIN_FREE_MB
    free = min(_free_mb(Path(folder)) for folder in (settings.VAR_DIR, settings.MEDIA_ROOT))
    detail = f"свободно {free} МБ, нужно не меньше {minimum} МБ"
    return free >= minimum, detail


def _free_mb(folder: Path) -> int:
    # The folder may not exist yet (no file uploaded): its disk is the nearest existing parent's.
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free // (1024 * 1024)
