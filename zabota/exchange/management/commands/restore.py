"""python manage.py restore FILE [--force] — the database replaced by a backup (docs/backup.md)."""

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.exchange.backup import BackupError, restore_backup

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Восстановление базы данных из резервной копии, сделанной командой backup."
    # The checks must not touch a database that is about to be replaced.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="файл копии")
        parser.add_argument(
            "--force",
            action="store_true",
            help="заменить непустую базу (текущая будет сохранена)",
        )
        parser.add_argument(
            "--keep-dir",
            help="PostgreSQL: папка для копии текущей базы перед восстановлением "
            "(по умолчанию var/backups)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        keep_dir = Path(options["keep_dir"]) if options["keep_dir"] else None
        try:
            result = restore_backup(path, force=options["force"], keep_dir=keep_dir)
        except BackupError as error:
            logger.error("restore from %s refused, the database is unchanged: %s", path.name, error)
            raise CommandError(f"{error} База данных не изменена.") from None
        logger.warning(
            "database replaced by the backup %s of %s", path.name, result.manifest.created_at
        )
        if result.kept:
            self.stdout.write(f"Прежняя база сохранена в файле {result.kept}.")
        if result.safety_copy:
            self.stdout.write(f"Копия прежней базы: {result.safety_copy}.")
        try:
            audit_event(
                kind=EventKind.IMPORT,
                object_type="backup",
                object_repr=path.name,
                details=f"База данных восстановлена из копии {path.absolute()} "
                f"от {result.manifest.created_at}",
            )
        except DatabaseError:
            # A copy from an older version may lack the journal's newest columns until migrate.
            pass
        self.stdout.write(
            self.style.SUCCESS(
                f"База данных восстановлена из копии от {result.manifest.created_at}."
            )
        )
        if result.missing:
            self.stdout.write(
                self.style.WARNING(
                    "Копия сделана более старой версией Заботы: выполните "
                    "«python manage.py migrate», чтобы обновить структуру базы "
                    f"(не хватает: {', '.join(result.missing[:5])}"
                    f"{' и других' if len(result.missing) > 5 else ''})."
                )
            )
