from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from zabota.catalog.services import care_services_load
from zabota.organisation.models import Institution


class Command(BaseCommand):
    help = (
        "Загружает в каталог учреждения 50 услуг по уходу социального пакета СДУ с "
        "рекомендуемыми стандартами (периодичность, время, слот) или приводит их к стандарту. "
        "Ничего не удаляет и не меняет тарифы; повторный запуск ничего не меняет."
    )

    def add_arguments(self, parser):
        parser.add_argument("--institution", type=int, help="номер учреждения (по умолчанию все)")

    def handle(self, *args, institution=None, **options):
        institutions = Institution.objects.order_by("pk")
        if institution is not None:
            institutions = institutions.filter(pk=institution)
            if not institutions.exists():
                raise CommandError(f"Учреждение № {institution} не найдено.")
        for item in institutions:
            try:
                report = care_services_load(actor=None, institution=item)
            except ValidationError as error:
                raise CommandError(f"{item}: {' '.join(error.messages)}") from None
            self.stdout.write(f"{item}: {report.summary()}")
