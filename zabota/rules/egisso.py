"""The arithmetic and text rules of a ЕГИССО «факт назначения» (format 10.06.S, version 1.1.0).

Why pure Python: the money value sent to the state system must be recomputable by hand from the
ИППСУ and the tariffs, and the identifiers must not change between two exports of the same
program. Nothing here imports Django.

Legal basis: Постановление Правительства РФ от 14.02.2017 № 181 «О Единой государственной
информационной системе социального обеспечения» (the suppliers of facts of assignment, among
them providers of social services under 442-ФЗ) and the ЕГИССО XSD of format 10.06.S 1.1.0
(`zabota/exchange/egisso_xsd/`), which is the authority on every element and pattern used here.
"""

from __future__ import annotations

import calendar
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

KOPECK = Decimal("0.01")
# egisso-basic-types-1.0.8.xsd, tParticipantCode: four characters (Latin capitals without I and O,
# or digits), a dot and six digits — 11 characters in all, e.g. «1234.000001».
PARTICIPANT_CODE = re.compile(r"[A-HJ-NP-Z0-9]{4}\.\d{6}")
# The namespace of Zabota's uuid5 fact identifiers: a constant, so a fact keeps its id forever.
FACT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://zabota.local/egisso/fact/10.06.S")

# Characters the ЕГИССО text patterns (smev:rus-100, egisso:rus-and-num) refuse although people
# type them every day: typographic dashes and quotes. They become their plain equivalents.
_PLAIN = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2019": "'",
        "\u00a0": " ",  # no-break space
    }
)
_SPACES = re.compile(r"\s+")

# Kinds of identity document (prsn-info-1.0.4.xsd, IdentityDoc: one of these elements).
PASSPORT_RF = "PassportRF"
FOREIGN_PASSPORT = "ForeignPassport"
RESIDENCE_PERMIT = "ResidencePermitRF"
MILITARY_PASSPORT = "MilitaryPassport"
BIRTH_CERTIFICATE = "BirthCertificate"
TEMPORARY_CARD = "TemporaryIdentityCardRF"
REFUGEE_CERTIFICATE = "RefugeeCertificate"
OTHER_DOCUMENT = "OtherDocument"
# (words in the card's «документ, удостоверяющий личность», kind), checked in this order.
_DOCUMENT_WORDS = [
    ("паспорт гражданина р", PASSPORT_RF),
    ("паспорт рф", PASSPORT_RF),
    ("паспорт иностран", FOREIGN_PASSPORT),
    ("вид на жительство", RESIDENCE_PERMIT),
    ("свидетельство о рождении", BIRTH_CERTIFICATE),
    ("военн", MILITARY_PASSPORT),
    ("временное удостоверение", TEMPORARY_CARD),
    ("беженц", REFUGEE_CERTIFICATE),
]


def participant_code_is_valid(code: str) -> bool:
    """The ОНМСЗ code as the XSD allows it (tParticipantCode)."""
    return bool(PARTICIPANT_CODE.fullmatch(code or ""))


def fact_uuid(institution_key: str, program_id: int) -> uuid.UUID:
    """The fact's id: the same program of the same institution gives the same id in every export,
    so ЕГИССО recognises a repeated fact instead of recording a second assignment."""
    return uuid.uuid5(FACT_NAMESPACE, f"{institution_key}/program/{program_id}")


def plain_text(value: str) -> str:
    """A text as the ЕГИССО patterns accept it: plain dashes and quotes, single spaces."""
    return _SPACES.sub(" ", (value or "").translate(_PLAIN)).strip()


def identity_document_kind(document_type: str) -> str:
    """Which IdentityDoc element a card's document type becomes; «иной документ» otherwise."""
    text = plain_text(document_type).lower().replace("ё", "е")
    for words, kind in _DOCUMENT_WORDS:
        if words in text:
            return kind
    return OTHER_DOCUMENT


def month_shares(start: date, finish: date) -> list[tuple[date, Fraction]]:
    """The calendar months a term touches: (first day of the term in that month, share of the
    month covered). A term from 16.01 to 15.03 gives (16.01, 16/31), (01.02, 1), (01.03, 15/31).
    """
    if finish < start:
        return []
    shares = []
    day = start
    while day <= finish:
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        month_end = day.replace(day=days_in_month)
        last = min(month_end, finish)
        shares.append((day, Fraction((last - day).days + 1, days_in_month)))
        day = month_end + timedelta(days=1)
    return shares


def prorated_total(amounts: Iterable[tuple[Decimal, Fraction]]) -> Decimal:
    """Σ monthly amount × share of the month, exact, rounded half-up to kopecks once."""
    total = sum((Fraction(amount) * share for amount, share in amounts), start=Fraction(0))
    return _kopecks(total)


def _kopecks(value: Fraction) -> Decimal:
    # Half-up for a non-negative value: floor(x · 100 + 1/2) kopecks.
    kopecks = (value * 100 + Fraction(1, 2)).__floor__()
    return (Decimal(kopecks) / 100).quantize(KOPECK, rounding=ROUND_HALF_UP)


def decimal_text(value: Decimal) -> str:
    """xs:decimal as ЕГИССО reads it: a dot, two decimals, no exponent, no grouping."""
    return f"{Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP):f}"


@dataclass(frozen=True)
class Typification:
    """ЕГИССО's result of an assessment of the need for care (epgu-typification 1.0.1,
    `tTypification`, ../shared/reference/ltc-care-services.md §1.2): the date of the assessment,
    the level of need 1–3 (element `group`, Приказ Минтруда России от 29.09.2020 № 667) and
    the points, a decimal."""

    date: date
    group: int
    points: Decimal


LEVELS = (1, 2, 3)


def typification(
    assessed_on: date | None, level_code: str, total: Decimal | None
) -> Typification | None:
    """The typification of a submitted assessment; None when it gives no level 1–3 («не
    нуждается» is no level in the exchange) or is not scored yet."""
    code = (level_code or "").strip()
    if assessed_on is None or total is None or not code.isdigit() or int(code) not in LEVELS:
        return None
    return Typification(date=assessed_on, group=int(code), points=Decimal(total))
