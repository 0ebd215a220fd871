"""Payment conditions counted by the database equal those payments computes person by person."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from zabota.catalog.models import Tariff
from zabota.payments.statistics import recipient_conditions
from zabota.programs.models import Program, ProgramService, ProgramStatus
from zabota.recipients.models import Recipient
from zabota.reports.conditions import condition_counts
from zabota.reports.queries import on_service_filter
from zabota.reports.tests.conftest import decide
from zabota.testing import make_recipient

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 11, 20)


def program(recipient, lines, *, valid_from=datetime.date(2026, 1, 1), status=None, **fields):
    made = Program.objects.create(
        recipient=recipient,
        number=f"П-{recipient.pk}-{valid_from:%m%d}",
        drawn_up_on=valid_from,
        valid_from=valid_from,
        valid_until=datetime.date(2027, 12, 31),
        provider="КЦСОН",
        status=status or ProgramStatus.IN_FORCE,
        **fields,
    )
    for service, quantity in lines:
        ProgramService.objects.create(
            program=made, service=service, quantity_per_month=Decimal(quantity), weekdays="mon"
        )
    return made


@pytest.fixture
def people(personas, log):
    p = personas
    first, second, third = log.services[:3]
    # A tariff changed after the date does not count; one set on it does.
    Tariff.objects.create(service=first, effective_from=ON, price=Decimal("9.43"))
    Tariff.objects.create(service=second, effective_from=ON + datetime.timedelta(days=1), price=1)
    made = []
    for n in range(24):
        person = make_recipient(
            p.institution,
            p.department1 if n % 3 else p.department2,
            last_name=f"Условие{n}",
        )
        made.append(person)
        if n % 6 == 0:
            person.benefit_categories.add(p.free_category)
        if n % 6 != 1:
            # Incomes from below the threshold to far above it, some with odd kopecks.
            decide(person, income=f"{19800 + n * 97}.{(n * 13) % 100:02d}")
        if n % 4 != 3:
            # 13.5 × 9.43 = 127.305: the half kopeck of the planned cost is rounded up.
            program(person, [(first, "13.5"), (second, f"{n + 1}.25"), (third, "2")])
        if n % 5 == 0:
            # A newer program replaces it: its lines are the ones that count.
            program(person, [(third, "40")], valid_from=datetime.date(2026, 6, 1))
        if n % 7 == 0:
            program(
                person,
                [(first, "1")],
                valid_from=datetime.date(2025, 1, 1),
                status=ProgramStatus.REPLACED,
                ended_on=datetime.date(2025, 12, 31),
            )
    # On the edges of the rules: 13.5 × 9.43 = 127.305 is 127.31 planned, over a cap of
    # 127.30 by the rounded-up half kopeck (partial); the program in force is the newer one,
    # whose cost fits under the cap (full) where the older one's does not.
    edge = make_recipient(p.institution, p.department1, last_name="Полкопейки")
    decide(edge, income="20254.60")
    program(edge, [(first, "13.5")])
    newer = make_recipient(p.institution, p.department1, last_name="Новая")
    decide(newer, income="21000.00")
    program(newer, [(third, "100")])
    program(newer, [(third, "1")], valid_from=datetime.date(2026, 3, 1))
    return [*made, edge, newer]


def test_the_counts_by_department_equal_the_conditions_of_each_person(personas, people):
    everyone = Recipient.objects.filter(
        on_service_filter(ON), institution_id=personas.institution.pk
    )
    by_person = recipient_conditions(everyone, ON)
    expected: dict[int, Counter] = {}
    for pk, department_id in everyone.values_list("pk", "department_id"):
        expected.setdefault(department_id, Counter())[by_person[pk][0]] += 1

    found = condition_counts(everyone, ON, personas.institution.pk)

    assert found == {d: dict(c) for d, c in expected.items()}
    kinds = {kind for counts in found.values() for kind in counts}
    assert kinds == {"free_category", "free_income", "partial", "full", "not_computed"}
    conditions = recipient_conditions(
        Recipient.objects.filter(pk__in=[people[-2].pk, people[-1].pk]), ON
    )
    assert [conditions[people[-2].pk][0], conditions[people[-1].pk][0]] == ["partial", "full"]
