from django.conf import settings
from django.core.management import BaseCommand, CommandError

from zabota.operations.services import error_reports_purge


class Command(BaseCommand):
    help = (
        "Удаляет отчёты об ошибках сервера старше срока хранения (ZABOTA_ERROR_REPORT_DAYS). "
        "Это записи о работе программы, а не данные людей: в журнал событий удаление не пишется, "
        "о нём сообщают вывод команды и журнал программы."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="срок хранения в днях (по умолчанию из настроек)"
        )

    def handle(self, *args, days, **options):
        days = days if days is not None else settings.ZABOTA_ERROR_REPORT_DAYS
        try:
            removed = error_reports_purge(older_than_days=days)
        except ValueError as error:
            raise CommandError("Срок хранения должен быть не меньше одного дня.") from error
        self.stdout.write(f"Удалено отчётов об ошибках старше {days} дн.: {removed}")
