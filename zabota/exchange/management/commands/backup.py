"""python manage.py backup --out FILE — a consistent copy of the whole database (docs/backup.md)."""

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.exchange.backup import ENGINES, BackupError, create_backup

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Резервная копия базы данных в один файл (SQLite или PostgreSQL)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="файл копии, например /var/backups/…")

    def handle(self, *args, **options):
        out = Path(options["out"])
        try:
            manifest = create_backup(out)
        except BackupError as error:
            logger.error("backup to %s failed: %s", out.name, error)
            raise CommandError(str(error)) from None
        size = out.stat().st_size
        logger.info("backup written: %s, %d bytes (%s)", out.name, size, manifest.engine)
        # 152-ФЗ: a copy of every person's data leaving the database is on record.
        audit_event(
            kind=EventKind.EXPORT,
            object_type="backup",
            object_repr=out.name,
            details=f"Резервная копия базы данных в файл {out.absolute()} ({size} байт)",
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Копия базы {ENGINES[manifest.engine]} записана в {out} "
                f"({size / 1024 / 1024:.1f} МБ, {manifest.created_at})."
            )
        )
