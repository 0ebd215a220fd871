"""A centre ready for intakes: the personas, the catalog, the region's ПМ; and a walk of the
steps as the pages post them."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from zabota.intake.models import Intake
from zabota.payments.models import SubsistenceMinimum

TODAY = datetime.date(2026, 11, 16)
PERSON = {
    "last_name": "Смирнова",
    "first_name": "Антонина",
    "middle_name": "Васильевна",
    "birth_date": "1938-03-14",
    "snils": "112-233-445 95",
    "document_type": "Паспорт гражданина РФ",
    "document_series": "3203",
    "document_number": "512947",
    "document_issued_by": "Отделом УФМС России по Кемеровской области",
    "document_issued_on": "2003-04-22",
    "registration_address": "г. Кемерово, ул. Весенняя, д. 7, кв. 3",
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 16, 10, 0), tick=False):
        yield


@pytest.fixture
def centre(personas, catalog):
    SubsistenceMinimum.objects.create(
        institution=personas.institution,
        group="pensioners",
        effective_from=datetime.date(2026, 1, 1),
        amount=Decimal("15000.00"),
    )
    return personas


class Walk:
    """One person going through an intake page by page with the test client."""

    def __init__(self, client, intake: Intake | None = None):
        self.client = client
        if intake is None:
            response = client.post(reverse("intake:start"))
            assert response.status_code == 302, response
            intake = Intake.objects.order_by("-pk").first()
        self.intake = intake

    @property
    def version(self) -> int:
        self.intake.refresh_from_db()
        return self.intake.version

    def url(self, step: str) -> str:
        return reverse("intake:step", args=[self.intake.pk, step])

    def post(self, step: str, data: dict, version: int | None = None):
        payload = {"intake_version": self.version if version is None else version, **data}
        return self.client.post(self.url(step), payload)

    def application(self, **data):
        return self.post("application", {"application_date": TODAY.isoformat(), **data})

    def person(self, **data):
        return self.post("person", {**PERSON, **data})

    def household(self, income="24350,00", **data):
        return self.post(
            "household", {"income": income, "income_kind": "пенсия", "group": "pensioners", **data}
        )

    def program(self, lines, extra: int = 5):
        data = {
            "services-TOTAL_FORMS": str(len(lines) + extra),
            "services-INITIAL_FORMS": "0",
            "services-MIN_NUM_FORMS": "0",
            "services-MAX_NUM_FORMS": "60",
        }
        for n, (service, quantity) in enumerate(lines):
            data[f"services-{n}-service"] = str(service.pk)
            data[f"services-{n}-quantity_per_month"] = quantity
        return self.post("program", data)

    def contract(self, **data):
        return self.post(
            "contract",
            {
                "concluded_on": TODAY.isoformat(),
                "valid_from": TODAY.isoformat(),
                "valid_until": "2027-11-15",
                **data,
            },
        )

    def confirm(self, version: int | None = None):
        return self.post("documents", {}, version)

    def through_contract(self, catalog):
        for response in (
            self.application(),
            self.person(),
            self.household(),
            self.program([(catalog.shopping, "8"), (catalog.pressure, "8")]),
            self.contract(),
        ):
            assert response.status_code == 302, _errors(response)
        return self


def _errors(response) -> str:
    context = getattr(response, "context", None) or {}
    form = context.get("form") if hasattr(context, "get") else None
    return str(getattr(form, "errors", "")) or response.content.decode()[:3000]
