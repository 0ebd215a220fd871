"""Whether a worker is running: for the /health/ page and for the job pages («в очереди» with
no worker means nobody will take the job)."""

import datetime

from django.utils import timezone

from zabota.core.dates import when_text
from zabota.jobs.models import WorkerHeartbeat

# A worker writes its heartbeat every 10 s; two minutes without one means it is not running.
SEEN_WITHIN = datetime.timedelta(minutes=2)


def worker_heartbeat() -> tuple[bool, str]:
    """(True, a note) when a worker has been seen within two minutes; (False, why not) else."""
    live = (
        WorkerHeartbeat.objects.filter(
            stopped_at__isnull=True, seen_at__gte=timezone.now() - SEEN_WITHIN
        )
        .order_by("-seen_at")
        .first()
    )
    if live is not None:
        return (
            True,
            f"Обработчик заданий работает (отметка {when_text(live.seen_at, seconds=True)}).",
        )
    last = WorkerHeartbeat.objects.order_by("-seen_at").first()
    if last is None:
        return False, "Обработчик заданий ни разу не запускался (zabota-worker.service)."
    return (
        False,
        f"Обработчик заданий не отмечался с {when_text(last.seen_at)} (zabota-worker.service).",
    )
