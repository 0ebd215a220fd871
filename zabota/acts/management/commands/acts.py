import datetime
import logging
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from zabota.acts.bulk import acts_bulk, docx_name
from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import Role

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Составляет акты оказанных услуг за месяц: DOCX каждого получателя и общий PDF."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="месяц ГГГГ-ММ")
        parser.add_argument(
            "--department", type=int, help="номер (id) отделения; без него — всё учреждение"
        )
        parser.add_argument("--out", help="папка для файлов")
        parser.add_argument(
            "--user",
            help="логин сотрудника, от имени которого выдаются акты (по умолчанию директор)",
        )
        parser.add_argument("--no-pdf", action="store_true", help="без общего PDF")

    def handle(self, *args, month, department, out, user, no_pdf, **options):
        if not month or not out:
            raise CommandError("Укажите --month ГГГГ-ММ и --out ПАПКА.")
        try:
            first = datetime.datetime.strptime(month, "%Y-%m").date()
        except ValueError:
            raise CommandError(f"Месяц «{month}» не в виде ГГГГ-ММ.") from None
        if first > timezone.localdate().replace(day=1):
            raise CommandError(f"Месяц {first:%m.%Y} ещё не начался: актов за него нет.")
        actor = self._actor(user)
        chosen = None
        if department is not None:
            chosen = Department.objects.filter(pk=department, institution=actor.institution).first()
            if chosen is None:
                raise CommandError(f"Отделения с id {department} в учреждении нет.")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            result = acts_bulk(
                actor=actor,
                month=first,
                department=chosen,
                with_pdf=not no_pdf,
                on_progress=lambda done, total: self.stdout.write(f"  {done} из {total}"),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for n, document in enumerate(result.documents, start=1):
            (folder / docx_name(n, document)).write_bytes(bytes(document.content))
        if result.pdf:
            (folder / f"Акты {first:%Y-%m}.pdf").write_bytes(result.pdf)
        for name, reason in result.skipped:
            self.stderr.write(f"Не составлен: {name}: {reason}")
        logger.info(
            "acts of %s written by the command: %d acts, %d skipped",
            f"{first:%Y-%m}",
            len(result.documents),
            len(result.skipped),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Актов: {len(result.documents)}, не составлено: {len(result.skipped)}; "
                f"файлы в {folder}"
            )
        )

    def _actor(self, login: str | None) -> Staff:
        people = Staff.objects.select_related("user", "institution").filter(user__is_active=True)
        if login:
            actor = people.filter(user__username=login).first()
            if actor is None:
                raise CommandError(f"Сотрудника с логином «{login}» нет или он отключён.")
            if not actor.can("acts.view"):
                raise CommandError(f"У «{login}» нет права составлять акты.")
            return actor
        directors = list(people.filter(role=Role.DIRECTOR)[:2])
        if len(directors) != 1:
            raise CommandError("Укажите --user: директор не определён однозначно.")
        return directors[0]
