import datetime
from decimal import Decimal

import pytest

from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.programs.models import Program, ProgramService, ProgramStatus


class Catalog:
    """Three services with tariffs that change on 01.10.2026, and ИППСУ for the personas."""

    def __init__(self, personas):
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
def catalog(personas):
    return Catalog(personas)
