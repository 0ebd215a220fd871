"""python manage.py check_text [--fix]: stored text with control characters or formulas.

See zabota/audit/text_check.py and docs/security.md («Гигиена текста»).
"""

from django.core.management import BaseCommand

from zabota.audit import text_check
from zabota.audit.text_check import CONTROL, FORMULA


class Command(BaseCommand):
    help = (
        "Проверяет текст в базе: управляющие символы и значения, начинающиеся как формула "
        "Excel. С --fix заменяет управляющие символы (формулы не трогает: это данные)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="исправить управляющие символы (каждое исправление пишется в журнал событий)",
        )

    def handle(self, *args, fix: bool = False, **options):
        findings = list(text_check.scan())
        for finding in findings:
            self.stdout.write(finding.describe())
        controls = [f for f in findings if f.kind == CONTROL]
        formulas = [f for f in findings if f.kind == FORMULA]
        journal = [f for f in controls if f.is_journal]
        self.stdout.write(
            f"\nУправляющие символы: {len(controls)}; значения, похожие на формулу: "
            f"{len(formulas)}."
        )
        if journal:
            self.stdout.write(
                f"Из них в журнале событий: {len(journal)} — журнал не изменяется "
                "(Приказ ФСТЭК № 21, РСБ.7), его выгрузка заменяет такие символы на «�»."
            )
        if formulas:
            self.stdout.write(
                "Формулы не исправляются: это данные, выгрузки пишут их как текст. "
                "Проверьте их по списку выше."
            )
        if fix:
            rows = text_check.fix(controls)
            self.stdout.write(self.style.SUCCESS(f"Исправлено записей: {rows}."))
        elif len(controls) > len(journal):
            self.stdout.write("Чтобы заменить управляющие символы: manage.py check_text --fix")
