"""The worker's side of jobs: who the running worker is, its heartbeat, and the jobs left
«running» by a worker that died (a crash, a kill, a server restart)."""

import datetime
import logging
import os
import socket
import threading

from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zabota.jobs.models import INTERRUPTED_TEXT, Job, JobStatus, WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
# A worker on another server not seen for this long is taken for dead; on this server a worker
# is dead as soon as its process is gone (a restart right after a crash must not wait).
DEAD_AFTER = datetime.timedelta(seconds=90)

_current = threading.local()
_process_worker_id = ""


def current_worker_id() -> str:
    return getattr(_current, "worker_id", "") or _process_worker_id


def set_current_worker_id(worker_id: str) -> None:
    global _process_worker_id
    _process_worker_id = worker_id


def beat(worker_id: str, *, starting: bool = False) -> None:
    now = timezone.now()
    defaults = {"hostname": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": now}
    if starting:
        defaults |= {"started_at": now, "stopped_at": None}
        WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults=defaults)
    else:
        WorkerHeartbeat.objects.filter(worker_id=worker_id).update(**defaults)


def stopped(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


def live_worker_ids(own_id: str = "") -> set[str]:
    now = timezone.now()
    host = socket.gethostname()[:255]
    alive = set()
    for heartbeat in WorkerHeartbeat.objects.filter(
        stopped_at__isnull=True, seen_at__gte=now - DEAD_AFTER
    ):
        if heartbeat.hostname == host and not _process_exists(heartbeat.pid):
            continue
        alive.add(heartbeat.worker_id)
    if own_id:
        alive.add(own_id)
    return alive


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(own_id: str = "") -> list[int]:
    """Jobs of dead workers: a running one is marked interrupted (a person decides to go on, a
    crash may come from the job itself); a queued one whose queue entry a dead worker had
    claimed is queued anew. Returns the ids of the jobs marked interrupted."""
    from zabota.jobs.runner import enqueue, finish

    alive = live_worker_ids(own_id)
    interrupted = []
    for job in Job.objects.filter(status=JobStatus.RUNNING).exclude(worker_id__in=alive):
        progress = (
            f" Готово {job.done} из {job.total}; нажмите «Продолжить»."
            if job.total
            else " Нажмите «Продолжить»."
        )
        finish(job, JobStatus.INTERRUPTED, str(INTERRUPTED_TEXT) + "." + progress)
        _fail_task(job.task_id)
        interrupted.append(job.pk)
        logger.warning("job %s of a dead worker %s marked interrupted", job.pk, job.worker_id)
    claimed = DBTaskResult.objects.filter(status="RUNNING")
    lost = {str(t.id) for t in claimed if not (set(t.worker_ids[-1:]) & alive)}
    for job in Job.objects.filter(status=JobStatus.QUEUED, task_id__in=lost):
        _fail_task(job.task_id)
        enqueue(job)
    return interrupted


def _fail_task(task_id: str) -> None:
    if task_id:
        DBTaskResult.objects.filter(id=task_id, status__in=["READY", "RUNNING"]).update(
            status="FAILED", finished_at=timezone.now()
        )


class Heartbeat(threading.Thread):
    """Writes the worker's heartbeat and looks for dead workers' jobs, on its own connection,
    also while a long job keeps the main thread busy."""

    def __init__(self, worker_id: str):
        super().__init__(name="zabota-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(HEARTBEAT_SECONDS):
            try:
                beat(self.worker_id)
                recover(self.worker_id)
            except Exception:  # a locked database now and then: the next beat tries again
                logger.exception("heartbeat of worker %s failed", self.worker_id)
            finally:
                connection.close()
