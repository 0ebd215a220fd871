"""All the measurements in order, on the data `demo_data` built, and the file of results.

Reports first (they only read), then the exports (they read, and journal the download), then
acts (they write documents), then the server: pages, then the tablets (they write records of
today). The JSON file holds the results, the targets
and what the run was made on; the exit status depends only on integrity (no page errors, no
sync record lost or stored twice), never on a slower-than-target number.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from zabota.benchmarks import acts, exports, pages, reports, server, sync
from zabota.benchmarks.common import INTEGRITY, TARGETS, Months, Result, Scale
from zabota.delivery.models import ServiceRecord, Visit
from zabota.organisation.models import Institution
from zabota.recipients.models import Recipient

PARTS = ("reports", "exports", "acts", "pages", "sync")


@dataclass
class Run:
    scale: Scale
    parts: tuple[str, ...] = PARTS
    log: object = print
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0
    # The machine's load average (1 min) when the measurements began and ended: another
    # program's load slows every number down.
    load: list[float] = field(default_factory=list)

    def failures(self) -> list[str]:
        """Integrity problems: the reasons for a non-zero exit status."""
        return [
            f"{r.name} = {r.value:g}" for r in self.results if r.name in INTEGRITY and r.value != 0
        ]

    def misses(self) -> list[str]:
        """Targets not met (reported; they fail nothing)."""
        missed = []
        for result in self.results:
            target = TARGETS.get(result.name)
            if target is not None and target.met(result) is False:
                missed.append(
                    f"{result.name}: {_shown(result)} (цель {target.describe(result.unit)})"
                )
        return missed


def execute(run: Run, work_dir: Path) -> Run:
    institution = Institution.objects.order_by("pk").first()
    if institution is None or not Recipient.objects.exists():
        raise RuntimeError("База пуста: сначала manage.py demo_data --recipients N --months M.")
    months = Months.of(run.scale.months)
    run.load.append(round(os.getloadavg()[0], 2))
    run.log(f"Нагрузка машины (load average за 1 мин): {run.load[0]}")
    started = time.perf_counter()
    if "reports" in run.parts:
        run.log("Отчёты")
        run.results += reports.measure(institution, months, run.scale.report_repeats, run.log)
        run.results += reports.measure_supervisor(months, run.scale.report_repeats, run.log)
    if "exports" in run.parts:
        run.log("Выгрузки XLSX")
        run.results += exports.measure(institution, months, run.scale, work_dir, run.log)
    if "acts" in run.parts:
        run.log("Акты")
        run.results += acts.measure(institution, months, run.scale, run.log)
    if "pages" in run.parts or "sync" in run.parts:
        call_command("collectstatic", interactive=False, verbosity=0)
        tokens: dict[int, str] = {}
        with server.gunicorn(work_dir / "gunicorn.log") as base:
            run.log(f"Сервер gunicorn (процессов: {server.WORKERS}) на {base}")
            if "pages" in run.parts:
                plan = pages.plan(institution, run.scale, tokens)
                run.results += pages.measure(base, plan, run.scale, work_dir, run.log)
            if "sync" in run.parts:
                run.results += sync.measure(base, institution, run.scale, tokens, run.log)
    run.seconds = time.perf_counter() - started
    run.load.append(round(os.getloadavg()[0], 2))
    return run


def document(run: Run) -> dict:
    """The JSON written to --out."""
    return {
        "scale": run.scale.name,
        "institutions": Institution.objects.count(),
        "recipients": Recipient.objects.count(),
        "service_records": ServiceRecord.objects.count(),
        "visits": Visit.objects.count(),
        "measured_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": round(run.seconds, 1),
        "load_average_before_after": run.load,
        "machine": machine(),
        "targets": {
            name: target.describe(next((r.unit for r in run.results if r.name == name), ""))
            for name, target in TARGETS.items()
        }
        if run.scale.targets_apply
        else {},
        "missed_targets": run.misses() if run.scale.targets_apply else [],
        "results": [r.as_dict() for r in run.results],
        "notes": {r.name: r.note for r in run.results if r.note},
    }


def machine() -> dict:
    """What the numbers were measured on."""
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            kb = int(info.readline().split()[1])
            memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_name(),
        "memory": memory,
        "disk": _disk(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "database": connection.vendor,
        "database_version": _database_version(),
        "sqlite_library": sqlite3.sqlite_version,
    }


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _disk() -> str:
    path = settings.VAR_DIR if Path(settings.VAR_DIR).exists() else tempfile.gettempdir()
    usage = shutil.disk_usage(path)
    return f"{usage.total / 1024**3:.0f} GiB, {_disk_kind(path)}"


def _disk_kind(path) -> str:
    """The block device holding the path and what the kernel says of it (a virtual disk of a
    cloud machine often claims to be rotational whatever lies beneath)."""
    try:
        device = os.stat(path).st_dev
        name = Path(f"/sys/dev/block/{os.major(device)}:{os.minor(device)}").resolve().name
        for candidate in (name, name.rstrip("0123456789")):
            flag = Path(f"/sys/block/{candidate}/queue/rotational")
            if flag.exists():
                return f"{candidate}, rotational={flag.read_text().strip()}"
    except OSError:
        pass
    return "device unknown"


def _database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return "SQLite " + cursor.fetchone()[0]
    return connection.vendor


def _shown(result: Result) -> str:
    text = f"{result.value:g} {result.unit}"
    if result.ratio is not None:
        text += f", {result.ratio:.2f} × floor"
    return text


def table(run: Run) -> str:
    """The results as a Markdown table (printed at the end, pasted into the docs)."""
    lines = ["| name | value | unit | floor | ratio | target |", "|---|---|---|---|---|---|"]
    for r in run.results:
        data = r.as_dict()
        target = TARGETS.get(r.name)
        verdict = ""
        if target is not None:
            met = target.met(r)
            mark = "" if not run.scale.targets_apply else (" ✓" if met else " ✗")
            verdict = target.describe(r.unit) + mark
        floor = "" if data["floor"] is None else data["floor"]
        ratio = "" if data["ratio"] is None else data["ratio"]
        lines.append(f"| {r.name} | {data['value']} | {r.unit} | {floor} | {ratio} | {verdict} |")
    return "\n".join(lines)


def write(run: Run, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document(run), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
