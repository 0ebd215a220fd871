"""The change records as the official XSD wants them, without a database: each of the eleven
groups in a package of its own, all of them in the schema's order, and the split of a group
above 1000 records into packages that each validate."""

import datetime
import uuid
from decimal import Decimal

import pytest
from lxml import etree

from zabota.exchange.egisso.writer import (
    NS,
    Change,
    Fact,
    GroundDocument,
    IdentityDocument,
    Person,
    change_element,
    package_document,
    to_bytes,
)
from zabota.exchange.tests.egisso_helpers import (
    CATEGORY,
    LMSZ,
    elements_of,
    local_name,
    shipped_schema,
    value,
)
from zabota.rules.egisso_changes import (
    DEATH_OR_MOVING,
    FACT,
    GROUP_CAP,
    INVALIDATIONS,
    PREVIOUS_ERRORS,
    RECALCULATION,
    RECORD_ORDER,
    TERMINATION_END_OF_VALIDITY,
    TERMINATIONS,
    into_packages,
)

D = datetime.date
SCHEMA = shipped_schema()


def a_fact(number: int = 1) -> Fact:
    return Fact(
        uuid=uuid.uuid5(uuid.NAMESPACE_URL, f"fact/{number}"),
        osz_code="4200.000123",
        receiver=Person(
            snils="11223344595",
            last_name="Иванова",
            first_name="Мария",
            middle_name="Петровна",
            gender="Female",
            birth_date=D(1940, 5, 17),
            document=IdentityDocument("PassportRF", "3204", "123456", D(2005, 3, 1), "ГУ МВД"),
        ),
        lmsz_id=LMSZ,
        category_id=CATEGORY,
        decision_date=D(2026, 1, 10),
        date_start=D(2026, 1, 12),
        date_finish=D(2027, 1, 11),
        ground=GroundDocument(
            "Индивидуальная программа предоставления социальных услуг",
            "1/2026",
            D(2026, 1, 10),
            "ГБУ КЦСОН",
            D(2026, 1, 12),
            D(2027, 1, 11),
        ),
        quantity=Decimal("1536.00"),
        okei_code="876",
        content="Социальные услуги на дому",
        comment="ИППСУ № 1/2026 от 10.01.2026",
        equivalent_amount=Decimal("19680.00"),
    )


def a_record(kind: str, number: int = 1):
    """A record of each kind about fact `number`, with the fields its type asks for."""
    fact = a_fact(number)
    if kind == FACT:
        return fact
    event = uuid.uuid5(uuid.NAMESPACE_URL, f"event/{kind}/{number}")
    values = {}
    if kind in TERMINATIONS:
        values = {
            "date_finish": D(2026, 2, 5),
            "amount": Decimal("1234.5"),
            "quantity": Decimal(12),
        }
    elif kind == RECALCULATION:
        values = {"amount": Decimal("20000")}
    elif kind == DEATH_OR_MOVING:
        values = {"amount": Decimal("4338.06"), "date_finish": D(2026, 3, 31)}
    elif kind == PREVIOUS_ERRORS:
        values = {"fact": fact}
    return Change(kind=kind, uuid=event, fact_uuid=fact.uuid, **values)


def valid(document) -> bool:
    return SCHEMA.validate(etree.fromstring(to_bytes(document)))


@pytest.mark.parametrize("kind", RECORD_ORDER)
def test_a_package_of_each_record_type_validates_against_the_official_xsd(kind):
    document = package_document([a_record(kind)], uuid.uuid4())
    assert valid(document), SCHEMA.error_log
    [element] = elements_of(to_bytes(document))
    assert local_name(element) == kind
    if kind != FACT:
        assert value(element, "pac:assignmentFactUuid") == str(a_fact().uuid)
        assert value(element, "pac:uuid") != str(a_fact().uuid)


def test_a_termination_carries_its_date_the_sum_and_the_quantity_delivered():
    element = change_element(a_record(TERMINATION_END_OF_VALIDITY), etree.Element("x"))
    assert value(element, "pac:dateFinish") == "2026-02-05"
    assert value(element, "pac:amount") == "1234.50"
    assert value(element, "pac:quantity") == "12.00"


def test_a_correction_carries_the_whole_fact_without_its_own_uuid():
    element = change_element(a_record(PREVIOUS_ERRORS), etree.Element("x"))
    body = element.find("pac:fact", namespaces=NS)
    assert value(body, "af:mszReceiver/prsn:SNILS") == "11223344595"
    assert body.find("pac:uuid", namespaces=NS) is None
    assert [local_name(e) for e in element][:2] == ["uuid", "assignmentFactUuid"]


def test_all_eleven_groups_in_one_package_come_in_the_schema_s_order_and_validate():
    records = [a_record(kind, number) for number, kind in enumerate(reversed(RECORD_ORDER))]
    document = package_document(records, uuid.uuid4())
    assert valid(document), SCHEMA.error_log
    assert [local_name(e) for e in elements_of(to_bytes(document))] == list(RECORD_ORDER)


def test_the_same_records_out_of_order_are_refused_by_the_xsd():
    document = package_document([a_record(TERMINATION_END_OF_VALIDITY)], uuid.uuid4())
    elements = document.find(".//pac:elements", namespaces=NS)
    invalidation = [k for k in RECORD_ORDER if k in INVALIDATIONS][0]
    elements.insert(0, change_element(a_record(invalidation, 2), etree.Element("x")))
    assert not valid(document)
    assert "This element is not expected" in str(SCHEMA.error_log)


def test_a_thousand_and_one_records_of_a_group_make_two_packages_that_each_validate():
    records = [a_record(TERMINATION_END_OF_VALIDITY, n) for n in range(GROUP_CAP + 1)]
    records += [a_record(FACT, GROUP_CAP + 5)]
    packages = into_packages(
        records,
        fact_of=lambda r: r.uuid if isinstance(r, Fact) else r.fact_uuid,
        kind_of=lambda r: FACT if isinstance(r, Fact) else r.kind,
    )
    assert [len(p) for p in packages] == [GROUP_CAP, 2]
    for package in packages:
        assert valid(package_document(package, uuid.uuid4())), SCHEMA.error_log
    # The cap is the schema's own: one record more in a package is refused.
    assert not valid(package_document(records[: GROUP_CAP + 1], uuid.uuid4()))
