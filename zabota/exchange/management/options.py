"""What the exchange's commands share: the institution and the member of staff they act for."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from zabota.organisation.models import Institution, Staff
from zabota.organisation.roles import Role


def add_actor_arguments(parser, *, verb: str = "загрузка") -> None:
    parser.add_argument("--institution", help="номер или ИНН учреждения (если в базе их несколько)")
    parser.add_argument(
        "--user",
        help=f"логин сотрудника, от имени которого записывается {verb} "
        "(по умолчанию — администратор учреждения)",
    )


def institution_from(wanted: str | None) -> Institution:
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


def actor_from(
    institution: Institution, login: str | None, *, right: str = "загружать данные"
) -> Staff:
    staff = Staff.objects.filter(institution=institution, user__is_active=True).select_related(
        "user", "institution"
    )
    if login:
        actor = staff.filter(user__username=login).first()
        if actor is None:
            raise CommandError(f"В учреждении нет действующего сотрудника с логином {login}.")
        if not actor.can("exchange.run"):
            raise CommandError(f"У сотрудника {actor} нет права {right}.")
        return actor
    actor = staff.filter(role=Role.ADMIN).order_by("pk").first()
    if actor is None:
        raise CommandError("В учреждении нет администратора: укажите --user (логин сотрудника).")
    return actor


def message_of(problem: Exception) -> str:
    if isinstance(problem, ValidationError):
        return " ".join(problem.messages)
    return str(problem)
