"""`manage.py billing …`: the accountant's long work from the command line (and a timer)."""

import datetime
import logging
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from zabota.billing.demo import demo_statement
from zabota.billing.models import Charge
from zabota.billing.receipts import receipts_bulk
from zabota.billing.selectors import next_month
from zabota.billing.services.charges import charges_for_month
from zabota.billing.services.statements import statement_import
from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import Role

logger = logging.getLogger(__name__)


def _month(text: str | None) -> datetime.date:
    try:
        return datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        raise CommandError(f"Месяц «{text}» не в виде ГГГГ-ММ.") from None


class Command(BaseCommand):
    help = (
        "Учёт оплаты: charge — начислить за месяц по актам; receipts — квитанции месяца "
        "(DOCX в ZIP и общий PDF); import — загрузить выписку банка; demo-statement — "
        "выписка демо-данных для загрузки."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["charge", "receipts", "import", "demo-statement"])
        parser.add_argument("--month", help="месяц ГГГГ-ММ (учётный для receipts)")
        parser.add_argument("--department", type=int, help="id отделения; без него — всё")
        parser.add_argument("--file", help="файл выписки (import) или куда записать (прочие)")
        parser.add_argument("--out", help="папка для квитанций")
        parser.add_argument("--user", help="логин бухгалтера (по умолчанию первый бухгалтер)")

    def handle(self, *args, action, month, department, file, out, user, **options):
        actor = self._actor(user)
        chosen = None
        if department is not None:
            chosen = Department.objects.filter(pk=department, institution=actor.institution).first()
            if chosen is None:
                raise CommandError(f"Отделения с id {department} в учреждении нет.")
        try:
            if action == "charge":
                run = charges_for_month(actor=actor, month=_month(month), department=chosen)
                self.stdout.write(run.message)
                for name, reason in run.skipped:
                    self.stdout.write(f"  {name}: {reason}")
            elif action == "receipts":
                self._receipts(actor, _month(month), chosen, out)
            elif action == "import":
                if not file:
                    raise CommandError("Укажите --file с выпиской.")
                path = Path(file)
                record = statement_import(
                    actor=actor, file_name=path.name, content=path.read_bytes()
                )
                self.stdout.write(
                    f"Зачислено {record.booked}, на проверку {record.queued}, загружено ранее "
                    f"{record.known}, не поступлений {record.outgoing}."
                )
            else:
                last = _month(month)
                charges = list(Charge.objects.filter(institution=actor.institution, month=last))
                content = demo_statement(
                    actor.institution,
                    charges,
                    paid_in=next_month(last),
                    today=datetime.date.today(),
                )
                Path(file or "demo-statement.txt").write_bytes(content)
                self.stdout.write(f"Выписка записана: {file or 'demo-statement.txt'}")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _receipts(self, actor, month, department, out):
        if not out:
            raise CommandError("Укажите --out ПАПКА.")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        run = receipts_bulk(
            actor=actor,
            month=month,
            department=department,
            on_progress=lambda done, total: self.stdout.write(f"{done}/{total}", ending="\r"),
        )
        (folder / f"Квитанции {month:%Y-%m}.zip").write_bytes(run.zip_bytes())
        if run.pdf:
            (folder / f"Квитанции {month:%Y-%m}.pdf").write_bytes(run.pdf)
        self.stdout.write(f"\nКвитанций: {len(run.documents)}; не выписано: {len(run.skipped)}.")
        for name, reason in run.skipped:
            self.stdout.write(f"  {name}: {reason}")

    def _actor(self, login):
        staff = Staff.objects.select_related("institution", "user")
        if login:
            actor = staff.filter(user__username=login).first()
            if actor is None:
                raise CommandError(f"Сотрудника с логином «{login}» нет.")
        else:
            actor = staff.filter(role=Role.ACCOUNTANT, user__is_active=True).order_by("pk").first()
            if actor is None:
                raise CommandError("В базе нет бухгалтера: укажите --user.")
        if not actor.can("billing.manage"):
            raise CommandError("Эти действия выполняет бухгалтер (роль «Бухгалтер»).")
        return actor
