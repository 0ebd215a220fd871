"""Services, ИППСУ with visit days and home positions for the personas, shared by the tests of
the tablet (zabota.field) and of the API (zabota.api)."""

import datetime
from decimal import Decimal

from zabota.accounts.models import DeviceToken
from zabota.api.services import device_token_issue
from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.programs.models import Program, ProgramService, ProgramStatus

EVERY_DAY = "mon,tue,wed,thu,fri,sat,sun"
# Ленинский проспект, Кемерово: the home of recipient_of_worker1.
HOME = (Decimal("55.340000"), Decimal("86.080000"))


class FieldWorld:
    """Four services with tariffs, an ИППСУ for each persona recipient with visit days."""

    def __init__(self, personas, *, weekdays: str = EVERY_DAY):
        self.personas = personas
        institution = personas.institution
        # Made by a data migration; a browser test's flush (live_server) may have removed them.
        household, _ = ServiceType.objects.get_or_create(
            code=1, defaults={"name": "Социально-бытовые услуги", "sobes_row": 3}
        )
        medical, _ = ServiceType.objects.get_or_create(
            code=2, defaults={"name": "Социально-медицинские услуги", "sobes_row": 4}
        )
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
        self.washing = Service.objects.create(
            institution=institution,
            service_type=household,
            code="1.9",
            name="Помощь в мытье (уход)",
            time_norm_minutes=30,
            is_care=True,
        )
        self.windows = Service.objects.create(
            institution=institution,
            service_type=household,
            code="Д.1",
            is_additional=True,
            name="Мытьё окон (платная)",
            time_norm_minutes=60,
        )
        self.pressure = Service.objects.create(
            institution=institution,
            service_type=medical,
            code="2.1",
            name="Измерение артериального давления",
            time_norm_minutes=10,
        )
        for service, price in [
            (self.shopping, "50.00"),
            (self.cleaning, "9.43"),
            (self.washing, "120.00"),
            (self.windows, "300.00"),
            (self.pressure, "20.00"),
        ]:
            Tariff.objects.create(
                service=service, effective_from=datetime.date(2025, 1, 1), price=Decimal(price)
            )
        recipient = personas.recipient_of_worker1
        recipient.latitude, recipient.longitude = HOME
        recipient.save(update_fields=["latitude", "longitude"])
        self.programs = {}
        for person in (
            personas.recipient_of_worker1,
            personas.recipient_of_worker2,
            personas.recipient_in_department2,
        ):
            program = Program.objects.create(
                recipient=person,
                number=f"П-{person.pk}",
                drawn_up_on=datetime.date(2025, 1, 10),
                valid_from=datetime.date(2025, 1, 15),
                valid_until=datetime.date(2028, 12, 31),
                provider="КЦСОН",
                status=ProgramStatus.IN_FORCE,
            )
            ProgramService.objects.create(
                program=program, service=self.shopping, quantity_per_month=30, weekdays=weekdays
            )
            ProgramService.objects.create(
                program=program, service=self.cleaning, quantity_per_month=120, weekdays="thu"
            )
            ProgramService.objects.create(
                program=program, service=self.washing, quantity_per_month=8, weekdays="tue,fri"
            )
            self.programs[person.pk] = program

    def token_for(self, staff) -> str:
        return device_token_issue(staff=staff, device="Планшет")[1]

    @staticmethod
    def revoke_all(staff) -> None:
        from django.utils import timezone

        DeviceToken.objects.filter(user=staff.user).update(revoked_at=timezone.now())


def approved_care_plan(
    world,
    recipient,
    lines,
    *,
    hours=Decimal(21),
    starts_on=datetime.date(2026, 11, 1),
    ends_on=None,
):
    """An approved care plan (дополнение к ИППСУ) of the recipient: `lines` are (service,
    periodicity, times Mon..Sun). Written straight to the tables, as the tests of the service
    log need the plan, not the interview that made it."""
    from zabota.ltc.models import (
        Assessment,
        AssessmentStatus,
        CarePlan,
        CarePlanService,
        CarePlanStatus,
        Methodology,
    )

    personas = world.personas
    methodology, _ = Methodology.objects.get_or_create(
        institution=personas.institution,
        code="example",
        version="1",
        defaults={"title": "Пример", "data": {}},
    )
    assessment = Assessment.objects.create(
        recipient=recipient,
        methodology=methodology,
        assessor=personas.head1,
        status=AssessmentStatus.SUBMITTED,
        hours_per_week=hours,
        assessed_on=starts_on,
    )
    plan = CarePlan.objects.create(
        recipient=recipient,
        assessment=assessment,
        status=CarePlanStatus.APPROVED,
        hours_per_week=hours,
        created_by=personas.head1,
        approved_by=personas.head1,
        approved_on=starts_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    for position, (service, periodicity, times) in enumerate(lines):
        CarePlanService.objects.create(
            plan=plan,
            service=service,
            periodicity=periodicity,
            times_by_day=list(times),
            minutes=service.time_norm_minutes,
            position=position,
        )
    return plan
