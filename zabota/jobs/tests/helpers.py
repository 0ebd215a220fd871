"""What the tests of the worker share: a month of services for many people, and a database the
worker processes can open (with the test's data committed: transaction=True tests)."""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection
from django.utils import timezone

from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.delivery.services import service_log
from zabota.payments.models import PaymentDecision
from zabota.programs.models import Program, ProgramService, ProgramStatus
from zabota.testing import make_recipient

# Generous: the test machine has two cores shared with other work.
DEADLINE_SECONDS = 240


def previous_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def month_of_services(personas, people: int) -> datetime.date:
    """`people` recipients of department 1 with two services each last month and a decision on
    their fee, so that each gets an act."""
    month = previous_month()
    # Made by a data migration; a transactional test's flush before this one may have removed it.
    household, _ = ServiceType.objects.get_or_create(
        code=1, defaults={"name": "Социально-бытовые услуги", "sobes_row": 3}
    )
    shopping = Service.objects.create(
        institution=personas.institution,
        service_type=household,
        code="1.1",
        name="Покупка и доставка продуктов питания",
        time_norm_minutes=40,
    )
    Tariff.objects.create(
        service=shopping, effective_from=datetime.date(2025, 1, 1), price=Decimal("55.00")
    )
    for n in range(people):
        recipient = make_recipient(
            personas.institution,
            personas.department1,
            social_worker=personas.worker1,
            last_name=f"Получатель{n:03d}",
        )
        program = Program.objects.create(
            recipient=recipient,
            number=f"П-{recipient.pk}",
            drawn_up_on=datetime.date(2025, 1, 10),
            valid_from=datetime.date(2025, 1, 15),
            valid_until=month.replace(year=month.year + 2),
            provider="КЦСОН",
            status=ProgramStatus.IN_FORCE,
        )
        ProgramService.objects.create(
            program=program, service=shopping, quantity_per_month=8, weekdays="mon,thu"
        )
        for day in (3, 10):
            service_log(
                actor=personas.worker1,
                recipient=recipient,
                service=shopping,
                performed_on=month.replace(day=day),
                quantity=Decimal(1),
            )
        PaymentDecision.objects.create(
            recipient=recipient,
            application_date=datetime.date(2025, 1, 10),
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            family_size=1,
            income_total=Decimal("300000.00"),
            income_per_capita=Decimal("25000.00"),
            subsistence_minimum=Decimal("15000.00"),
            coefficient=Decimal("1.50"),
            threshold=Decimal("22500.00"),
        )
    return month


class WorkerDatabase:
    """The test database as the worker processes see it.

    On PostgreSQL they open the test database itself. SQLite's test database lives in this
    process's memory, so they work on a copy in a file: `push` copies the test's data there
    before a worker starts, `pull` copies the workers' results back for the test to read."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.file = folder / "zabota.sqlite3" if connection.vendor == "sqlite" else None
        self.workers: list[Worker] = []
        self.env = {**os.environ, "ZABOTA_VAR_DIR": str(folder), "ZABOTA_JOBS_INLINE": "0"}
        if self.file is None:
            url = urlsplit(os.environ["DATABASE_URL"])
            path = "/" + connection.settings_dict["NAME"]
            self.env["DATABASE_URL"] = urlunsplit(url._replace(path=path))
        else:
            self.env.pop("DATABASE_URL", None)
            self.env.pop("ZABOTA_TEST_SQLITE_FILE", None)

    def push(self) -> None:
        if self.file:
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)

    def pull(self) -> None:
        if self.file:
            source = sqlite3.connect(self.file, timeout=30)
            try:
                source.backup(connection.connection)
            finally:
                source.close()

    def start_worker(self) -> "Worker":
        worker = Worker(self)
        self.workers.append(worker)
        return worker

    def close(self) -> None:
        """Kill whatever worker a failed test left running (its group, rendering included), so
        that it neither holds the test database nor lingers until the run ends."""
        for worker in self.workers:
            if worker.process.poll() is None:
                os.killpg(worker.process.pid, signal.SIGKILL)
                worker.process.wait(DEADLINE_SECONDS)

    def wait_for(self, condition, what: str, worker: "Worker | None" = None):
        """Pull until condition() holds (returning its value) or fail after the deadline."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline:
            self.pull()
            value = condition()
            if value:
                return value
            if worker is not None and worker.process.poll() is not None:
                raise AssertionError(f"the worker ended before {what}: {worker.output()}")
            time.sleep(0.2)
        raise AssertionError(f"no {what} within {DEADLINE_SECONDS} s")


class Worker:
    """`manage.py jobs_worker` in its own process group, as systemd runs it."""

    def __init__(self, database: WorkerDatabase):
        self.log = database.folder / f"worker-{time.monotonic_ns()}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [sys.executable, "manage.py", "jobs_worker", "--interval", "0.2"],
                cwd=settings.BASE_DIR,
                env=database.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def crash(self) -> None:
        """SIGKILL to the whole group: the worker and its rendering processes die at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(DEADLINE_SECONDS)

    def stop(self) -> int:
        """SIGTERM to the worker alone (systemd's KillMode=mixed): it stops gracefully."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(DEADLINE_SECONDS)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
