"""The payment QR code of a receipt: the text a bank app reads (ГОСТ Р 56042-2014 «Стандарты
финансовых операций. Двумерные символы штрихового кода для осуществления платежей физических
лиц»).

What is taken from where. [SRC] marks what two independent public descriptions of the standard
agree on (the field tables of open implementations that quote it: a Go package with the
standard's table, the QRCoder and GOST56042 libraries, the flutter_zxing documentation);
[?] marks what could not be confirmed from the standard's own text here and is our choice.

- The service block: "ST" (format), "0001" (version), one digit for the character set
  (1 — windows-1251, 2 — UTF-8, 3 — KOI8-R) and the separator [SRC]. We always write UTF-8:
  "ST00012|" — a Python string is Unicode and the QR library writes its bytes as UTF-8.
- The required fields and their order: Name, PersonalAcc, BankName, BIC, CorrespAcc [SRC].
- The additional fields (Sum … TaxPaytKind) and the other additional ones (LastName … TechCode)
  with their names [SRC]; their order is free [?]: we write the ones a receipt of Zabota
  carries in the order of issue 20 (PayeeINN, KPP, Sum, Purpose, LastName, FirstName,
  MiddleName, PersAcc), then the rest in the standard's table order.
- Maximum lengths (`MAX_LENGTH`): Name 160, PersonalAcc 20, BankName 45, BIC 9, CorrespAcc 20,
  Sum 18 digits, PayeeINN/PayerINN 12, DrawerStatus 2, KPP 9, CBC 20, OKTMO 11, PaytReason 2,
  TaxPeriod 10, DocNo 15, DocDate 10, TaxPaytKind 2 [SRC]. Purpose: 210 in the Go table, 160 in
  QRCoder [?]: we allow 210. The other additional fields carry no length in the sources [?]:
  none is imposed beyond `MAX_OTHER`, our own bound that keeps the code printable.
- Sum is in kopecks, digits only, no separator [SRC]. It is given here as Decimal rubles: a
  fraction of a kopeck, a negative or zero sum is refused (nobody can pay it) [?].
- CorrespAcc is 20 digits, or "0" for a bank without a correspondent account [SRC, flutter_zxing].
- The separator inside a value: the standard lets the writer pick another separator when "|"
  occurs in a value [?, as QRCoder reads §5.2.1]; bank apps are not known to all honour that, so
  this rule refuses "|" in a value instead (issue 20), as it refuses line breaks and other
  control characters, which a bank app would show or cut.

Refusals are ValueError with a Russian message naming the field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

HEADER = "ST0001"
UTF8 = "2"
SEPARATOR = "|"

REQUIRED = ("Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc")
# The fields of a Zabota receipt, in the order of issue 20.
RECEIPT_ORDER = ("PayeeINN", "KPP", "Sum", "Purpose", "LastName", "FirstName", "MiddleName")
ADDITIONAL = (
    "Sum",
    "Purpose",
    "PayeeINN",
    "PayerINN",
    "DrawerStatus",
    "KPP",
    "CBC",
    "OKTMO",
    "PaytReason",
    "TaxPeriod",
    "DocNo",
    "DocDate",
    "TaxPaytKind",
)
OTHER = (
    "LastName",
    "FirstName",
    "MiddleName",
    "PayerAddress",
    "PersonalAccount",
    "DocIdx",
    "PensAcc",
    "Contract",
    "PersAcc",
    "Flat",
    "Phone",
    "PayerIdType",
    "PayerIdNum",
    "ChildFio",
    "BirthDate",
    "PaymTerm",
    "PaymPeriod",
    "Category",
    "ServiceName",
    "CounterId",
    "CounterVal",
    "QuittId",
    "QuittDate",
    "InstNum",
    "ClassNum",
    "SpecFio",
    "AddAmount",
    "RuleId",
    "ExecId",
    "RegType",
    "UIN",
    "TechCode",
)
ORDER: tuple[str, ...] = tuple(
    dict.fromkeys((*REQUIRED, *RECEIPT_ORDER, "PersAcc", *ADDITIONAL, *OTHER))
)
FIELDS = frozenset(ORDER)

MAX_LENGTH = {
    "Name": 160,
    "PersonalAcc": 20,
    "BankName": 45,
    "BIC": 9,
    "CorrespAcc": 20,
    "Sum": 18,
    "Purpose": 210,
    "PayeeINN": 12,
    "PayerINN": 12,
    "DrawerStatus": 2,
    "KPP": 9,
    "CBC": 20,
    "OKTMO": 11,
    "PaytReason": 2,
    "TaxPeriod": 10,
    "DocNo": 15,
    "DocDate": 10,
    "TaxPaytKind": 2,
}
# Our own bound for the fields the sources give no length [?].
MAX_OTHER = 160

LABELS = {
    "Name": "наименование получателя платежа",
    "PersonalAcc": "номер счёта получателя",
    "BankName": "наименование банка получателя",
    "BIC": "БИК",
    "CorrespAcc": "корреспондентский счёт банка",
    "Sum": "сумма платежа",
    "Purpose": "назначение платежа",
    "PayeeINN": "ИНН получателя",
    "PayerINN": "ИНН плательщика",
    "KPP": "КПП получателя",
    "CBC": "КБК",
    "OKTMO": "ОКТМО",
    "LastName": "фамилия плательщика",
    "FirstName": "имя плательщика",
    "MiddleName": "отчество плательщика",
    "PayerAddress": "адрес плательщика",
    "PersAcc": "лицевой счёт плательщика",
}

_DIGITS = {
    "PersonalAcc": re.compile(r"\d{20}"),
    "BIC": re.compile(r"\d{9}"),
    "CorrespAcc": re.compile(r"\d{20}|0"),
    "PayeeINN": re.compile(r"\d{10}|\d{12}"),
    "PayerINN": re.compile(r"\d{10}|\d{12}"),
    "KPP": re.compile(r"\d{4}[\dA-Z]{2}\d{3}"),
    "CBC": re.compile(r"\d{20}|0"),
    "OKTMO": re.compile(r"\d{8}|\d{11}|0"),
}
_FORMAT_TEXT = {
    "PersonalAcc": "20 цифр",
    "BIC": "9 цифр",
    "CorrespAcc": "20 цифр (или 0)",
    "PayeeINN": "10 или 12 цифр",
    "PayerINN": "10 или 12 цифр",
    "KPP": "9 знаков: 4 цифры, 2 цифры или заглавные латинские буквы, 3 цифры",
    "CBC": "20 цифр (или 0)",
    "OKTMO": "8 или 11 цифр (или 0)",
}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _label(name: str) -> str:
    return f"«{LABELS[name]}» ({name})" if name in LABELS else name


def kopecks(amount: Decimal | int) -> str:
    """Decimal rubles → the Sum field: kopecks as digits, «1234.50» → «123450»."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise ValueError(
            f"Сумма платежа (Sum) задаётся в рублях числом Decimal, а не {type(amount).__name__}."
        )
    try:
        value = Decimal(amount)
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValueError("Сумма платежа (Sum) — не число.") from None
    if value <= 0:
        raise ValueError(f"Сумма платежа (Sum) должна быть больше нуля, а указано {value}.")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"Сумма платежа (Sum) {value} ₽ не делится на целые копейки.")
    text = str(int(cents))
    if len(text) > MAX_LENGTH["Sum"]:
        raise ValueError("Сумма платежа (Sum) длиннее 18 цифр в копейках.")
    return text


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"Реквизит {_label(name)}: нужен текст, а указано {value!r}.")
    text = value.strip()
    if SEPARATOR in text:
        raise ValueError(
            f"Реквизит {_label(name)} содержит знак «|», которым разделяются реквизиты "
            "QR-кода: уберите его."
        )
    if _CONTROL.search(text):
        raise ValueError(
            f"Реквизит {_label(name)} содержит перевод строки или другой управляющий знак."
        )
    limit = MAX_LENGTH.get(name, MAX_OTHER)
    if len(text) > limit:
        raise ValueError(
            f"Реквизит {_label(name)} длиннее {limit} знаков (в нём {len(text)}): сократите его."
        )
    pattern = _DIGITS.get(name)
    if text and pattern and not pattern.fullmatch(text):
        raise ValueError(
            f"Реквизит {_label(name)}: нужно {_FORMAT_TEXT[name]}, а указано «{text}»."
        )
    return text


def payment_qr_payload(**fields: str | Decimal | int | None) -> str:
    """The text of the payment QR code: «ST00012|Name=…|PersonalAcc=…|BankName=…|BIC=…|
    CorrespAcc=…|PayeeINN=…|KPP=…|Sum=<kopecks>|Purpose=…|…».

    Keyword arguments are the standard's field names; Sum is Decimal rubles. An empty or None
    optional field is left out; a missing required one, an unknown name or a value the standard
    does not allow raises ValueError with a Russian message."""
    unknown = sorted(set(fields) - FIELDS)
    if unknown:
        raise ValueError(
            "Неизвестные реквизиты QR-кода: "
            + ", ".join(unknown)
            + " (названия — как в ГОСТ Р 56042-2014, с учётом регистра)."
        )
    values: dict[str, str] = {}
    for name in ORDER:
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if name in REQUIRED:
                raise ValueError(f"Не указан обязательный реквизит {_label(name)}.")
            continue
        values[name] = kopecks(value) if name == "Sum" else _text(name, value)  # type: ignore[arg-type]
    body = SEPARATOR.join(f"{name}={values[name]}" for name in ORDER if name in values)
    return f"{HEADER}{UTF8}{SEPARATOR}{body}"


def parse_payload(payload: str) -> dict[str, str]:
    """The fields of a payload written by `payment_qr_payload` (for tests and checks)."""
    if not payload.startswith(HEADER) or len(payload) < 8:
        raise ValueError("Это не платёжный QR-код ГОСТ Р 56042-2014.")
    separator = payload[7]
    result: dict[str, str] = {}
    for part in payload[8:].split(separator):
        if part:
            name, _, value = part.partition("=")
            result[name] = value
    return result
