"""The first start of a real installation: the institution, its departments and the first
administrator (who then adds everyone else on the «Сотрудники» page)."""

import getpass
import logging

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from zabota.organisation.models import Department, Institution
from zabota.organisation.roles import Role
from zabota.organisation.services import staff_create

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Создаёт учреждение, его отделения и первого администратора (для новой установки)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="полное наименование учреждения")
        parser.add_argument("--short-name", required=True, help="сокращённое наименование")
        parser.add_argument("--inn", required=True, help="ИНН учреждения")
        parser.add_argument("--address", required=True, help="адрес")
        parser.add_argument("--director", required=True, help="ФИО директора")
        parser.add_argument("--departments", type=int, default=1, help="сколько отделений на дому")
        parser.add_argument("--admin-login", default="admin", help="логин администратора")
        parser.add_argument(
            "--admin-name",
            default="Администратор Системы",
            help="ФИО администратора (фамилия имя [отчество])",
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="прочитать пароль администратора из стандартного ввода",
        )

    def handle(self, *args, **options):
        if options["departments"] < 1:
            raise CommandError("Нужно хотя бы одно отделение.")
        if Institution.objects.filter(inn=options["inn"]).exists():
            raise CommandError(f"Учреждение с ИНН {options['inn']} уже есть.")
        password = self._password(options["password_stdin"])
        last, first, *middle = options["admin_name"].split() + [""]
        with transaction.atomic():
            institution = Institution(
                name=options["name"],
                short_name=options["short_name"],
                inn=options["inn"],
                address=options["address"],
                director_name=options["director"],
            )
            try:
                institution.full_clean()
            except ValidationError as error:
                raise CommandError(
                    "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
                ) from error
            institution.save()
            for number in range(1, options["departments"] + 1):
                Department.objects.create(
                    institution=institution,
                    number=number,
                    name=f"Отделение социального обслуживания на дому № {number}",
                )
            staff_create(
                actor=None,
                institution=institution,
                username=options["admin_login"],
                password=password,
                role=Role.ADMIN,
                last_name=last,
                first_name=first,
                middle_name=middle[0] if middle else "",
                position="Администратор информационной системы",
            )
        logger.info(
            "institution %s set up with %d departments", institution.pk, options["departments"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Создано: {institution.short_name}, отделений: {options['departments']}, "
                f"администратор «{options['admin_login']}». Войдите и добавьте сотрудников."
            )
        )

    def _password(self, from_stdin: bool) -> str:
        import sys

        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Пароль администратора: ")
            if password != getpass.getpass("Ещё раз: "):
                raise CommandError("Пароли не совпадают.")
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
