"""Small pieces of Russian wording the documents need beyond ФИО and sums (no Django import).

A position in the genitive («в лице директора …»), the one-line description of an identity
document and a gendered form of address. Stored forms on the records always win; these only
fill what no record keeps.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import lru_cache

from pymorphy3 import MorphAnalyzer

from zabota.rules.words import plural_form

_INFLECTED = {"NOUN", "ADJF", "PRTF"}


@lru_cache(maxsize=1)
def _morph() -> MorphAnalyzer:
    return MorphAnalyzer()


@lru_cache(maxsize=256)
def position_in_case(position: str, case: str = "gent") -> str:
    """«директор» → «директора», «главный врач» → «главного врача»,
    «исполняющий обязанности директора» → «исполняющего обязанности директора».

    Words are inflected from the left up to and including the head noun (or a participle, whose
    object already stands in its own case); the rest is kept. A word with no nominative reading
    ends the inflected part, so an unusual title is left as written rather than spoiled.
    """
    words = position.split()
    result = []
    inflecting = True
    for word in words:
        if not inflecting:
            result.append(word)
            continue
        parse = next(
            (
                p
                for p in _morph().parse(word.lower())
                if p.tag.POS in _INFLECTED and p.tag.case == "nomn"
            ),
            None,
        )
        if parse is None:
            inflecting = False
            result.append(word)
            continue
        inflected = parse.inflect({case})
        form = inflected.word if inflected else word.lower()
        result.append(_same_capitals(word, form))
        if parse.tag.POS in {"NOUN", "PRTF"}:
            inflecting = False
    return " ".join(result)


def _same_capitals(original: str, form: str) -> str:
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def identity_document_line(
    *,
    document_type: str,
    series: str = "",
    number: str = "",
    issued_by: str = "",
    issued_on: datetime.date | None = None,
    issuer_code: str = "",
) -> str:
    """«паспорт гражданина РФ серия 3204 № 123456, выдан … 12.03.2001, код подразделения 420-012»
    (lower case: the line stands inside a sentence; a template starting a line with it writes
    {{ recipient.document|capfirst }})."""
    kind = document_type.strip() or "документ"
    # Mid-sentence: «…, паспорт гражданина РФ серия …»; an abbreviation (ВНЖ) keeps its case.
    if kind[1:2].islower():
        kind = kind[:1].lower() + kind[1:]
    parts = [kind]
    if series:
        parts.append(f"серия {series}")
    if number:
        parts.append(f"№ {number}")
    line = " ".join(parts)
    if issued_by or issued_on:
        issued = "выдан"
        if issued_by:
            issued += f" {issued_by}"
        if issued_on:
            issued += f" {issued_on:%d.%m.%Y}"
        line += f", {issued}"
    if issuer_code:
        line += f", код подразделения {issuer_code}"
    return line


def salutation(is_female: bool) -> str:
    return "Уважаемая" if is_female else "Уважаемый"


# Units of the catalog (zabota.catalog.models.UNITS) that are nouns, with the forms that agree
# with a number: 1 услуга, 2 услуги, 5 услуг; a fraction takes the second form (2,5 часа).
_UNIT_FORMS = {
    "услуга": ("услуга", "услуги", "услуг"),
    "посещение": ("посещение", "посещения", "посещений"),
    "час": ("час", "часа", "часов"),
    "комплект": ("комплект", "комплекта", "комплектов"),
    "поездка": ("поездка", "поездки", "поездок"),
}


# Units written as abbreviations: they follow the number as they are («120 м²»).
_ABBREVIATIONS = {"м²", "м2", "кг", "м", "л", "км", "шт."}


def quantity_with_unit(quantity: Decimal | int, unit: str) -> str:
    """«8 услуг», «1 посещение», «2,5 часа», «120 м²»; a unit written «1 услуга» counts as
    «услуга»; a unit not known as a noun stays in parentheses: «3 (упаковка)»."""
    amount = Decimal(quantity)
    number = f"{amount.normalize():f}".replace(".", ",")
    name = unit.strip()
    if name.startswith("1 "):
        name = name[2:].strip()
    forms = _UNIT_FORMS.get(name.lower())
    if forms is not None:
        if amount != amount.to_integral_value():
            return f"{number} {forms[1]}"
        return f"{number} {plural_form(int(amount), *forms)}"
    if not name:
        return number
    if (
        any(ch.isalpha() for ch in name)
        and "²" not in name
        and name.lower() not in ("кг", "м", "л")
    ):
        return f"{number} ({name})"
    return f"{number} {name}"
