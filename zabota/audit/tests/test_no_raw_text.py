"""Guard: the recipient's history and the journal show no codes, ISO dates or Python lists.

Issue 14, item 9: the card's history showed «updated at: 2026-12-04T19:22:32…», «approved_on»,
«draft → approved», «(weekly)» and `['a', 'b']`; the journal «status: — → active».
"""

import datetime
import re

import pytest
import time_machine

from zabota.ltc import services as ltc
from zabota.ltc.tests.conftest import assess, json_file, make_care_service, small_methodology
from zabota.payments.services import payment_decision_compute
from zabota.payments.tests.factories import add_income, set_minimum
from zabota.programs.services import contract_conclude
from zabota.programs.tests.factories import Catalog, in_force
from zabota.recipients.models import BenefitCategory, DisabilityGroup, Gender
from zabota.recipients.services import recipient_update

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T")
RAW_CODES = ("draft", "approved", "weekly", "monthly", "active", "female", "in_force")


@pytest.fixture
def world(personas):
    """Иванова: card updated, ИППСУ in force, a contract concluded, a care plan approved."""
    head, recipient = personas.head1, personas.recipient_of_worker1
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0), tick=False):
        categories = [
            BenefitCategory.objects.get_or_create(institution=personas.institution, name=name)[0]
            for name in ("Ветеран труда", "Труженик тыла")
        ]
        recipient_update(
            actor=head,
            recipient=recipient,
            expected_version=recipient.version,
            phone="+7 900 000-00-01",
            gender=Gender.FEMALE,
            disability_group=DisabilityGroup.SECOND,
            disability_until=datetime.date(2027, 1, 31),
            benefit_categories=categories,
        )
        set_minimum(personas.institution)
        add_income(recipient, "26000", datetime.date(2025, 2, 1), datetime.date(2026, 1, 1))
        payment_decision_compute(actor=head, recipient=recipient, application_date=TODAY)
        program = in_force(head, recipient, Catalog(personas))
        contract_conclude(
            actor=head,
            program=program,
            concluded_on=TODAY,
            valid_from=TODAY,
            valid_until=program.valid_until,
        )
        ltc.methodology_upload(
            actor=personas.admin,
            file=json_file(small_methodology()),
            effective_from=datetime.date(2025, 1, 1),
        )
        assessment = assess(head, recipient, {"walk": "b", "eat": "a"})
        institution = personas.institution
        plan = ltc.care_plan_propose(
            actor=head,
            assessment=assessment,
            services=[
                (make_care_service(institution, "7.1", "Кормление", 30), "weekly"),
                (make_care_service(institution, "7.3", "Обработка ногтей", 40), "monthly"),
            ],
        )
        ltc.care_plan_approve(actor=head, plan=plan)
    return recipient


def assert_readable(html: str) -> None:
    assert not ISO_MOMENT.search(html), ISO_MOMENT.search(html)
    assert "['" not in html and "[]" not in html
    words = set(re.findall(r"[a-z_]+", re.sub(r"<[^>]*>|&\w+;", " ", html)))
    assert not words & set(RAW_CODES), words & set(RAW_CODES)
    for english in ("updated at", "approved_on", "status:", "version"):
        assert english not in html


def test_the_recipient_history_shows_no_raw_values(personas, world):
    response = personas.client_for(personas.head1).get(f"/recipients/{world.pk}/history/")
    html = response.content.decode()
    assert_readable(html)
    assert "Телефон: — → +7 900 000-00-01" in html
    assert "Льготные категории: — → Ветеран труда, Труженик тыла" in html
    assert "Группа инвалидности: нет → II группа" in html
    assert "Состояние: черновик → утверждён" in html
    assert "Кормление (по дням недели)" in html
    assert "10.03.2026 12:00" in html  # 09:00 UTC, shown in Moscow time


def test_the_journal_shows_no_raw_values(personas, world):
    html = personas.client_for(personas.admin).get("/audit/").content.decode()
    assert_readable(html)
    assert "Состояние: — → действует" in html
    assert "Приём пищи: — → сам" in html
