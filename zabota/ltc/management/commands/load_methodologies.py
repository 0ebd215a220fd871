import datetime

from django.core.management import BaseCommand, CommandError

from zabota.ltc.services import ensure_shipped_methodologies
from zabota.organisation.models import Institution


class Command(BaseCommand):
    help = (
        "Загружает поставляемые методики (индекс Бартел, шкала Лоутона — примеры) в учреждения, "
        "где их нет; где ни одна методика не действует, вводит в действие индекс Бартел."
    )

    def add_arguments(self, parser):
        parser.add_argument("--institution", type=int, help="номер учреждения (по умолчанию все)")
        parser.add_argument(
            "--effective-from",
            type=datetime.date.fromisoformat,
            help="дата начала действия индекса Бартел, ГГГГ-ММ-ДД (по умолчанию сегодня)",
        )

    def handle(self, *args, institution=None, effective_from=None, **options):
        institutions = Institution.objects.order_by("pk")
        if institution is not None:
            institutions = institutions.filter(pk=institution)
            if not institutions.exists():
                raise CommandError(f"Учреждение № {institution} не найдено.")
        for item in institutions:
            created = ensure_shipped_methodologies(institution=item, effective_from=effective_from)
            names = ", ".join(str(m) for m in created) or "все уже загружены"
            self.stdout.write(f"{item}: {names}")
