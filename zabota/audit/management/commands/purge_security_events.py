from django.conf import settings
from django.core.management import BaseCommand, CommandError

from zabota.audit.services import security_events_purge


class Command(BaseCommand):
    help = (
        "Удаляет записи журнала событий старше срока хранения (ZABOTA_SECURITY_LOG_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="срок хранения в днях (по умолчанию из настроек)"
        )

    def handle(self, *args, days, **options):
        days = days if days is not None else settings.ZABOTA_SECURITY_LOG_RETENTION_DAYS
        try:
            removed = security_events_purge(older_than_days=days)
        except ValueError as error:
            raise CommandError("Срок хранения должен быть не меньше одного дня.") from error
        self.stdout.write(f"Удалено записей журнала старше {days} дн.: {removed}")
