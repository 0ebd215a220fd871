"""python manage.py import_incomes FILE [--dry-run] [--institution ID|ИНН] [--user LOGIN]

Monthly incomes by СНИЛС, with the checks of the web page: any invalid row (unknown СНИЛС, a
negative or non-numeric sum, a future month, a repeated row) and nothing is imported (exit 1).
"""

from zabota.exchange.management.importer import ImportCommand
from zabota.exchange.models import ImportBatch, ImportKind
from zabota.rules.words import RECIPIENTS_GENITIVE, count_text


class Command(ImportCommand):
    help = "Загрузка доходов (пенсий) по СНИЛС из XLSX или CSV (правила — docs/exchange.md)."
    kind = ImportKind.INCOMES
    created_word = "новых сумм"

    def after_commit(self, batch: ImportBatch) -> None:
        affected = len(batch.report.get("affected", []))
        if affected:
            self.stdout.write(
                f"Доходы изменились у {count_text(affected, RECIPIENTS_GENITIVE)}. "
                "Пересчитать их условия оплаты "
                f"можно на странице загрузки: /exchange/import/{batch.pk}/"
            )
