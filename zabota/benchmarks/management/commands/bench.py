import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from zabota.benchmarks.common import SCALES
from zabota.benchmarks.run import PARTS, Run, execute, table, write


class Command(BaseCommand):
    help = (
        "Замеры скорости на данных demo_data (docs/performance.md); запускается из "
        "scripts/bench.sh на свежей базе."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--out", help="файл JSON с результатами")
        parser.add_argument(
            "--only", nargs="+", choices=PARTS, help="только эти части (по умолчанию все)"
        )

    def handle(self, *args, scale, out, only, **options):
        # With DEBUG Django keeps every query in memory: the numbers would not be production's.
        if settings.DEBUG:
            raise CommandError(
                "Замеры делаются при ZABOTA_DEBUG=0 (scripts/bench.sh так и делает)."
            )
        parts = tuple(only or SCALES[scale].parts or PARTS)
        run = Run(SCALES[scale], parts, log=self.stdout.write)
        with tempfile.TemporaryDirectory(prefix="zabota-bench-") as folder:
            try:
                execute(run, Path(folder))
            except Exception:
                self._show_logs(Path(folder))
                raise
            if run.failures():
                self._show_logs(Path(folder))
        self.stdout.write("\n" + table(run))
        if out:
            write(run, Path(out))
            self.stdout.write(f"\nРезультаты: {out}")
        misses = run.misses() if run.scale.targets_apply else []
        for miss in misses:
            self.stdout.write(self.style.WARNING(f"Цель не достигнута: {miss}"))
        failures = run.failures()
        if failures:
            raise CommandError("Ошибки целостности: " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS(f"Готово за {run.seconds:.0f} с."))

    def _show_logs(self, folder: Path) -> None:
        """The server's and locust's logs explain a crash: print their tails."""
        for name in ("gunicorn.log", "locust.log"):
            path = folder / name
            if path.exists():
                tail = path.read_text(encoding="utf-8", errors="replace")[-3000:]
                self.stderr.write(f"--- {name} ---\n{tail}")
