"""python manage.py export_egisso --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xml
                                 [--institution ID|ИНН] [--user LOGIN]

The new facts of assignment of the period and the changes of the facts exported before, in
format 10.06.S 1.1.0, validated against the shipped XSD — the same packages as the page and the
job form (one service, egisso_export), kept in the log (docs/egisso.md). Any problem: nothing
is written, each problem is printed with its recipient (exit 1). Nothing new since the last
package: no file (exit 0). More than 1000 records of a kind: one file per package, FILE-01.xml,
FILE-02.xml, …
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zabota.exchange.egisso import services
from zabota.exchange.management.options import (
    actor_from,
    add_actor_arguments,
    institution_from,
    message_of,
)
from zabota.rules.identifiers import snils_format
from zabota.rules.words import RECIPIENTS_GENITIVE, count_text


def iso_date(value: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{what}: «{value}» — не дата; пишите ГГГГ-ММ-ДД, например 2026-01-31."
        ) from None


class Command(BaseCommand):
    help = (
        "Выгрузка в ЕГИССО (формат 10.06.S 1.1.0): новые факты назначения и изменения "
        "выгруженных, см. docs/egisso.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="date_from", required=True, help="начало периода, ГГГГ-ММ-ДД"
        )
        parser.add_argument("--to", dest="date_to", required=True, help="конец периода, ГГГГ-ММ-ДД")
        parser.add_argument("--out", required=True, help="файл XML, куда записать выгрузку")
        add_actor_arguments(parser, verb="выгрузка")

    def handle(self, *args, date_from, date_to, out, **options):
        date_from = iso_date(date_from, "--from")
        date_to = iso_date(date_to, "--to")
        institution = institution_from(options["institution"])
        actor = actor_from(institution, options["user"], right="выгружать данные")
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"Нет папки {target.parent}.")
        try:
            export = services.egisso_export(actor=actor, date_from=date_from, date_to=date_to)
        except services.EgissoInvalid as invalid:
            self._report(invalid.check)
            check = invalid.check
            raise CommandError(
                f"Файл не создан: ошибок {check.problem_count}"
                + (
                    f" у {count_text(len(check.recipients), RECIPIENTS_GENITIVE)}"
                    if check.recipients
                    else ""
                )
                + "."
            ) from None
        except services.NothingToExport:
            self.stdout.write(str(services.NOTHING_MESSAGE))
            return
        except ValidationError as error:
            raise CommandError(message_of(error)) from None
        written = []
        for package in export.packages:
            path = target
            if len(export.packages) > 1:
                path = target.with_name(
                    f"{target.stem}-{package.number:02d}{target.suffix or '.xml'}"
                )
            path.write_bytes(bytes(package.content))
            written.append(str(path))
        self.stdout.write(
            self.style.SUCCESS(
                f"Записано фактов назначения: {export.facts}, изменений: {export.changes}; "
                f"файлы: {', '.join(written)}."
            )
        )

    def _report(self, check) -> None:
        for message in check.general:
            self.stderr.write(message)
        for entry in check.recipients:
            person = f"{entry.recipient.full_name} (СНИЛС {snils_format(entry.recipient.snils)})"
            for label, problem in entry.items:
                self.stderr.write(f"{person}, {label} — {problem.field}: {problem.message}")
