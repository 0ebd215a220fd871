"""Nightly: write down «истёк срок» for programs and contracts past their term.

The lists already show them as expired (programs.selectors reads the status lazily); this
command makes the stored status agree, for exports and other systems that read the table.
Run daily from cron or a systemd timer: `python manage.py expire_programs`.
"""

import datetime

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from zabota.programs.services import programs_expire


class Command(BaseCommand):
    help = "Отмечает истёкшие ИППСУ и договоры (срок действия прошёл)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="дата, на которую проверять (ГГГГ-ММ-ДД)")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError("Дата пишется как ГГГГ-ММ-ДД.") from error
        programs, contracts = programs_expire(day)
        self.stdout.write(
            f"На {day:%d.%m.%Y} отмечено истёкшими: программ: {programs}, договоров: {contracts}."
        )
