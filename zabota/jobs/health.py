"""Whether a worker is running: for the /health/ page and for the job pages («в очереди» with
no worker means nobody will take the job)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

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
        return True, _("Обработчик заданий работает (отметка %(when)s).") % {
            "when": when_text(live.seen_at, seconds=True)
        }
    last = WorkerHeartbeat.objects.order_by("-seen_at").first()
    if last is None:
        return False, _("Обработчик заданий ни разу не запускался (zabota-worker.service).")
    return False, _("Обработчик заданий не отмечался с %(when)s (zabota-worker.service).") % {
        "when": when_text(last.seen_at)
    }
