"""Validation against the official XSD, and its messages said in Russian for the person.

The schema is loaded from `zabota/exchange/egisso_xsd/` (shipped with the code, so production
does not depend on anything outside the repository). lxml reports each error with the path of
the element; the path says which field it is, the error type says what is wrong with it.
"""

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from zabota.exchange.egisso.writer import NS

XSD_ROOT = Path(__file__).resolve().parent.parent / "egisso_xsd" / "10.06.S-1.1.0.xsd"
_local = threading.local()
_CLARK = re.compile(r"\{([^}]*)\}(\w+)")
_VALUE = re.compile(r"The value '(.*?)' (?:is not|has)", re.S)
_ATOMIC = re.compile(r"atomic type '(?:xs:)?(\w+)'")

# Element names as a person knows the field.
LABELS = {
    "packageId": "Идентификатор пакета",
    "oszCode": "Код ОНМСЗ",
    "mszReceiver": "Получатель",
    "SNILS": "СНИЛС",
    "FamilyName": "Фамилия",
    "FirstName": "Имя",
    "Patronymic": "Отчество",
    "Gender": "Пол",
    "BirthDate": "Дата рождения",
    "IdentityDoc": "Документ, удостоверяющий личность",
    "lmszId": "Идентификатор ЛМСЗ",
    "categoryId": "Идентификатор категории получателей",
    "decisionDate": "Дата решения о назначении",
    "dateStart": "Дата начала назначения",
    "dateFinish": "Дата окончания назначения",
    "needsCriteria": "Критерии нуждаемости",
    "usingSign": "Признак критериев нуждаемости",
    "assignmentInfo": "Сведения о назначении",
    "serviceForm": "Форма «услуга»",
    "amount": "Количество (объём услуг по ИППСУ)",
    "OKEICode": "Код единицы по ОКЕИ",
    "content": "Содержание",
    "comment": "Комментарий",
    "equivalentAmount": "Сумма-эквивалент",
    "uuid": "Идентификатор факта",
}
DOCUMENT_KINDS = {
    "PassportRF": "Паспорт РФ",
    "ForeignPassport": "Паспорт иностранного гражданина",
    "ResidencePermitRF": "Вид на жительство",
    "MilitaryPassport": "Военный билет",
    "BirthCertificate": "Свидетельство о рождении",
    "TemporaryIdentityCardRF": "Временное удостоверение личности",
    "RefugeeCertificate": "Удостоверение беженца",
    "OtherDocument": "Документ, удостоверяющий личность",
}
DOCUMENT_FIELDS = {
    "Series": "серия",
    "Number": "номер",
    "IssueDate": "дата выдачи",
    "Issuer": "кем выдан",
}
GROUND_FIELDS = {
    "title": "наименование",
    "number": "номер",
    "issueDate": "дата составления",
    "authority": "кем выдана",
    "startDate": "действует с",
    "finishDate": "действует по",
}
_RUSSIAN_NAME = "только русские буквы, пробел, дефис, апостроф и точка (без латинских букв и цифр)"
_RUSSIAN_TEXT = 'русские буквы, цифры, пробел и знаки . , - ( ) № " / (без латинских букв)'
# What the XSD allows, keyed by the field (and the document kind for document fields).
HINTS = {
    "oszCode": "11 знаков: четыре заглавные латинские буквы или цифры, точка и шесть цифр",
    "SNILS": "11 цифр",
    "FamilyName": _RUSSIAN_NAME + ", до 100 знаков",
    "FirstName": _RUSSIAN_NAME + ", до 100 знаков",
    "Patronymic": _RUSSIAN_NAME + ", до 100 знаков",
    ("PassportRF", "Series"): "4 цифры",
    ("PassportRF", "Number"): "6 цифр",
    ("ResidencePermitRF", "Series"): "2 цифры",
    ("ResidencePermitRF", "Number"): "7 цифр",
    ("RefugeeCertificate", "Series"): "2 цифры",
    ("RefugeeCertificate", "Number"): "7 цифр",
    ("MilitaryPassport", "Series"): "две заглавные русские буквы",
    ("MilitaryPassport", "Number"): "7 цифр",
    ("BirthCertificate", "Series"): "римская цифра, дефис и две русские буквы, например IV-ЛО",
    ("BirthCertificate", "Number"): "6 цифр",
    "Number": "буквы и цифры без пробелов, до 25 знаков",
    "Series": "до 20 знаков",
    "Issuer": _RUSSIAN_TEXT + ", до 200 знаков",
    "IssueDate": "дата",
    ("ground", "number"): "до 20 знаков",
    ("ground", "title"): "до 500 знаков",
    ("ground", "authority"): "до 500 знаков",
    "content": "до 200 знаков",
    "comment": "до 200 знаков",
    "OKEICode": "3 или 4 цифры",
}
_FORMAT_ERRORS = (
    "SCHEMAV_CVC_PATTERN_VALID",
    "SCHEMAV_CVC_LENGTH_VALID",
    "SCHEMAV_CVC_MINLENGTH_VALID",
    "SCHEMAV_CVC_MAXLENGTH_VALID",
    "SCHEMAV_CVC_ENUMERATION_VALID",
)
_TYPES = {"date": "дата (ГГГГ-ММ-ДД)", "decimal": "число", "boolean": "да/нет"}


@dataclass(frozen=True)
class SchemaProblem:
    """One thing wrong with a fact: the field in Russian, what is wrong, and (when the XSD found
    it) lxml's own words."""

    field: str
    message: str
    technical: str = ""
    path: str = ""


def schema() -> etree.XMLSchema:
    # One parsed schema per thread: lxml validators are not meant to be shared between threads.
    loaded = getattr(_local, "schema", None)
    if loaded is None:
        loaded = _local.schema = etree.XMLSchema(etree.parse(str(XSD_ROOT)))
    return loaded


def validate(document: etree._Element) -> list[SchemaProblem]:
    """Every error of a document, each once per element, in Russian."""
    checker = schema()
    if checker.validate(document):
        return []
    problems: list[SchemaProblem] = []
    seen: set[str] = set()
    for error in checker.error_log:
        problem = _russian(error, document)
        # A wrong value breaks both the pattern and the length of one element: say it once.
        if problem.path in seen:
            continue
        seen.add(problem.path)
        problems.append(problem)
    return problems


def _russian(error, document) -> SchemaProblem:
    path = _short_path(error.path or "")
    names = path.split("/")
    technical = _CLARK.sub(lambda m: m.group(2), error.message)
    kind = error.type_name
    if kind in _FORMAT_ERRORS or kind.startswith("SCHEMAV_CVC_DATATYPE"):
        value = _value_at(document, error.path, error.message)
        if kind.startswith("SCHEMAV_CVC_DATATYPE"):
            match = _ATOMIC.search(error.message)
            expected = _TYPES.get(match.group(1), match.group(1)) if match else ""
            message = f"значение «{value}» — не {expected}" if value else "не заполнено"
        else:
            hint = _hint(names)
            message = f"значение «{value}» не подходит" if value else "не заполнено"
            if hint:
                message += f": нужно {hint}"
        return SchemaProblem(_label(names), message, technical, path)
    if kind == "SCHEMAV_ELEMENT_CONTENT":
        expected = [m.group(2) for m in _CLARK.finditer(error.message.split("Expected is", 1)[-1])]
        if "Expected is" in error.message and expected:
            # «Missing child» names the parent; «not expected» names the element after the gap.
            parent = names if "Missing child" in error.message else names[:-1]
            fields = " или ".join(_label([*parent, name]) for name in expected)
            return SchemaProblem(fields, "не заполнено", technical, "/".join([*parent, "?"]))
        return SchemaProblem(_label(names), "лишний элемент", technical, path)
    return SchemaProblem(_label(names), "не соответствует схеме ЕГИССО", technical, path)


def _short_path(path: str) -> str:
    """«/*/pac:package/pac:elements/pac:fact/af:mszReceiver/smev:FirstName» → local names."""
    parts = [part.split(":")[-1] for part in path.split("/") if part and part != "*"]
    return "/".join(re.sub(r"\[\d+\]$", "", part) for part in parts)


def _value_at(document, path: str, message: str) -> str:
    match = _VALUE.search(message)
    if match:
        return match.group(1)
    try:
        found = document.xpath(path, namespaces={k: v for k, v in NS.items() if k != "msg"})
    except etree.XPathError:
        return ""
    if found and isinstance(found[0], etree._Element):
        return found[0].text or ""
    return ""


def _label(names: list[str]) -> str:
    if not names:
        return "Файл"
    name = names[-1]
    if "IdentityDoc" in names:
        index = names.index("IdentityDoc")
        kind = names[index + 1] if len(names) > index + 1 else ""
        if kind == name:
            return DOCUMENT_KINDS.get(kind, LABELS["IdentityDoc"])
        if kind:
            document = DOCUMENT_KINDS.get(kind, LABELS["IdentityDoc"])
            return f"{document}: {DOCUMENT_FIELDS.get(name, name)}"
        return LABELS["IdentityDoc"]
    if "documents" in names:
        return f"ИППСУ (документ-основание): {GROUND_FIELDS.get(name, name)}"
    return LABELS.get(name, name)


def _hint(names: list[str]) -> str:
    name = names[-1] if names else ""
    if "IdentityDoc" in names:
        index = names.index("IdentityDoc")
        kind = names[index + 1] if len(names) > index + 1 else ""
        return HINTS.get((kind, name)) or HINTS.get(name, "")
    if "documents" in names:
        return HINTS.get(("ground", name), "")
    return HINTS.get(name, "")
