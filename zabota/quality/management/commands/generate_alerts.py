"""python manage.py generate_alerts [--date ГГГГ-ММ-ДД]

The daily alerts of every person (run by the timer zabota-alerts; a second run the same day adds
nothing), after the quarter's survey sample and inspection plans are made if missing.
"""

import datetime
import logging

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from zabota.quality.services import alerts_generate
from zabota.quality.services.quarter import quarter_prepare

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Формирует оповещения сотрудников на сегодня (повторный запуск ничего не дублирует)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="день, на который формировать, ГГГГ-ММ-ДД (сегодня)")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date «{options['date']}»: нужна дата в виде ГГГГ-ММ-ДД."
                ) from None
        proposed, planned = quarter_prepare(today=today)
        added = alerts_generate(today=today)
        self.stdout.write(
            f"Оповещений добавлено: {added}. Предложено для опроса: {proposed}, "
            f"запланировано контрольных посещений: {planned}."
        )
