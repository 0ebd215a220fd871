"""The body of `import_recipients` and `import_incomes`: the same checks and services as the
pages; any invalid row and nothing is imported (exit 1)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from zabota.exchange import services
from zabota.exchange.importing.kinds import definition
from zabota.exchange.importing.reading import FileProblem
from zabota.exchange.management.options import (
    actor_from,
    add_actor_arguments,
    institution_from,
    message_of,
)
from zabota.exchange.models import ImportBatch, ImportKind, ImportStatus
from zabota.rules.words import count_text


class ImportCommand(BaseCommand):
    kind = ImportKind.RECIPIENTS
    created_word = "новых"

    def add_arguments(self, parser):
        parser.add_argument("file", help="файл XLSX или CSV")
        parser.add_argument(
            "--dry-run", action="store_true", help="только проверить, ничего не загружать"
        )
        add_actor_arguments(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл не найден: {path}")
        institution = institution_from(options["institution"])
        actor = actor_from(institution, options["user"])
        kind = definition(self.kind)
        content = path.read_bytes()
        try:
            services.check_upload_size(len(content))
            sheet = services.read_batch_sheet(content, path.name, self.kind)
        except (FileProblem, ValidationError) as problem:
            raise CommandError(message_of(problem)) from None

        mapping = kind.auto_mapping(sheet, services.remembered_headers(actor, self.kind))
        problems = kind.mapping_problems(mapping)
        if problems:
            found = ", ".join(f"«{h}»" for h in sheet.headers)
            raise CommandError(
                "Неверные заголовки столбцов. "
                + " ".join(problems)
                + f" Заголовки в файле (строка {sheet.header_row}): {found}."
            )
        labels = {f.key: f.label for f in kind.fields}
        self.stdout.write(
            "Столбцы: "
            + "; ".join(f"{labels[key]} ← {sheet.headers[index]}" for key, index in mapping.items())
        )

        with transaction.atomic():
            plan = kind.plan(sheet, mapping, actor=actor)
            if not plan.is_valid:
                for error in plan.errors:
                    self.stderr.write(str(error))
                bad_rows = sum(1 for r in plan.rows if r.errors)
                raise CommandError(
                    f"Ничего не загружено: ошибок {len(plan.errors)} в "
                    f"{count_text(bad_rows, ('строке', 'строках', 'строках'))} "
                    f"из {len(plan.rows)}."
                )
            counts = plan.counts
            summary = (
                f"{self.created_word} {counts['create']}, изменено {counts['update']}, "
                f"без изменений {counts['unchanged']}"
            )
            for row in plan.of("update"):
                changes = "; ".join(f"{a}: {b} → {c}" for a, b, c in row.change_lines())
                self.stdout.write(f"Строка {row.number}, {row.name}: {changes}")
            if options["dry_run"]:
                self.stdout.write(f"Проверка без загрузки: ошибок нет; было бы {summary}.")
                return
            try:
                if self.kind == ImportKind.INCOMES:
                    services.apply_income_plan(actor=actor, plan=plan)
                else:
                    services.apply_plan(actor=actor, plan=plan, source_name=path.name)
            except services.RowFailure as failure:
                raise CommandError(f"Ничего не загружено. {failure}") from None
            batch = ImportBatch.objects.create(
                institution=institution,
                kind=self.kind,
                file_name=path.name[:255],
                content=content,
                size=len(content),
                mapping=mapping,
                status=ImportStatus.COMMITTED,
                report=services.plan_report(plan, self.kind),
                counts=plan.counts,
                plan_digest=plan.digest,
                created_by=actor,
                committed_at=timezone.now(),
            )
            services.audit_import(
                actor=actor, plan=plan, source_name=path.name, batch=batch, kind=self.kind
            )
        self.stdout.write(self.style.SUCCESS(f"Загружено: {summary}."))
        self.after_commit(batch)

    def after_commit(self, batch: ImportBatch) -> None:
        """What to say once the file is in (the income import points to the recalculation)."""
