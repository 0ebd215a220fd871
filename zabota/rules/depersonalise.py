"""Depersonalising a recipient for analysis outside the centre.

152-ФЗ ст. 3 п. 9: обезличивание — actions after which data can no longer be attributed to a
person without additional information. Two of the methods of the Роскомнадзор requirements
(Приказ Роскомнадзора от 05.09.2013 № 996, «метод введения идентификаторов» and «метод
обобщения»; check whether a newer order replaced it) are used: a keyed pseudonym instead of
name, СНИЛС and documents, and a coarser value (birth year, locality) instead of the exact one.
The key (the «additional information») stays in the centre. No Django import.
"""

from __future__ import annotations

import hashlib
import hmac
import re

PSEUDONYM_PREFIX = "П-"
# 12 hex digits = 48 bits: for 100 000 people the chance of two sharing a pseudonym is ~2·10⁻⁵.
PSEUDONYM_DIGITS = 12

# Parts of an address that name a settlement or a district (kept), as written in Russian
# addresses: «г. Кемерово», «Кемеровский р-н», «пгт Промышленная», «с. Ягуново», «д. Береговая».
_LOCALITY = re.compile(
    r"^(?:(?:г|гор|пгт|рп|р\.п|пос|п|с|д|дер|х|ст-ца)\.\s*\S"
    r"|(?:г|с|д|п|город|пгт|рп|посёлок|поселок|село|деревня|станица|хутор|аул|нп|р-н|район"
    r"|городской округ)\s+\S)",
    re.IGNORECASE,
)
_DISTRICT_SUFFIX = re.compile(r"\S\s+(р-н|район|городской округ|муниципальный округ)$", re.I)
_DIGIT = re.compile(r"\d")


def pseudonym(secret: bytes, recipient_id: int) -> str:
    """«П-3f9a1c0b5d2e»: HMAC-SHA256 of the recipient's id under the institution's secret.

    The same person gets the same pseudonym in every export of the same institution; without
    the secret the pseudonym cannot be traced back (the id alone is not enough).
    """
    digest = hmac.new(secret, f"recipient:{recipient_id}".encode(), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_DIGITS]


def locality(address: str) -> str:
    """The settlement and district of an address, without the street, house, flat or postcode.

    «650012, Кемеровская обл., г. Кемерово, ул. Весенняя, д. 5, кв. 12» → «г. Кемерово».
    Anything with a digit (postcode, house, flat) and anything that is not a settlement or a
    district (the region, the street) is dropped; an address with neither gives "".
    """
    kept = []
    for part in (address or "").split(","):
        part = " ".join(part.split())
        if not part or _DIGIT.search(part):
            continue
        if _LOCALITY.match(part) or _DISTRICT_SUFFIX.search(part):
            kept.append(part)
    return ", ".join(kept)
