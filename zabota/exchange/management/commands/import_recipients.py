"""python manage.py import_recipients FILE [--dry-run] [--institution ID|ИНН] [--user LOGIN]

The same checks and services as the web page: any invalid row and nothing is imported (exit 1).
"""

from zabota.exchange.management.importer import ImportCommand
from zabota.exchange.models import ImportKind


class Command(ImportCommand):
    help = "Загрузка получателей из XLSX или CSV (шаблон и правила — docs/exchange.md)."
    kind = ImportKind.RECIPIENTS
