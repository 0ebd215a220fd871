import datetime

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from zabota.field.route_savings import institution_week
from zabota.organisation.models import Institution


class Command(BaseCommand):
    help = (
        "Сравнивает маршруты работников за неделю: длина в порядке плана (по алфавиту) и в "
        "порядке маршрута, по прямой между адресами."
    )

    def add_arguments(self, parser):
        parser.add_argument("--institution", type=int, help="id учреждения (по умолчанию первое)")
        parser.add_argument(
            "--start", type=datetime.date.fromisoformat, help="понедельник недели, ГГГГ-ММ-ДД"
        )

    def handle(self, *args, institution=None, start=None, **options):
        chosen = Institution.objects.order_by("pk")
        chosen = chosen.filter(pk=institution) if institution else chosen
        found = chosen.first()
        if found is None:
            raise CommandError("Учреждение не найдено.")
        today = timezone.localdate()
        start = start or today - datetime.timedelta(days=today.weekday())
        days = institution_week(found.pk, start)
        if not days:
            self.stdout.write("Нет дней с двумя посещениями и больше.")
            return
        naive = sum(d.naive_m for d in days)
        ordered = sum(d.ordered_m for d in days)
        longer = [d for d in days if d.ordered_m > d.naive_m]
        savings = [1 - d.ordered_m / d.naive_m for d in days if d.naive_m]
        self.stdout.write(
            f"{found}: неделя с {start:%d.%m.%Y}, рабочих дней работников: {len(days)}, "
            f"посещений: {sum(d.visits for d in days)}\n"
            f"в порядке плана: {naive / 1000:.1f} км, по маршруту: {ordered / 1000:.1f} км, "
            f"экономия {(naive - ordered) / 1000:.1f} км ({1 - ordered / naive:.1%})\n"
            f"экономия за день: медиана {sorted(savings)[len(savings) // 2]:.1%}, "
            f"наибольшая {max(savings):.1%}; дней, где маршрут длиннее плана: {len(longer)}"
        )
