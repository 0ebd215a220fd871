"""python manage.py jobs_worker — the worker of «Мои задания» (systemd: zabota-worker.service).

The queue is django-tasks' database backend: its worker loop claims a task in one transaction
(SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, BEGIN EXCLUSIVE on SQLite), so two workers never
run the same job. This command adds what a restart needs: a heartbeat, the jobs of a dead worker
marked interrupted at start, and on SIGTERM a job that stops after its current item.
"""

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker, valid_interval

from zabota.jobs import worker
from zabota.jobs.runner import STOPPING


class ZabotaWorker(Worker):
    def shutdown(self, signum, frame) -> None:
        # The running job sees this and stops after its current item (the first signal); a
        # second one ends the process at once, and the job is marked interrupted.
        STOPPING.set()
        super().shutdown(signum, frame)

    def run(self) -> None:
        worker.set_current_worker_id(self.worker_id)
        worker.beat(self.worker_id, starting=True)
        worker.recover(self.worker_id)
        heartbeat = worker.Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.halt.set()
            worker.stopped(self.worker_id)


class Command(BaseCommand):
    help = "Обработчик заданий: выпуски актов, большие загрузки, выгрузки в ЕГИССО."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="пауза между проверками очереди, секунд (по умолчанию 1)",
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help="имя обработчика, уникальное среди запущенных (по умолчанию случайное)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="выполнить задания из очереди и завершиться"
        )

    def handle(self, *args, interval: float, worker_id: str, batch: bool, **options):
        runner = ZabotaWorker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )
        runner.configure_signals()
        runner.run()
