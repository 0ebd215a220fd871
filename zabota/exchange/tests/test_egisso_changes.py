"""The life of an exported fact: what the centre does in Zabota becomes the record ЕГИССО needs in
the next package, each pointing at the fact exported before, and every package validates."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
import time_machine
from lxml import etree

from zabota.catalog.models import Tariff
from zabota.delivery.models import Basis, ServiceRecord
from zabota.exchange.egisso import services
from zabota.exchange.models import EgissoFact, EgissoPackage, EgissoRecord
from zabota.exchange.tests.egisso_helpers import (
    egisso_settings,
    elements_of,
    give_passport,
    local_name,
    programs_in_january,
    shipped_schema,
    value,
)
from zabota.programs.services import contract_terminate, program_approve
from zabota.programs.tests.factories import draft, in_force, stored_contract, stored_program
from zabota.recipients.models import DischargeReason
from zabota.recipients.services import recipient_discharge, recipient_update
from zabota.rules.egisso import prorated_total
from zabota.testing import make_snils

pytestmark = pytest.mark.django_db
D = datetime.date
JANUARY = {"date_from": D(2026, 1, 1), "date_to": D(2026, 1, 31)}
FEBRUARY = {"date_from": D(2026, 2, 1), "date_to": D(2026, 2, 28)}


@pytest.fixture(autouse=True)
def early_march():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False):
        yield


@pytest.fixture
def world(personas):
    """Three recipients with programs from 12.01.2026, exported in January."""
    egisso_settings(personas.institution)
    programs = programs_in_january(personas)
    third = personas.recipient_in_department2
    give_passport(third)
    programs[third.pk] = in_force(personas.director, third, programs["catalog"], number="3/2026")
    services.egisso_export(actor=personas.director, **JANUARY)
    return programs


def export(personas, period=FEBRUARY) -> tuple[EgissoPackage, list]:
    result = services.egisso_export(actor=personas.director, **period)
    [package] = result.packages
    content = bytes(package.content)
    schema = shipped_schema()
    assert schema.validate(etree.fromstring(content)), schema.error_log
    return package, elements_of(content)


def fact_id(recipient) -> str:
    return str(EgissoFact.objects.get(recipient=recipient).uuid)


def discharge(personas, recipient, day, reason_name):
    reason = DischargeReason.objects.create(institution=personas.institution, name=reason_name)
    recipient.refresh_from_db()
    recipient_discharge(
        actor=personas.director,
        recipient=recipient,
        expected_version=recipient.version,
        discharged_on=day,
        reason=reason,
    )


def kinds(elements) -> list[tuple[str, str]]:
    return [(local_name(e), value(e, "pac:assignmentFactUuid")) for e in elements]


def test_a_discharge_an_ended_contract_and_a_corrected_snils_go_as_two_terminations_and_a_fix(
    personas, world
):
    first = personas.recipient_of_worker1
    second = personas.recipient_of_worker2
    third = personas.recipient_in_department2
    exported = {r.pk: fact_id(r) for r in (first, second, third)}
    discharge(personas, first, D(2026, 2, 5), "Выздоровление (улучшение состояния)")
    contract = stored_contract(
        world[second.pk], valid_from=D(2026, 1, 12), valid_until=D(2027, 1, 11)
    )
    contract_terminate(
        actor=personas.director,
        contract=contract,
        expected_version=contract.version,
        terminated_on=D(2026, 2, 7),
        reason="по заявлению получателя",
    )
    third.refresh_from_db()
    corrected = make_snils()
    recipient_update(
        actor=personas.director, recipient=third, expected_version=third.version, snils=corrected
    )

    check = services.egisso_check(actor=personas.director, **FEBRUARY)
    reasons = {p.recipient.pk: p.reason for p in check.records}
    assert (
        reasons[first.pk] == "снят с обслуживания 05.02.2026: Выздоровление (улучшение состояния)"
    )
    assert reasons[second.pk].startswith("договор № 1/2026 расторгнут 07.02.2026")
    assert reasons[third.pk].startswith("исправлено: СНИЛС: ")
    package, elements = export(personas)

    assert kinds(elements) == [
        ("alterationBasedOnPreviousErrors", exported[third.pk]),
        ("terminationBasedOnEndOfRight", exported[first.pk]),
        ("terminationBasedOnRecipientRefusal", exported[second.pk]),
    ]
    fix, ended, refused = elements
    assert value(fix, "pac:fact/af:mszReceiver/prsn:SNILS") == corrected
    assert value(ended, "pac:dateFinish") == "2026-02-05"
    assert value(refused, "pac:dateFinish") == "2026-02-07"
    assert package.counts == {
        "alterationBasedOnPreviousErrors": 1,
        "terminationBasedOnEndOfRight": 1,
        "terminationBasedOnRecipientRefusal": 1,
    }
    statuses = dict(EgissoFact.objects.values_list("recipient_id", "status"))
    assert statuses == {first.pk: "terminated", second.pk: "terminated", third.pk: "changed"}
    # Said once: the next export has nothing to add.
    with pytest.raises(services.NothingToExport):
        services.egisso_export(actor=personas.director, **FEBRUARY)


def test_a_death_changes_the_size_and_the_last_day_of_the_assignment(personas, world):
    first = personas.recipient_of_worker1
    discharge(personas, first, D(2026, 2, 20), "Смерть")
    _package, [record] = export(personas)
    assert local_name(record) == "alterationBasedOnDeathOrMovingRecalculation"
    assert value(record, "pac:dateFinish") == "2026-02-20"
    # 1 640 ₽ a month from 12.01 to 20.02: 20/31 of January and 20/28 of February.
    planned = prorated_total([(Decimal(1640), Fraction(20, 31) + Fraction(20, 28))])
    assert value(record, "pac:amount") == f"{planned:.2f}"


def test_a_reason_the_centre_mapped_in_the_settings_wins_over_its_words(personas, world):
    from zabota.exchange.models import EgissoDischargeCause, EgissoSettings

    reason = DischargeReason.objects.create(institution=personas.institution, name="Иное")
    EgissoDischargeCause.objects.create(
        settings=EgissoSettings.objects.get(), discharge_reason=reason, cause="moving"
    )
    first = personas.recipient_of_worker1
    first.refresh_from_db()
    recipient_discharge(
        actor=personas.director,
        recipient=first,
        expected_version=first.version,
        discharged_on=D(2026, 2, 3),
        reason=reason,
    )
    _package, [record] = export(personas)
    assert local_name(record) == "alterationBasedOnDeathOrMovingRecalculation"


def test_a_replaced_program_ends_by_recalculation_and_its_successor_is_a_new_fact(personas, world):
    first = personas.recipient_of_worker1
    old = world[first.pk]
    successor = draft(
        personas.director,
        first,
        world["catalog"],
        number="4/2026",
        drawn_up_on=D(2026, 2, 14),
        valid_from=D(2026, 2, 15),
        valid_until=D(2027, 2, 14),
    )
    program_approve(actor=personas.director, program=successor, expected_version=successor.version)
    _package, elements = export(personas)
    assert [local_name(e) for e in elements] == ["fact", "terminationBasedOnRecalculation"]
    new, ended = elements
    assert value(ended, "pac:assignmentFactUuid") == str(EgissoFact.objects.get(program=old).uuid)
    assert value(ended, "pac:dateFinish") == "2026-02-14"
    assert value(new, "pac:uuid") == str(EgissoFact.objects.get(program=successor).uuid)


def test_a_program_ended_at_its_term_is_closed_with_what_was_delivered(personas):
    egisso_settings(personas.institution)
    catalog = programs_in_january(personas)["catalog"]
    first = personas.recipient_of_worker1
    short = stored_program(
        first,
        valid_from=D(2025, 12, 1),
        valid_until=D(2026, 1, 31),
        status="expired",
        service=catalog.shopping,
        number="0/2025",
    )
    services.egisso_export(actor=personas.director, **JANUARY)
    for day, quantity in ((D(2026, 1, 10), 2), (D(2026, 1, 20), 3), (D(2026, 2, 2), 4)):
        ServiceRecord.objects.create(
            institution=personas.institution,
            department=personas.department1,
            recipient=first,
            service=catalog.shopping,
            worker=personas.worker1,
            performed_on=day,
            quantity=Decimal(quantity),
            price=Decimal(55),
            amount=Decimal(55 * quantity),
            norm_minutes=Decimal(30),
            basis=Basis.PROGRAM,
        )
    _package, [record] = export(personas)
    assert local_name(record) == "terminationBasedOnEndOfValidityPeriod"
    assert value(record, "pac:assignmentFactUuid") == str(
        EgissoFact.objects.get(program=short).uuid
    )
    assert value(record, "pac:dateFinish") == "2026-01-31"
    # The services of its term only: the February one belongs to the next program.
    assert value(record, "pac:quantity") == "5.00"
    assert value(record, "pac:amount") == "275.00"


def test_a_tariff_corrected_for_past_months_is_a_recalculation(personas, world):
    Tariff.objects.filter(service=world["catalog"].floor, effective_from=D(2026, 1, 1)).update(
        price=Decimal("11.00")
    )
    _package, elements = export(personas)
    assert [local_name(e) for e in elements] == ["alterationBasedOnRecalculation"] * 3
    # (8 × 55 + 120 × 11) ₽ a month for a year.
    assert {value(e, "pac:amount") for e in elements} == {"21120.00"}


def test_a_fact_never_exported_goes_as_a_fact_with_its_end_not_as_a_change(personas):
    egisso_settings(personas.institution)
    programs_in_january(personas)
    discharge(personas, personas.recipient_of_worker1, D(2026, 1, 25), "Отказ от обслуживания")
    result = services.egisso_export(actor=personas.director, **JANUARY)
    [package] = result.packages
    assert package.counts == {"fact": 2}
    assert not EgissoRecord.objects.exclude(kind="fact").exists()


def test_a_fact_is_never_sent_twice_as_new(personas, world):
    with pytest.raises(services.NothingToExport):
        services.egisso_export(actor=personas.director, **JANUARY)
    assert EgissoRecord.objects.filter(kind="fact").count() == 3
    assert EgissoFact.objects.count() == 3


def test_a_fact_ended_before_the_period_is_closed_once_by_the_record_of_its_cause(personas):
    """Discharged in January, exported in January with its last day; the February export says
    why it ended."""
    egisso_settings(personas.institution)
    programs_in_january(personas)
    first = personas.recipient_of_worker1
    discharge(personas, first, D(2026, 1, 25), "Отказ от обслуживания")
    services.egisso_export(actor=personas.director, **JANUARY)
    _package, [record] = export(personas)
    assert local_name(record) == "terminationBasedOnRecipientRefusal"
    assert value(record, "pac:dateFinish") == "2026-01-25"
