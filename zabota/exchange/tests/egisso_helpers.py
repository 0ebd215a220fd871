"""What the ЕГИССО tests share: settings, programs with passports, the shipped XSD, reading XML."""

import datetime
import uuid

from lxml import etree

from zabota.exchange.egisso.schema import XSD_ROOT
from zabota.exchange.egisso.writer import NS
from zabota.exchange.models import EgissoPackage, EgissoSettings
from zabota.programs.tests.factories import Catalog, in_force

LMSZ = uuid.UUID("11111111-2222-4333-8444-555555555555")
CATEGORY = uuid.UUID("99999999-8888-4777-8666-555555555555")
JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


def give_passport(recipient, series="3204", number="123456") -> None:
    recipient.document_series = series
    recipient.document_number = number
    recipient.document_issued_on = datetime.date(2005, 3, 1)
    recipient.document_issued_by = "ГУ МВД России по Кемеровской области — Кузбассу"
    recipient.save()


def egisso_settings(institution, **fields) -> EgissoSettings:
    values = {"onmsz_code": "4200.000123", "lmsz_id": LMSZ, "category_id": CATEGORY}
    return EgissoSettings.objects.create(institution=institution, **(values | fields))


def programs_in_january(personas) -> dict:
    """Programs in force in January 2026 for the two recipients of department 1, with passports:
    8 purchases (55 ₽) and 120 м² of floor (10 ₽) a month, 12.01.2026–11.01.2027."""
    catalog = Catalog(personas)
    first = personas.recipient_of_worker1
    second = personas.recipient_of_worker2
    for recipient in (first, second):
        give_passport(recipient)
    return {
        "catalog": catalog,
        first.pk: in_force(personas.head1, first, catalog),
        second.pk: in_force(personas.head1, second, catalog, number="2/2026"),
    }


def shipped_schema() -> etree.XMLSchema:
    """The XSD as shipped in the repository, loaded here on its own."""
    return etree.XMLSchema(etree.parse(str(XSD_ROOT)))


def facts_of(content: bytes) -> list:
    root = etree.fromstring(content)
    return root.findall(f"{{{NS['pac']}}}package/{{{NS['pac']}}}elements/{{{NS['pac']}}}fact")


def value(element, path: str) -> str:
    """A text by a path of prefixed names, e.g. "af:mszReceiver/prsn:SNILS"."""
    found = element.find(path, namespaces=NS)
    assert found is not None, path
    return found.text


def export_period(client, period=None):
    """The page's «Сформировать пакет» for a period (January unless said)."""
    return client.post("/exchange/egisso/export/", period or JANUARY)


def last_run() -> list:
    """The packages of the latest export, in their order."""
    latest = EgissoPackage.objects.order_by("-pk").first()
    if latest is None:
        return []
    return list(EgissoPackage.objects.filter(run=latest.run).order_by("number"))


def elements_of(content: bytes) -> list:
    """The records of a package, in the file's order."""
    root = etree.fromstring(content)
    return list(root.find(f"{{{NS['pac']}}}package/{{{NS['pac']}}}elements"))


def local_name(element) -> str:
    return etree.QName(element).localname
