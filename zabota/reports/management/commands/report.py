"""python manage.py report --kind worker|department|institution|6-sobes --from … --to … --out …

Apps above reports add kinds through zabota.reports.registry (quality: --kind quality).

The same builders as the pages, for the whole institution (the command line is the
administrator's); a file with recipients' names is written to the audit journal.
`--kind 6-sobes --supervisor LOGIN` sums the institutions that supervisor oversees.
"""

import datetime
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.core.xlsx import table_to_xlsx
from zabota.organisation.access import supervised_institutions
from zabota.organisation.models import Department, Institution, Staff
from zabota.organisation.roles import FIELD_ROLES, Role
from zabota.reports import registry
from zabota.reports.builders import (
    KIND_DEPARTMENT,
    KIND_INSTITUTION,
    KIND_SOBES,
    KIND_WORKER,
    KINDS,
    department_report,
    institution_report,
    worker_report,
)
from zabota.reports.periods import Period, PeriodError
from zabota.reports.queries import Scope
from zabota.reports.sobes import (
    DEFAULT_COLUMN,
    ORGANISATION_COLUMNS,
    sobes_consolidated,
    sobes_report,
)


class Command(BaseCommand):
    help = "Строит отчёт за период и сохраняет его в файл XLSX."

    def add_arguments(self, parser):
        # Checked by hand below, so that every mistake gets a Russian message.
        parser.add_argument(
            "--kind", help="worker | department | institution | 6-sobes | quality (и другие)"
        )
        parser.add_argument("--from", dest="date_from", help="начало периода, ГГГГ-ММ-ДД")
        parser.add_argument("--to", dest="date_to", help="конец периода, ГГГГ-ММ-ДД")
        parser.add_argument("--out", help="файл .xlsx, куда сохранить отчёт")
        parser.add_argument("--worker", help="номер (id) сотрудника, для --kind worker")
        parser.add_argument("--department", help="номер (id) отделения, для --kind department")
        parser.add_argument("--institution", help="номер (id) учреждения, если их несколько")
        parser.add_argument(
            "--column", help="графа 6-собес, к которой отнесено учреждение: 4, 6 или 7"
        )
        parser.add_argument(
            "--supervisor", help="логин куратора: 6-собес, сложенная по его учреждениям"
        )

    def handle(self, *args, **options):
        kind = options["kind"]
        extra = registry.get(kind)
        if kind not in KINDS and extra is None:
            names = ", ".join([*KINDS, *(k.code for k in registry.registered())])
            raise CommandError(f"Неизвестный вид отчёта «{kind or ''}»: укажите --kind {names}.")
        today = timezone.localdate()
        start = _date(options["date_from"], "--from")
        end = _date(options["date_to"], "--to")
        try:
            period = Period.checked(start, end, today=today)
        except PeriodError as error:
            raise CommandError(str(error)) from error
        out = _out(options["out"])
        if options["supervisor"]:
            report = _supervised(kind, options, period, today)
            out.write_bytes(table_to_xlsx(*report.tables))
            self.stdout.write(f"{report.title}: {report.subtitle}. Сохранено: {out}")
            return
        if extra is not None:
            institution = _institution(options["institution"])
            scope = None

            def build(i, s, p, t):
                return registry.build(extra, i, p, t)
        else:
            institution, scope, build = self._what(kind, options)
        report = build(institution, scope, period, today)
        out.write_bytes(table_to_xlsx(*report.tables))
        if report.personal_data:
            audit_event(
                kind=EventKind.EXPORT,
                username="manage.py report",
                institution=institution,
                object_type="xlsx",
                object_repr=out.name,
                details=f"report --kind {kind} {period.start}..{period.end} → {out}",
            )
        for warning in report.warnings:
            self.stderr.write(f"Внимание: {warning}")
        self.stdout.write(f"{report.title}: {report.subtitle}. Сохранено: {out}")

    def _what(self, kind: str, options):
        if kind == KIND_WORKER:
            worker = _object(
                Staff.objects.filter(role__in=FIELD_ROLES).select_related("institution"),
                options["worker"],
                "--worker",
                "Сотрудник (социальный работник или сиделка)",
            )
            scope = Scope(institution_id=worker.institution_id, worker_id=worker.pk)
            return (
                worker.institution,
                scope,
                lambda i, s, p, t: worker_report(worker=worker, scope=s, period=p, today=t),
            )
        if kind == KIND_DEPARTMENT:
            department = _object(
                Department.objects.select_related("institution"),
                options["department"],
                "--department",
                "Отделение",
            )
            scope = Scope(institution_id=department.institution_id, department_ids=(department.pk,))
            return (
                department.institution,
                scope,
                lambda i, s, p, t: department_report(
                    department=department, scope=s, period=p, today=t
                ),
            )
        institution = _institution(options["institution"])
        scope = Scope(institution_id=institution.pk)
        if kind == KIND_INSTITUTION:
            return (
                institution,
                scope,
                lambda i, s, p, t: institution_report(institution=i, scope=s, period=p, today=t),
            )
        column = _column(options["column"])
        assert kind == KIND_SOBES
        return (
            institution,
            scope,
            lambda i, s, p, t: sobes_report(
                institution=i, scope=s, period=p, today=t, column=column
            ),
        )


def _supervised(kind: str, options, period: Period, today: datetime.date):
    """6-собес summed over a supervisor's institutions: figures only, no one's name in it, so
    nothing to journal as an export of personal data."""
    if kind != KIND_SOBES:
        raise CommandError("--supervisor строит только --kind 6-sobes.")
    login = options["supervisor"]
    supervisor = (
        Staff.objects.filter(user__username=login, role=Role.SUPERVISOR)
        .select_related("user")
        .first()
    )
    if supervisor is None:
        raise CommandError(f"Куратора с логином «{login}» нет.")
    institutions = list(supervised_institutions(supervisor))
    if not institutions:
        raise CommandError(f"За куратором «{login}» не закреплено ни одного учреждения.")
    return sobes_consolidated(
        institutions=institutions,
        period=period,
        today=today,
        column=_column(options["column"]),
        title_of=f"Свод по учреждениям куратора {supervisor.short_name}",
    )


def _date(value: str | None, option: str) -> datetime.date:
    if not value:
        raise CommandError(f"Укажите {option} — дату в виде ГГГГ-ММ-ДД, например 2026-10-01.")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} «{value}»: такой даты нет; нужен вид ГГГГ-ММ-ДД, например 2026-10-01."
        ) from None


def _out(value: str | None) -> Path:
    if not value:
        raise CommandError("Укажите --out — файл, куда сохранить отчёт, например отчёт.xlsx.")
    path = Path(value)
    if path.suffix.lower() != ".xlsx":
        raise CommandError(f"Файл «{value}» должен иметь расширение .xlsx.")
    if not path.parent.is_dir():
        raise CommandError(f"Папки «{path.parent}» нет: создайте её или укажите другой путь.")
    return path


def _object(queryset, value: str | None, option: str, what: str):
    if not value:
        raise CommandError(f"Для этого отчёта укажите {option} — номер (id).")
    if not value.isdigit():
        raise CommandError(f"{option} «{value}»: нужен номер (id) — целое число.")
    found = queryset.filter(pk=int(value)).first()
    if found is None:
        raise CommandError(f"{what} с номером {value} не найден(о).")
    return found


def _institution(value: str | None) -> Institution:
    if value:
        return _object(Institution.objects.all(), value, "--institution", "Учреждение")
    institutions = list(Institution.objects.all()[:2])
    if not institutions:
        raise CommandError("В базе нет ни одного учреждения.")
    if len(institutions) > 1:
        raise CommandError("В базе несколько учреждений: укажите --institution — номер (id).")
    return institutions[0]


def _column(value: str | None) -> int:
    if not value:
        return DEFAULT_COLUMN
    if not value.isdigit() or int(value) not in ORGANISATION_COLUMNS:
        raise CommandError("--column: графа учреждения в 6-собес — 4, 6 или 7.")
    return int(value)
