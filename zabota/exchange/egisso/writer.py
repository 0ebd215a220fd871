"""Writing facts of assignment and their changes as XML of format 10.06.S 1.1.0.

Namespaces and element order follow the XSD (`zabota/exchange/egisso_xsd/`): the root `data`
(10.06.S), `package`, the fact's own `uuid` and the change records (package-RAF), the fact's
body (assignment-fact), the person (prsn-info), the name (smev commons) and the identity
documents (egisso basic). The groups of a package come in the schema's order
(`zabota.rules.egisso_changes.RECORD_ORDER`).
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from zabota.rules.egisso import (
    OTHER_DOCUMENT,
    REFUGEE_CERTIFICATE,
    decimal_text,
)
from zabota.rules.egisso_changes import (
    DEATH_OR_MOVING,
    INVALIDATIONS,
    PREVIOUS_ERRORS,
    RECALCULATION,
    TERMINATIONS,
    order_index,
)

NS = {
    "msg": "urn://egisso-ru/msg/10.06.S/1.1.0",
    "pac": "urn://egisso-ru/types/package-RAF/1.1.0",
    "af": "urn://egisso-ru/types/assignment-fact/1.0.8",
    "prsn": "urn://egisso-ru/types/prsn-info/1.0.4",
    "smev": "urn://x-artefacts-smev-gov-ru/supplementary/commons/1.0.1",
    "egisso": "urn://egisso-ru/types/basic/1.0.8",
}
# The package id of a fact validated on its own (never written to a file).
CHECK_PACKAGE_ID = uuid.UUID(int=0)


@dataclass(frozen=True)
class IdentityDocument:
    kind: str  # an element name of prsn-info IdentityDoc (zabota.rules.egisso)
    series: str
    number: str
    issued_on: datetime.date | None
    issued_by: str


@dataclass(frozen=True)
class Person:
    snils: str
    last_name: str
    first_name: str
    middle_name: str
    gender: str  # "Male" / "Female" (smev GenderType)
    birth_date: datetime.date
    document: IdentityDocument | None


@dataclass(frozen=True)
class GroundDocument:
    """The document giving the right to the measure: the ИППСУ."""

    title: str
    number: str
    issued_on: datetime.date
    authority: str
    valid_from: datetime.date
    valid_until: datetime.date | None


@dataclass(frozen=True)
class Fact:
    uuid: uuid.UUID
    osz_code: str
    receiver: Person
    lmsz_id: uuid.UUID
    category_id: uuid.UUID
    decision_date: datetime.date
    date_start: datetime.date
    date_finish: datetime.date | None
    ground: GroundDocument
    quantity: Decimal
    okei_code: str
    content: str
    comment: str
    equivalent_amount: Decimal


def _el(parent, prefix: str, name: str, text=None):
    element = etree.SubElement(parent, etree.QName(NS[prefix], name))
    if text is not None:
        element.text = _text(text)
    return element


def _text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class Change:
    """A record about a fact loaded before (tFactModification and its extensions): `kind` is
    the element's name; the fields its type needs are filled, the others stay None."""

    kind: str
    uuid: uuid.UUID  # the event's own id
    fact_uuid: uuid.UUID  # assignmentFactUuid
    date_finish: datetime.date | None = None
    amount: Decimal | None = None
    quantity: Decimal | None = None
    fact: Fact | None = None  # the corrected fact of alterationBasedOnPreviousErrors


def fact_element(fact: Fact, parent) -> etree._Element:
    """`pac:fact` (tFactAssignment): the body of assignment-fact, then the fact's uuid."""
    element = _el(parent, "pac", "fact")
    _fact_body(element, fact)
    _el(element, "pac", "uuid", fact.uuid)
    return element


def change_element(change: Change, parent) -> etree._Element:
    """A change record: the event's uuid and the fact's, then what its type adds."""
    element = _el(parent, "pac", change.kind)
    _el(element, "pac", "uuid", change.uuid)
    _el(element, "pac", "assignmentFactUuid", change.fact_uuid)
    if change.kind in TERMINATIONS:
        _el(element, "pac", "dateFinish", change.date_finish)
        if change.amount is not None:
            _el(element, "pac", "amount", change.amount)
        if change.quantity is not None:
            _el(element, "pac", "quantity", change.quantity)
    elif change.kind == RECALCULATION:
        _el(element, "pac", "amount", change.amount)
    elif change.kind == DEATH_OR_MOVING:
        _el(element, "pac", "amount", change.amount)
        _el(element, "pac", "dateFinish", change.date_finish)
    elif change.kind == PREVIOUS_ERRORS:
        # af:tFactAssignment: the whole fact without its own uuid (that is assignmentFactUuid).
        _fact_body(_el(element, "pac", "fact"), change.fact)
    elif change.kind not in INVALIDATIONS:
        raise ValueError(f"unknown record {change.kind}")
    return element


def _fact_body(element, fact: Fact) -> None:
    """The elements of af:tFactAssignment, in the XSD's order."""
    _el(element, "af", "oszCode", fact.osz_code)
    _person(_el(element, "af", "mszReceiver"), fact.receiver)
    _el(element, "af", "lmszId", fact.lmsz_id)
    _el(element, "af", "categoryId", fact.category_id)
    _el(element, "af", "decisionDate", fact.decision_date)
    _el(element, "af", "dateStart", fact.date_start)
    if fact.date_finish is not None:
        _el(element, "af", "dateFinish", fact.date_finish)
    documents = _el(element, "af", "documents")
    _ground(_el(documents, "af", "document"), fact.ground)
    needs = _el(element, "af", "needsCriteria")
    # Home social services are given on recognised need (442-ФЗ ст. 15), not on the ЕГИССО
    # «критерии нуждаемости» (income tests of monetary measures): the sign is false.
    _el(needs, "af", "usingSign", False)
    service = _el(_el(element, "af", "assignmentInfo"), "af", "serviceForm")
    _el(service, "af", "amount", fact.quantity)
    _el(service, "af", "OKEICode", fact.okei_code)
    if fact.content:
        _el(service, "af", "content", fact.content)
    if fact.comment:
        _el(service, "af", "comment", fact.comment)
    _el(service, "af", "equivalentAmount", fact.equivalent_amount)


def _person(element, person: Person) -> None:
    """prsn:tPersonInfo: СНИЛС, ФИО (smev), пол, дата рождения, документ."""
    _el(element, "prsn", "SNILS", person.snils)
    _el(element, "smev", "FamilyName", person.last_name)
    _el(element, "smev", "FirstName", person.first_name)
    if person.middle_name:
        _el(element, "smev", "Patronymic", person.middle_name)
    _el(element, "prsn", "Gender", person.gender)
    _el(element, "prsn", "BirthDate", person.birth_date)
    if person.document is not None:
        _identity_document(_el(element, "prsn", "IdentityDoc"), person.document)


def _identity_document(element, document: IdentityDocument) -> None:
    # Two kinds are local elements of prsn-info, the others global elements of egisso basic;
    # the fields inside are always egisso basic.
    prefix = "prsn" if document.kind in (REFUGEE_CERTIFICATE, OTHER_DOCUMENT) else "egisso"
    body = _el(element, prefix, document.kind)
    # Series is optional only in the documents of free form (NotRestrictedDocumentType).
    free_form = document.kind in (OTHER_DOCUMENT, "ForeignPassport", "TemporaryIdentityCardRF")
    if document.series or not free_form:
        _el(body, "egisso", "Series", document.series)
    _el(body, "egisso", "Number", document.number)
    _el(body, "egisso", "IssueDate", document.issued_on or "")
    _el(body, "egisso", "Issuer", document.issued_by)


def _ground(element, ground: GroundDocument) -> None:
    _el(element, "af", "title", ground.title)
    if ground.number:
        _el(element, "af", "number", ground.number)
    _el(element, "af", "issueDate", ground.issued_on)
    _el(element, "af", "authority", ground.authority)
    _el(element, "af", "startDate", ground.valid_from)
    if ground.valid_until is not None:
        _el(element, "af", "finishDate", ground.valid_until)


def record_kind(record: Fact | Change) -> str:
    return "fact" if isinstance(record, Fact) else record.kind


def package_document(records: list[Fact | Change], package_id: uuid.UUID) -> etree._Element:
    """The whole file: `data/package/{packageId, elements/…}`, the groups in the schema's
    order (the caller keeps each group within its 1000)."""
    nsmap = {None: NS["msg"]} | {prefix: uri for prefix, uri in NS.items() if prefix != "msg"}
    root = etree.Element(etree.QName(NS["msg"], "data"), nsmap=nsmap)
    package = _el(root, "pac", "package")
    _el(package, "pac", "packageId", package_id)
    elements = _el(package, "pac", "elements")
    for record in sorted(records, key=lambda r: order_index(record_kind(r))):
        if isinstance(record, Fact):
            fact_element(record, elements)
        else:
            change_element(record, elements)
    return root


def to_bytes(document: etree._Element) -> bytes:
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
