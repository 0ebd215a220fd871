from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from zabota.core.demo import (
    DEMO_PASSWORD,
    SECOND_RECIPIENTS,
    DemoContext,
    analyze,
    run_demo,
)
from zabota.organisation.models import Institution
from zabota.rules.words import RECIPIENTS_GENITIVE, count_text

DEFAULT_RECIPIENTS = 150


class Command(BaseCommand):
    help = "Заполняет базу демонстрационными данными (только при ZABOTA_DEBUG=1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipients",
            type=int,
            help="число получателей (указано — одно учреждение; без него — демо из двух "
            f"учреждений, {DEFAULT_RECIPIENTS} и {SECOND_RECIPIENTS} получателей)",
        )
        parser.add_argument("--months", type=int, default=3, help="месяцев журнала услуг")
        parser.add_argument("--seed", type=int, default=1, help="зерно случайных чисел")
        parser.add_argument(
            "--institutions",
            type=int,
            default=1,
            help="учреждений региона, у каждого --recipients получателей (замер bench-region)",
        )
        parser.add_argument("--reset", action="store_true", help="очистить базу перед заполнением")

    def handle(self, *args, recipients, months, seed, reset, institutions, **options):
        # Demo passwords must never reach a production database.
        if not settings.DEBUG:
            raise CommandError("Демонстрационные данные загружаются только при ZABOTA_DEBUG=1.")
        with_second = recipients is None and institutions == 1
        recipients = DEFAULT_RECIPIENTS if recipients is None else recipients
        if recipients < 10 or months < 1 or institutions < 1:
            raise CommandError("Нужно не меньше 10 получателей, 1 месяца и 1 учреждения.")
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        elif Institution.objects.exists():
            self.stdout.write("Демонстрационные данные уже загружены (для повтора: --reset).")
            self._print_logins()
            return
        # One transaction per institution: a region's data is large, and what was built stays.
        for number in range(1, institutions + 1):
            ctx = DemoContext(
                recipients=recipients,
                months=months,
                seed=seed + number - 1,
                number=number,
                log=self.stdout.write,
                with_second=with_second,
            )
            of = f" (учреждение {number} из {institutions})" if institutions > 1 else ""
            self.stdout.write(
                f"Заполняю{of}: {count_text(recipients, RECIPIENTS_GENITIVE)}, {months} мес."
            )
            with transaction.atomic():
                run_demo(ctx)
        analyze()
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(
            self.style.SUCCESS(
                "\nДемо готово. Вход на http://127.0.0.1:8000, пароль у всех: " + DEMO_PASSWORD
            )
        )
        for login, role in [
            ("admin", "администратор"),
            ("director", "директор"),
            ("head1", "заведующий отделением № 1"),
            ("head2", "заведующий отделением № 2"),
            ("specialist1", "специалист по социальной работе"),
            ("worker1", "социальный работник, отделение № 1"),
            ("worker2", "социальный работник, отделение № 1"),
            ("caregiver1", "сиделка, отделение № 1"),
            ("accountant1", "бухгалтер"),
            ("relative1", "родственник получателя отделения № 1: кабинет родственника"),
            ("supervisor", "куратор (УСЗН) над учреждениями демо"),
            ("installation", "администратор установки: учреждения, кураторы, весь журнал"),
            ("director2", "директор второго учреждения"),
            ("admin2", "администратор второго учреждения"),
            ("head2_1", "заведующий отделением № 1 второго учреждения"),
            ("worker2_1", "социальный работник второго учреждения"),
        ]:
            self.stdout.write(f"  {login:<12} {role}")
