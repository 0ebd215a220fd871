"""The care chain end to end (issue 14, «Done when»): a recipient with an ИППСУ and an approved
care plan; the caregiver and the social worker record every planned service of a week on their
tablets offline and sync — nothing is rejected; the head closes the month; the act holds the
paid ИППСУ services with the fee and the free care services in a section of their own, and its
PDF has no page with the signatures alone; the department report and form 6-собес count each
record once."""

import datetime
import io
import json
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum
from django.utils import timezone
from pypdf import PdfReader

from zabota.acts.selectors import act_data
from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.delivery.models import Basis, MonthClosing, ServiceRecord
from zabota.field.tests.factories import approved_care_plan
from zabota.payments.models import PaymentDecision

# Wednesday 2 December 2026: November's last week was worked offline, the month is closed now.
NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
WEEK = [datetime.date(2026, 11, 23) + datetime.timedelta(days=n) for n in range(7)]
NOVEMBER = ("2026-11-01", "2026-11-30")
MOSCOW = datetime.timezone(datetime.timedelta(hours=3))
MONDAY_MORNING = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=MOSCOW)
SUNDAY_EVENING = datetime.datetime(2026, 11, 29, 20, 0, tzinfo=MOSCOW)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def care_service(world, code, name, minutes, hint) -> Service:
    service = Service.objects.create(
        institution=world.personas.institution,
        service_type=ServiceType.objects.get(code=1),
        code=code,
        name=name,
        time_norm_minutes=minutes,
        is_care=True,
        periodicity_hint=hint,
    )
    Tariff.objects.create(
        service=service, effective_from=datetime.date(2025, 1, 1), price=Decimal("70.00")
    )
    return service


class Tablet:
    """A worker's tablet: it reads the week while online, then works without a network."""

    def __init__(self, world, client, staff):
        self.client = client
        self.auth = {"Authorization": f"Bearer {world.token_for(staff)}"}
        self.queue = []

    def read_week(self, start: datetime.date) -> list[dict]:
        response = self.client.get(f"/api/v1/field/week?start={start}", headers=self.auth)
        assert response.status_code == 200
        return response.json()["days"]

    def record_every_planned_service(self, days: list[dict]) -> None:
        for day in days:
            for visit in day["visits"]:
                visit_id = str(uuid.uuid4())
                arrived = timezone.make_aware(
                    datetime.datetime.fromisoformat(day["date"]).replace(hour=10)
                )
                for service in visit["services"]:
                    self.queue.append(
                        {
                            "uuid": str(uuid.uuid4()),
                            "visit_uuid": visit_id,
                            "recipient_id": visit["recipient_id"],
                            "service_id": service["service_id"],
                            # The basis the plan showed: the ИППСУ's washing on Tuesday, the
                            # care plan's on Thursday, as the tablet page sends it.
                            "basis": service["source"],
                            "date": day["date"],
                            "quantity": f"{service['quantity']:.2f}",
                            "arrived_at": arrived.isoformat(),
                            "left_at": (arrived + datetime.timedelta(minutes=50)).isoformat(),
                        }
                    )

    def sync(self) -> dict:
        response = self.client.post(
            "/api/v1/field/sync",
            json.dumps({"records": self.queue}),
            content_type="application/json",
            headers=self.auth,
        )
        assert response.status_code == 200
        return response.json()


def signatures_alone(pdf: bytes, names: list[str]) -> list[int]:
    """Pages holding the signature block but no line of the act's tables or totals."""
    lonely = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        text = " ".join(page.extract_text().split())
        signs = "М. П." in text or "подпись" in text.lower()
        content = "Всего" in text or any(name[:25] in text for name in names)
        if signs and not content:
            lonely.append(number)
    return lonely


def test_a_week_of_care_goes_from_the_tablets_to_the_act_and_the_reports(world, client):
    personas = world.personas
    person = personas.recipient_of_worker1
    feeding = care_service(world, "1.05", "Помощь в приёме пищи (кормление)", 30, "До 3 раз в день")
    linen = care_service(
        world, "1.27", "Смена нательного и постельного белья", 15, "1 раз в неделю"
    )
    hands = care_service(world, "1.23", "Гигиеническая обработка рук", 15, "2 раза в месяц")
    approved_care_plan(
        world,
        person,
        [
            (feeding, "weekly", (2, 2, 2, 2, 2, 1, 1)),
            (linen, "weekly", (0, 0, 1, 0, 0, 0, 0)),
            (hands, "twice_monthly", (0,) * 7),
            (world.washing, "weekly", (0, 0, 0, 1, 0, 0, 0)),
        ],
    )
    PaymentDecision.objects.create(
        recipient=person,
        application_date=datetime.date(2025, 1, 10),
        period_start=datetime.date(2023, 12, 1),
        period_end=datetime.date(2024, 11, 30),
        family_size=1,
        income_total=Decimal("26300.00") * 12,
        income_per_capita=Decimal("26300.00"),
        subsistence_minimum=Decimal("15000.00"),
        coefficient=Decimal("1.50"),
        threshold=Decimal("22500.00"),
    )

    # The week's plan read on Monday morning while online; every planned service recorded
    # offline through the week; the queue sent on Sunday evening.
    sent = {}
    for staff in (personas.caregiver1, personas.worker1):
        tablet = Tablet(world, client, staff)
        with time_machine.travel(MONDAY_MORNING, tick=False):
            days = tablet.read_week(WEEK[0])
        tablet.record_every_planned_service(days)
        with time_machine.travel(SUNDAY_EVENING, tick=False):
            answer = tablet.sync()
        assert answer["rejected"] == [], answer["rejected"]
        assert len(answer["accepted"]) == len(tablet.queue)
        sent[staff.user.username] = tablet.queue
    care = ServiceRecord.objects.filter(basis=Basis.CARE_PLAN)
    assert {r.service for r in care} == {feeding, linen, hands, world.washing}
    # Feeding 2 × 5 + 1 × 2; hands twice (week 2's was missed, both fall in week 4).
    assert care.aggregate(q=Sum("quantity"))["q"] == 12 + 1 + 2 + 1
    assert set(care.values_list("worker", flat=True)) == {personas.caregiver1.pk}
    assert not care.exclude(amount=0).exists()
    paid = ServiceRecord.objects.filter(basis=Basis.PROGRAM)
    assert paid.exists() and not paid.filter(amount=0).exists()

    # The head closes November.
    head = personas.client_for(personas.head1)
    head.post(f"/delivery/months/{personas.department1.pk}/close/", {"month": "2026-11"})
    assert MonthClosing.objects.filter(month=datetime.date(2026, 11, 1)).exists()

    # The act: paid ИППСУ services with the fee, the care services free in their own section.
    data = act_data(person, datetime.date(2026, 11, 1))
    assert (
        sum(r.amount for r in data.rows)
        == paid.filter(recipient=person).aggregate(s=Sum("amount"))["s"]
    )
    assert {r.name: r.quantity for r in data.care_rows} == {
        feeding.name: 12,
        linen.name: 1,
        hands.name: 2,
        world.washing.name: 1,
    }
    assert data.fee.amount > 0 and data.to_pay == data.fee.amount
    response = head.post(f"/acts/{person.pk}/2026-11/issue/", {"format": "pdf"})
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    names = [r.name for r in data.rows] + [r.name for r in data.care_rows]
    assert signatures_alone(pdf, names) == []
    docx_text = head.post(f"/acts/{person.pk}/2026-11/issue/", {"format": "docx"})
    assert docx_text.status_code == 200

    # The department report and 6-собес: every record of the month once.
    in_month = ServiceRecord.objects.filter(
        performed_on__range=NOVEMBER, department=personas.department1, cancelled_at__isnull=True
    ).count()
    assert in_month == len(sent["caregiver1"]) + len(sent["worker1"])
    report = head.get(
        "/reports/department/",
        {"department": personas.department1.pk, "date_from": NOVEMBER[0], "date_to": NOVEMBER[1]},
    ).context["report"]
    assert report.tables[0].rows[0][1] == in_month
    sobes = head.get(
        "/reports/6-sobes/", {"date_from": NOVEMBER[0], "date_to": NOVEMBER[1]}
    ).context["report"]
    rows = {row[1]: row[2] for row in sobes.tables[0].rows}
    assert rows["2"] == in_month == sum(rows[str(n)] for n in range(3, 11))
