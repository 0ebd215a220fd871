"""python manage.py import_recipients FILE [--dry-run] [--institution ID|ИНН] [--user LOGIN]

The same checks and services as the web page: any invalid row and nothing is imported (exit 1).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from zabota.exchange import services
from zabota.exchange.importing.reading import FileProblem
from zabota.exchange.importing.recipients import (
    FIELDS_BY_KEY,
    auto_mapping,
    mapping_problems,
    plan_recipients,
)
from zabota.exchange.models import ImportBatch, ImportKind, ImportStatus
from zabota.organisation.models import Institution, Staff
from zabota.organisation.roles import Role


class Command(BaseCommand):
    help = "Загрузка получателей из XLSX или CSV (шаблон и правила — docs/exchange.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="файл XLSX или CSV")
        parser.add_argument(
            "--dry-run", action="store_true", help="только проверить, ничего не загружать"
        )
        parser.add_argument(
            "--institution", help="номер или ИНН учреждения (если в базе их несколько)"
        )
        parser.add_argument(
            "--user",
            help="логин сотрудника, от имени которого записывается загрузка "
            "(по умолчанию — администратор учреждения)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл не найден: {path}")
        institution = self._institution(options["institution"])
        actor = self._actor(institution, options["user"])
        content = path.read_bytes()
        try:
            services.check_upload_size(len(content))
            sheet = services.read_batch_sheet(content, path.name)
        except (FileProblem, ValidationError) as problem:
            raise CommandError(_message(problem)) from None

        mapping = auto_mapping(sheet, services.remembered_headers(actor))
        problems = mapping_problems(mapping)
        if problems:
            found = ", ".join(f"«{h}»" for h in sheet.headers)
            raise CommandError(
                "Неверные заголовки столбцов. "
                + " ".join(problems)
                + f" Заголовки в файле (строка {sheet.header_row}): {found}."
            )
        self.stdout.write(
            "Столбцы: "
            + "; ".join(
                f"{FIELDS_BY_KEY[key].label} ← {sheet.headers[index]}"
                for key, index in mapping.items()
            )
        )

        with transaction.atomic():
            plan = plan_recipients(sheet, mapping, actor=actor)
            if not plan.is_valid:
                for error in plan.errors:
                    self.stderr.write(str(error))
                bad_rows = sum(1 for r in plan.rows if r.errors)
                raise CommandError(
                    f"Ничего не загружено: ошибок {len(plan.errors)} в {bad_rows} строках "
                    f"из {len(plan.rows)}."
                )
            counts = plan.counts
            summary = (
                f"новых {counts['create']}, изменено {counts['update']}, "
                f"без изменений {counts['unchanged']}"
            )
            for row in plan.of("update"):
                changes = "; ".join(f"{a}: {b} → {c}" for a, b, c in row.change_lines())
                self.stdout.write(f"Строка {row.number}, {row.name}: {changes}")
            if options["dry_run"]:
                self.stdout.write(f"Проверка без загрузки: ошибок нет; было бы {summary}.")
                return
            try:
                services.apply_plan(actor=actor, plan=plan, source_name=path.name)
            except services.RowFailure as failure:
                raise CommandError(f"Ничего не загружено. {failure}") from None
            batch = ImportBatch.objects.create(
                institution=institution,
                kind=ImportKind.RECIPIENTS,
                file_name=path.name[:255],
                content=content,
                size=len(content),
                mapping=mapping,
                status=ImportStatus.COMMITTED,
                report=services.plan_report(plan),
                counts=plan.counts,
                plan_digest=plan.digest,
                created_by=actor,
                committed_at=timezone.now(),
            )
            services.audit_import(actor=actor, plan=plan, source_name=path.name, batch=batch)
        self.stdout.write(self.style.SUCCESS(f"Загружено: {summary}."))

    def _institution(self, wanted: str | None) -> Institution:
        institutions = Institution.objects.order_by("pk")
        if wanted:
            by_inn = list(institutions.filter(inn=wanted))
            if len(by_inn) == 1:
                return by_inn[0]
            found = institutions.filter(pk=int(wanted)).first() if wanted.isdigit() else None
            if found is None:
                hint = "ИНН у нескольких учреждений, укажите номер" if by_inn else "не найдено"
                raise CommandError(f"Учреждение «{wanted}»: {hint}.")
            return found
        count = institutions.count()
        if count == 1:
            return institutions.get()
        if count == 0:
            raise CommandError("В базе нет ни одного учреждения: сначала заведите учреждение.")
        listed = "; ".join(f"{i.pk} — {i} (ИНН {i.inn})" for i in institutions)
        raise CommandError(f"В базе несколько учреждений, укажите --institution: {listed}.")

    def _actor(self, institution: Institution, login: str | None) -> Staff:
        staff = Staff.objects.filter(institution=institution, user__is_active=True).select_related(
            "user", "institution"
        )
        if login:
            actor = staff.filter(user__username=login).first()
            if actor is None:
                raise CommandError(f"В учреждении нет действующего сотрудника с логином {login}.")
            if not actor.can("exchange.run"):
                raise CommandError(f"У сотрудника {actor} нет права загружать данные.")
            return actor
        actor = staff.filter(role=Role.ADMIN).order_by("pk").first()
        if actor is None:
            raise CommandError(
                "В учреждении нет администратора: укажите --user (логин сотрудника)."
            )
        return actor


def _message(problem: Exception) -> str:
    if isinstance(problem, ValidationError):
        return " ".join(problem.messages)
    return str(problem)
