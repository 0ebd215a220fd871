"""Two institutions with a service log each, and a supervisor over both."""

import datetime
from decimal import Decimal

import pytest

from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.delivery.models import ServiceRecord
from zabota.delivery.services.totals import totals_rebuild
from zabota.organisation.models import Supervision
from zabota.organisation.roles import Role
from zabota.recipients.models import Enrolment
from zabota.reports.tests.conftest import ServiceLog, frozen  # noqa: F401 (a fixture)
from zabota.testing import make_recipient, make_staff


@pytest.fixture
def two(personas):
    """The personas' institution with the reports' generated log; the other institution with
    five people of one worker, some services in October, one enrolled and one discharged."""
    ServiceLog(personas).build()
    other = personas.outsider_recipient.institution
    department = personas.outsider_recipient.department
    worker = make_staff(other, Role.SOCIAL_WORKER, "other_worker_s", department)
    service = Service.objects.create(
        institution=other,
        service_type=ServiceType.objects.get(code=1),
        code="1.1",
        name="Покупка продуктов",
        time_norm_minutes=30,
    )
    Tariff.objects.create(service=service, effective_from=datetime.date(2025, 1, 1), price=50)
    people = [personas.outsider_recipient] + [
        make_recipient(other, department, social_worker=worker, last_name=f"Другая{n}")
        for n in range(4)
    ]
    Enrolment.objects.filter(recipient=people[1]).update(enrolled_on=datetime.date(2026, 10, 5))
    Enrolment.objects.filter(recipient=people[2]).update(discharged_on=datetime.date(2026, 10, 20))
    for n, recipient in enumerate(people):
        for day in (3, 10, 17):
            ServiceRecord.objects.create(
                institution=other,
                department=department,
                recipient=recipient,
                service=service,
                worker=worker,
                performed_on=datetime.date(2026, 10, day),
                quantity=Decimal(1 + n),
                price=Decimal(50),
                amount=Decimal(50 * (1 + n)),
                norm_minutes=Decimal(30 * (1 + n)),
            )
    totals_rebuild(other.pk)
    Supervision.objects.create(supervisor=personas.supervisor, institution=other)
    return personas, [personas.institution, other]
