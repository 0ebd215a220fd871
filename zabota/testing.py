"""Builders and personas shared by the tests of every app.

The personas are people of one institution with two departments: each test can ask "may this
person see that recipient?" with someone who may and someone who may not.
"""

import datetime
import io
import itertools
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from zabota.organisation.models import Department, Institution, Staff
from zabota.organisation.roles import Role
from zabota.payments.models import PaymentDecision
from zabota.recipients.models import BenefitCategory, DischargeReason, Enrolment, Recipient
from zabota.rules.identifiers import snils_check

PASSWORD = "test-password-123"
# One hash per hasher: a module-scoped fixture builds its people before the fast hasher is set,
# and its slow hash, kept for every later test, failed their logins (no such hasher there).
_HASHED: dict[str, str] = {}
_sequence = itertools.count(1)


def _password_hash() -> str:
    from django.conf import settings

    hasher = settings.PASSWORD_HASHERS[0]
    if hasher not in _HASHED:
        _HASHED[hasher] = make_password(PASSWORD)
    return _HASHED[hasher]


def make_snils() -> str:
    body = f"{200_000_000 + next(_sequence) * 7919:09d}"
    return f"{body}{snils_check(body):02d}"


def make_institution(name: str = "ГБУ «КЦСОН Тестовый»") -> Institution:
    return Institution.objects.create(
        name=name,
        short_name=name,
        inn="7707083893",
        address="г. Кемерово, ул. Тестовая, 1",
        director_name="Осипова Галина Николаевна",
        director_name_gent="Осиповой Галины Николаевны",
        city="г. Кемерово",
    )


def make_department(institution: Institution, number: int) -> Department:
    return Department.objects.create(
        institution=institution,
        number=number,
        name=f"Отделение социального обслуживания на дому № {number}",
    )


def make_staff(
    institution: Institution | None,
    role: str,
    username: str,
    department: Department | None = None,
    **fields,
) -> Staff:
    user = get_user_model().objects.create(username=username, password=_password_hash())
    defaults = {"last_name": username.capitalize(), "first_name": "Анна", "middle_name": "Ивановна"}
    return Staff.objects.create(
        user=user, institution=institution, department=department, role=role, **(defaults | fields)
    )


def make_recipient(
    institution: Institution,
    department: Department,
    *,
    social_worker: Staff | None = None,
    caregiver: Staff | None = None,
    enrolled_on: datetime.date | None = None,
    **fields,
) -> Recipient:
    defaults = {
        "last_name": "Петрова",
        "first_name": "Мария",
        "middle_name": "Ивановна",
        "gender": "female",
        "birth_date": datetime.date(1940, 5, 17),
        "snils": make_snils(),
        "registration_address": "г. Кемерово, ул. Весенняя, д. 5, кв. 12",
    }
    recipient = Recipient.objects.create(
        institution=institution,
        department=department,
        social_worker=social_worker,
        caregiver=caregiver,
        **(defaults | fields),
    )
    Enrolment.objects.create(
        recipient=recipient,
        department=department,
        enrolled_on=enrolled_on or datetime.date(2025, 1, 15),
        basis="Заявление",
    )
    return recipient


@dataclass
class Personas:
    institution: Institution
    department1: Department
    department2: Department
    admin: Staff
    director: Staff
    specialist: Staff
    accountant: Staff
    head1: Staff
    head2: Staff
    worker1: Staff
    worker2: Staff
    caregiver1: Staff
    worker_other_department: Staff
    # recipient_of_worker1 is in department 1, served by worker1 and caregiver1.
    recipient_of_worker1: Recipient
    # recipient_of_worker2 is in department 1, served by worker2 only.
    recipient_of_worker2: Recipient
    # recipient_in_department2 is served by worker_other_department.
    recipient_in_department2: Recipient
    category: BenefitCategory
    free_category: BenefitCategory
    reason: DischargeReason
    # A person of another institution in the same database.
    outsider_recipient: Recipient
    outsider_director: Staff
    # Above the institutions: a supervisor over the test institution (not the other one), and
    # the installation administrator. Not in `everyone`: neither works in an institution.
    supervisor: Staff | None = None
    installation_admin: Staff | None = None

    def client_for(self, staff: Staff) -> Client:
        client = Client()
        client.force_login(staff.user)
        session = client.session
        from django.utils import timezone

        from zabota.accounts.middleware import LAST_SEEN, LOGGED_IN_AT

        session[LOGGED_IN_AT] = session[LAST_SEEN] = timezone.now().timestamp()
        session.save()
        return client

    @property
    def everyone(self) -> dict[str, Staff]:
        return {
            name: getattr(self, name)
            for name in (
                "admin",
                "director",
                "specialist",
                "accountant",
                "head1",
                "head2",
                "worker1",
                "worker2",
                "caregiver1",
                "worker_other_department",
            )
        }


def build_personas() -> Personas:
    institution = make_institution()
    d1, d2 = make_department(institution, 1), make_department(institution, 2)
    people = {
        "admin": make_staff(institution, Role.ADMIN, "admin"),
        "director": make_staff(institution, Role.DIRECTOR, "director", last_name="Осипова"),
        "specialist": make_staff(institution, Role.SPECIALIST, "specialist"),
        "accountant": make_staff(institution, Role.ACCOUNTANT, "accountant"),
        "head1": make_staff(institution, Role.HEAD, "head1", d1),
        "head2": make_staff(institution, Role.HEAD, "head2", d2),
        "worker1": make_staff(institution, Role.SOCIAL_WORKER, "worker1", d1, last_name="Соколова"),
        "worker2": make_staff(institution, Role.SOCIAL_WORKER, "worker2", d1, last_name="Зайцева"),
        "caregiver1": make_staff(institution, Role.CAREGIVER, "caregiver1", d1),
        "worker_other_department": make_staff(institution, Role.SOCIAL_WORKER, "worker3", d2),
    }
    other = make_institution("ГБУ «КЦСОН Соседний»")
    other_department = make_department(other, 1)
    outsider_director = make_staff(other, Role.DIRECTOR, "other_director")
    return Personas(
        institution=institution,
        department1=d1,
        department2=d2,
        **people,
        recipient_of_worker1=make_recipient(
            institution,
            d1,
            social_worker=people["worker1"],
            caregiver=people["caregiver1"],
            last_name="Иванова",
            first_name="Мария",
            middle_name="Петровна",
        ),
        recipient_of_worker2=make_recipient(
            institution,
            d1,
            social_worker=people["worker2"],
            last_name="Сидоров",
            first_name="Пётр",
            middle_name="Ильич",
            gender="male",
        ),
        recipient_in_department2=make_recipient(
            institution,
            d2,
            social_worker=people["worker_other_department"],
            last_name="Кузнецова",
            first_name="Анна",
            middle_name="Сергеевна",
        ),
        category=BenefitCategory.objects.create(institution=institution, name="Ветеран труда"),
        free_category=BenefitCategory.objects.create(
            institution=institution, name="Участник ВОВ", free_of_charge=True
        ),
        reason=DischargeReason.objects.create(institution=institution, name="Переезд"),
        outsider_recipient=make_recipient(other, other_department, last_name="Чужая"),
        outsider_director=outsider_director,
        supervisor=make_supervisor("supervisor", [institution]),
        installation_admin=make_staff(None, Role.INSTALLATION_ADMIN, "installation_admin"),
    )


def make_supervisor(username: str, institutions: list[Institution]) -> Staff:
    from zabota.organisation.models import Supervision

    supervisor = make_staff(None, Role.SUPERVISOR, username, last_name="Кураторова")
    for institution in institutions:
        Supervision.objects.create(supervisor=supervisor, institution=institution)
    return supervisor


def make_guardian(recipient, **fields):
    """Орлова Нина Сергеевна, guardian of the recipient by an order of 01.02.2026."""
    from zabota.recipients.models import Representative

    values = {
        "kind": "guardian",
        "last_name": "Орлова",
        "first_name": "Нина",
        "middle_name": "Сергеевна",
        "basis": "распоряжение об опеке № 15 от 01.02.2026",
    }
    return Representative.objects.create(recipient=recipient, **(values | fields))


@pytest.fixture
def personas(db) -> Personas:
    return build_personas()


def xlsx_rows(content: bytes) -> list[tuple]:
    """Every row of the first sheet of an XLSX file, as tuples of values."""
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return [row for row in sheet.iter_rows(values_only=True)]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per login by design; tests check logic, not the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Catalog:
    """Four services (one additional paid), tariffs changing on 01.10.2026, ИППСУ for personas."""

    def __init__(self, personas):
        from zabota.catalog.models import Service, ServiceType, Tariff
        from zabota.programs.models import Program, ProgramService, ProgramStatus

        institution = personas.institution
        household = ServiceType.objects.get(code=1)
        medical = ServiceType.objects.get(code=2)
        self.shopping = Service.objects.create(
            institution=institution,
            service_type=household,
            code="1.1",
            name="Покупка и доставка продуктов питания",
            time_norm_minutes=40,
        )
        self.cleaning = Service.objects.create(
            institution=institution,
            service_type=household,
            code="1.5",
            unit="м²",
            name="Мытьё пола",
            time_norm_minutes=2,
        )
        self.pressure = Service.objects.create(
            institution=institution,
            service_type=medical,
            code="2.1",
            name="Измерение артериального давления",
            time_norm_minutes=10,
        )
        self.windows = Service.objects.create(
            institution=institution,
            service_type=household,
            code="Д.1",
            is_additional=True,
            name="Мытьё окон (платная)",
            time_norm_minutes=60,
        )
        for service, old, new in [
            (self.shopping, "50.00", "55.00"),
            (self.cleaning, "9.43", "10.00"),
            (self.pressure, "20.00", "22.50"),
            (self.windows, "300.00", "350.00"),
        ]:
            Tariff.objects.create(
                service=service, effective_from=datetime.date(2025, 1, 1), price=Decimal(old)
            )
            Tariff.objects.create(
                service=service, effective_from=datetime.date(2026, 10, 1), price=Decimal(new)
            )
        self.programs = {}
        for recipient in (
            personas.recipient_of_worker1,
            personas.recipient_of_worker2,
            personas.recipient_in_department2,
        ):
            program = Program.objects.create(
                recipient=recipient,
                number=f"П-{recipient.pk}",
                drawn_up_on=datetime.date(2025, 1, 10),
                valid_from=datetime.date(2025, 1, 15),
                valid_until=datetime.date(2027, 12, 31),
                provider="КЦСОН",
                status=ProgramStatus.IN_FORCE,
            )
            ProgramService.objects.create(
                program=program,
                service=self.shopping,
                quantity_per_month=8,
                periodicity="2 раза в неделю",
                weekdays="mon,thu",
            )
            ProgramService.objects.create(
                program=program,
                service=self.cleaning,
                quantity_per_month=120,
                periodicity="1 раз в неделю",
                weekdays="thu",
            )
            self.programs[recipient.pk] = program


@pytest.fixture
def catalog(personas) -> "Catalog":
    return Catalog(personas)


def make_payment_decision(recipient, income: str = "25000.00", threshold: str = "22500.00"):
    """A decision on a monthly income per person against the threshold (1.5 × ПМ of 15 000 ₽ by
    default): above it the fee is charged, below it the services are free."""
    return PaymentDecision.objects.create(
        recipient=recipient,
        application_date=datetime.date(2025, 1, 10),
        period_start=datetime.date(2023, 12, 1),
        period_end=datetime.date(2024, 11, 30),
        family_size=1,
        income_total=Decimal(income) * 12,
        income_per_capita=Decimal(income),
        subsistence_minimum=Decimal("15000.00"),
        coefficient=Decimal("1.50"),
        threshold=Decimal(threshold),
    )


@contextmanager
def demo_rolled_back(django_db_blocker, *arguments: str):
    """The body of a module-wide demo fixture: the demo built once (it takes seconds) inside a
    transaction rolled back after the module — no flush, which would renumber content types
    under the browser tests' serialized rollback. Logins hash quickly."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(
            DEBUG=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ):
            call_command("demo_data", *arguments, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
