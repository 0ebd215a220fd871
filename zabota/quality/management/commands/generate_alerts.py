"""python manage.py generate_alerts [--queue] [--date ГГГГ-ММ-ДД]

The daily alerts of every person, after the quarter's survey sample and inspection plans are
made if missing; a second run the same day adds nothing. The timer zabota-alerts runs it with
--queue: one job per institution and day for the worker (docs/jobs.md), so that a failure is on
the «Ошибки» page; without --queue the work is done here and now, for every institution.
"""

import datetime

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from zabota.jobs.models import JobStatus
from zabota.quality.jobs import alerts_queue
from zabota.quality.services import alerts_generate
from zabota.quality.services.quarter import quarter_prepare


class Command(BaseCommand):
    help = "Формирует оповещения сотрудников на сегодня (повторный запуск ничего не дублирует)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="день, на который формировать, ГГГГ-ММ-ДД (сегодня)")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="поставить задание каждого учреждения в очередь обработчика (так делает таймер)",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date «{options['date']}»: нужна дата в виде ГГГГ-ММ-ДД."
                ) from None
        if options["queue"]:
            for job, started in alerts_queue(today=today):
                if started:
                    state = "поставлено в очередь"
                elif job.status == JobStatus.DONE:
                    state = "уже выполнено сегодня"
                else:
                    state = "уже в очереди"
                self.stdout.write(f"{job.institution}: задание № {job.pk} {state}.")
            return
        proposed, planned = quarter_prepare(today=today)
        added = alerts_generate(today=today)
        self.stdout.write(
            f"Оповещений добавлено: {added}. Предложено для опроса: {proposed}, "
            f"запланировано контрольных посещений: {planned}."
        )
