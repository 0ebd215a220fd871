"""The demo of the catalog, payments and programs has the promised shape."""

import datetime
from decimal import Decimal
from importlib import import_module

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from zabota.catalog.models import Service, ServiceType
from zabota.catalog.selectors import tariffs_on
from zabota.catalog.types import ensure_service_types
from zabota.core.demo import DemoContext
from zabota.payments.models import MonthlyIncome, PaymentDecision
from zabota.programs.models import (
    Contract,
    ContractStatus,
    Program,
    ProgramStatus,
    TypicalSet,
)
from zabota.programs.selectors import program_in_force, programs_expired, programs_expiring

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def ctx():
    context = DemoContext(recipients=80, months=3, today=TODAY)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        make_password("x")
        for name in ("organisation", "recipients", "catalog", "payments", "programs"):
            import_module(f"zabota.{name}.demo").populate(context)
    return context


def test_the_demo_catalog_spans_the_eight_types_with_two_tariffs_each(ctx):
    services = Service.objects.filter(institution=ctx.institution)
    assert 40 <= services.filter(is_additional=False, care_number__isnull=True).count() <= 50
    assert 5 <= services.filter(is_additional=True).count() <= 8
    # The care services are the 50 of the federal list (catalog/data/sdu_care_services.json).
    assert services.filter(is_care=True).count() == 50
    assert services.filter(is_care=True, care_number__isnull=False).count() == 50
    assert set(services.values_list("service_type__code", flat=True)) == set(range(1, 9))
    last_year = tariffs_on(services, datetime.date(2025, 6, 1))
    this_year = tariffs_on(services, datetime.date(2026, 6, 1))
    shopping = services.get(code="1.01").pk
    # Last year's tariff is this year's less a 7 % indexation: 55,00 / 1,07 = 51,40.
    assert (last_year[shopping], this_year[shopping]) == (Decimal("51.40"), Decimal("55.00"))


def test_every_active_recipient_has_incomes_a_decision_a_program_and_a_contract(ctx):
    people = ctx.extra["recipients"]
    assert (
        MonthlyIncome.objects.filter(recipient=people[0], family_member=None)
        .values("month")
        .distinct()
        .count()
        == 14
    )
    assert PaymentDecision.objects.filter(is_current=True).count() == len(people)
    governed = [p for p in people if program_in_force(p, TODAY)]
    expired = Program.objects.filter(status=ProgramStatus.EXPIRED, valid_until__lt=TODAY)
    assert len(governed) >= len(people) * 0.8
    for person in governed[:10]:
        program = program_in_force(person, TODAY)
        assert 4 <= program.services.count() <= 13
        assert program.services.exclude(weekdays="").exists()
        assert Contract.objects.filter(program=program, status=ContractStatus.ACTIVE).exists()
    assert expired.exists()


def test_the_demo_has_programs_expiring_soon_and_expired_ones_without_a_new_program(ctx):
    director = next(s for s in ctx.staff.values() if s.role == "director")
    assert programs_expiring(director, TODAY, 30).exists()
    assert programs_expired(director, TODAY).exists()


def test_the_eight_types_come_back_after_a_flush():
    ServiceType.objects.all().delete()
    ensure_service_types()
    ensure_service_types()
    assert list(ServiceType.objects.values_list("code", flat=True)) == list(range(1, 9))


def test_the_demo_has_the_directors_typical_sets_from_its_catalog(ctx):
    sets = {s.name: s for s in TypicalSet.objects.filter(institution=ctx.institution)}
    assert {"Уровень 1: базовый набор", "Покупка продуктов и лекарств"} <= set(sets)
    for typical_set in sets.values():
        lines = list(typical_set.lines.select_related("service"))
        assert len(lines) >= 3 and typical_set.is_active
        for line in lines:
            assert line.service.institution_id == ctx.institution.pk
            assert line.service.is_active and not line.service.is_additional
            assert (line.quantity_per_month or 0) > 0 or 1 <= line.times_per_week <= 7
