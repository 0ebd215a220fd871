"""A generated service log for the report tests, and the direct count every report must equal.

`ServiceLog.build()` makes services of all eight types of ст. 20, recipients in each department
and some thousands of records in September–November 2026 with random quantities, a few of
them additional paid ones, logged through the service, and a cancelled record; the monthly
totals are rebuilt as the demo does after its bulk insert.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.delivery.models import ServiceRecord
from zabota.delivery.services import service_log, service_record_cancel
from zabota.delivery.services.totals import totals_rebuild
from zabota.organisation.models import Department
from zabota.organisation.roles import Role
from zabota.payments.models import PaymentDecision
from zabota.testing import Personas, make_department, make_recipient, make_staff

TODAY = datetime.date(2026, 11, 24)
START = datetime.date(2026, 9, 1)
KOPECK = Decimal("0.01")


class ServiceLog:
    def __init__(self, personas: Personas):
        self.personas = personas
        self.services: list[Service] = []
        self.additional: Service | None = None

    def build(self, *, departments: int = 2, workers: int = 2, recipients: int = 4, seed: int = 7):
        """`recipients` extra people per worker, `workers` extra workers per department; with
        departments=3 a third department is added, so the same reports run on more data."""
        p = self.personas
        rng = random.Random(seed)
        self._catalog()
        units = [p.department1, p.department2]
        for number in range(3, departments + 1):
            unit = Department.objects.filter(institution=p.institution, number=number).first()
            units.append(unit or make_department(p.institution, number))
        people = [
            (p.recipient_of_worker1, p.worker1),
            (p.recipient_of_worker1, p.caregiver1),
            (p.recipient_of_worker2, p.worker2),
            (p.recipient_in_department2, p.worker_other_department),
        ]
        for unit in units:
            for n in range(workers):
                login = f"w{unit.number}_{n}_{seed}"
                worker = make_staff(
                    p.institution, Role.SOCIAL_WORKER, login, unit, last_name=f"Работникова{n}"
                )
                for m in range(recipients):
                    recipient = make_recipient(
                        p.institution,
                        unit,
                        social_worker=worker,
                        last_name=f"Получатель{unit.number}{n}{m}",
                    )
                    people.append((recipient, worker))
        records = []
        day = START
        while day <= TODAY:
            for recipient, worker in people:
                if rng.random() < 0.7:
                    continue
                for service in rng.sample(self.services, rng.randint(1, 2)):
                    quantity = Decimal(rng.choice(["1", "1", "2", "12.5"]))
                    price = self.prices[service.pk]
                    records.append(
                        ServiceRecord(
                            institution_id=p.institution.pk,
                            department_id=recipient.department_id,
                            recipient=recipient,
                            service=service,
                            worker=worker,
                            performed_on=day,
                            quantity=quantity,
                            price=price,
                            amount=(price * quantity).quantize(KOPECK, rounding=ROUND_HALF_UP),
                            norm_minutes=Decimal(service.time_norm_minutes) * quantity,
                            is_additional=service.is_additional,
                        )
                    )
            day += datetime.timedelta(days=1)
        ServiceRecord.objects.bulk_create(records, batch_size=2000)
        totals_rebuild(p.institution.pk)
        # Records written one by one keep the totals in step in their own transaction.
        with time_machine.travel(datetime.datetime(2026, 11, 24, 12, 0)):
            for day in (datetime.date(2026, 10, 3), datetime.date(2026, 11, 5)):
                service_log(
                    actor=p.worker1,
                    recipient=p.recipient_of_worker1,
                    service=self.additional,
                    performed_on=day,
                    quantity=Decimal(2),
                )
            wrong = service_log(
                actor=p.worker1,
                recipient=p.recipient_of_worker1,
                service=self.additional,
                performed_on=datetime.date(2026, 10, 20),
                quantity=Decimal(5),
            )
            service_record_cancel(actor=p.head1, record=wrong, reason="Записано по ошибке")
        return self

    def _catalog(self):
        if self.services:
            return
        p = self.personas
        self.prices = {}
        for service_type in ServiceType.objects.order_by("code"):
            service = Service.objects.create(
                institution=p.institution,
                service_type=service_type,
                code=f"{service_type.code}.1",
                name=f"Услуга вида {service_type.code}",
                time_norm_minutes=10 + service_type.code * 5,
            )
            self.services.append(service)
        self.additional = Service.objects.create(
            institution=p.institution,
            service_type=self.services[0].service_type,
            code="Д.1",
            name="Мытьё окон (платная)",
            time_norm_minutes=60,
            is_additional=True,
        )
        self.services.append(self.additional)
        for n, service in enumerate(self.services):
            price = Decimal("37.13") + n * Decimal("11.07")
            Tariff.objects.create(
                service=service, effective_from=datetime.date(2025, 1, 1), price=price
            )
            self.prices[service.pk] = price


def direct(dimension: str | None, start, end, **filters) -> dict:
    """A GROUP BY straight over the log: {key: (services, quantity, norm minutes, amount,
    recipients)} of the active records in start..end."""
    records = ServiceRecord.objects.filter(
        cancelled_at__isnull=True, performed_on__range=(start, end), **filters
    ).annotate(month=TruncMonth("performed_on"))
    measures = {
        "n": Count("pk"),
        "q": Sum("quantity", default=Decimal(0)),
        "m": Sum("norm_minutes", default=Decimal(0)),
        "a": Sum("amount", default=Decimal(0)),
        "r": Count("recipient_id", distinct=True),
    }
    if dimension:
        rows = records.values(dimension).annotate(**measures).order_by()
    else:
        rows = [records.aggregate(**measures)]
    result = {}
    for row in rows:
        key = _day(row[dimension]) if dimension else None
        result[key] = {
            "services": row["n"],
            "quantity": Decimal(row["q"]).quantize(KOPECK),
            "hours": (Decimal(row["m"]) / 60).quantize(KOPECK),
            "rubles": Decimal(row["a"]).quantize(KOPECK),
            "recipients": row["r"],
        }
    return result


def direct_fee_amounts(start, end, **filters) -> dict:
    """{(recipient id, month): (guaranteed, additional)} straight from the log."""
    rows = (
        ServiceRecord.objects.filter(
            cancelled_at__isnull=True, performed_on__range=(start, end), **filters
        )
        .annotate(month=TruncMonth("performed_on"))
        .values("recipient_id", "month")
        .annotate(
            g=Sum("amount", filter=Q(is_additional=False), default=Decimal(0)),
            x=Sum("amount", filter=Q(is_additional=True), default=Decimal(0)),
        )
        .order_by()
    )
    return {
        (r["recipient_id"], _day(r["month"])): (
            Decimal(r["g"]).quantize(KOPECK),
            Decimal(r["x"]).quantize(KOPECK),
        )
        for r in rows
    }


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def decide(
    recipient, *, income: str, threshold: str = "20000.00", applied=datetime.date(2026, 1, 10)
):
    """A payment decision (442-ФЗ ст. 31–32) with the given per-capita income."""
    return PaymentDecision.objects.create(
        recipient=recipient,
        application_date=applied,
        period_start=datetime.date(2024, 12, 1),
        period_end=datetime.date(2025, 11, 30),
        family_size=1,
        income_total=Decimal(income) * 12,
        income_per_capita=Decimal(income),
        subsistence_minimum=(Decimal(threshold) / Decimal("1.5")).quantize(KOPECK),
        coefficient=Decimal("1.5"),
        threshold=Decimal(threshold),
    )


@pytest.fixture
def log(personas) -> ServiceLog:
    return ServiceLog(personas).build()


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 12, 0), tick=False):
        yield TODAY
