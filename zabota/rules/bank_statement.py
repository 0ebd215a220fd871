"""Reading a bank statement in the 1CClientBankExchange text format most Russian banks export
for accounting programs («Стандарт обмена с системами Клиент банка», 1С, версии 1.02–1.03).

The file is lines of «Ключ=Значение»: a header («1CClientBankExchange», ВерсияФормата,
Кодировка=Windows or DOS, Отправитель, ДатаНачала, ДатаКонца, РасчСчет), an optional
«СекцияРасчСчет … КонецРасчСчет» with the balances, then one «СекцияДокумент=<вид> …
КонецДокумента» per payment document (Номер, Дата, Сумма, Плательщик / Плательщик1,
ПлательщикСчет / ПлательщикРасчСчет, ПлательщикИНН, Получатель…, ПолучательСчет,
ДатаСписано, ДатаПоступило, НазначениеПлатежа, …), and «КонецФайла».

Tolerant where banks differ, strict where a mistake would lose money:
- the encoding: bytes that are valid UTF-8 are read as UTF-8 whatever «Кодировка» says (the
  same Cyrillic text in windows-1251 is practically never valid UTF-8), otherwise as the header
  says (Windows → windows-1251, DOS → cp866); a header that disagrees gives a warning, not a
  refusal. A byte-order mark, CR LF or LF, blank lines, spaces around «=» are all accepted.
- the structure: a line that is not «Ключ=Значение» inside a document, a document not closed
  before the next one or the end, a file without its header or without «КонецФайла» (a cut
  download) are refused as a whole with the line number (StatementError).
- a document's own problems (an amount written with a comma, negative or zero, a date that is
  not ДД.ММ.ГГГГ) do not refuse the file: the document carries a `problem` and the importer
  puts it on the review list instead of booking it.

No Django here: plain bytes and text in, dataclasses out.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

MARKER = "1CClientBankExchange"
END_OF_FILE = "КонецФайла"
DOCUMENT = "СекцияДокумент"
END_OF_DOCUMENT = "КонецДокумента"
ACCOUNT_SECTION = "СекцияРасчСчет"
END_OF_ACCOUNT_SECTION = "КонецРасчСчет"
_AMOUNT = re.compile(r"\d{1,15}(\.\d{1,2})?")
_DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}")
# The fields of a document that say which payment it is: the same payment in two statements
# (days that overlap) has the same fingerprint.
IDENTITY_FIELDS = (
    "Номер",
    "Дата",
    "Сумма",
    "ПлательщикСчет",
    "ПлательщикИНН",
    "ПолучательСчет",
    "ДатаПоступило",
    "НазначениеПлатежа",
)


class StatementError(ValueError):
    """A file that cannot be read as a statement: the message says why, in Russian."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Строка {line}: {message}" if line else message)


@dataclass
class StatementDocument:
    """One payment document of the statement, with its raw fields and their reading."""

    kind: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    amount: Decimal | None = None
    date: datetime.date | None = None
    received_on: datetime.date | None = None
    problem: str = ""

    def get(self, key: str) -> str:
        return self.fields.get(key, "")

    @property
    def number(self) -> str:
        return self.get("Номер")

    @property
    def payer(self) -> str:
        return self.get("Плательщик1") or self.get("Плательщик")

    @property
    def payer_account(self) -> str:
        return self.get("ПлательщикСчет") or self.get("ПлательщикРасчСчет")

    @property
    def payer_inn(self) -> str:
        return self.get("ПлательщикИНН")

    @property
    def recipient_account(self) -> str:
        return self.get("ПолучательСчет") or self.get("ПолучательРасчСчет")

    @property
    def purpose(self) -> str:
        return self.get("НазначениеПлатежа")

    @property
    def booked_on(self) -> datetime.date | None:
        """The day the money reached the account, else the document's date."""
        return self.received_on or self.date

    @property
    def fingerprint(self) -> str:
        text = "\x1f".join([self.kind, *(self.get(k) for k in IDENTITY_FIELDS)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Statement:
    header: dict[str, str]
    documents: list[StatementDocument]
    encoding: str
    warnings: list[str] = field(default_factory=list)

    @property
    def account(self) -> str:
        return self.header.get("РасчСчет", "")

    @property
    def date_from(self) -> datetime.date | None:
        return _date(self.header.get("ДатаНачала", ""))

    @property
    def date_to(self) -> datetime.date | None:
        return _date(self.header.get("ДатаКонца", ""))


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    if not _DATE.fullmatch(text):
        return None
    try:
        return datetime.datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        return None


def _declared(text: str) -> str:
    """The encoding the header names, as a Python codec: Windows → cp1251, DOS → cp866."""
    match = re.search(r"^\s*Кодировка\s*=\s*(\S*)", text, re.MULTILINE)
    name = match.group(1).lower() if match else ""
    if name.startswith("windows") or name == "cp1251":
        return "cp1251"
    if name.startswith("dos") or name == "cp866":
        return "cp866"
    if name.replace("-", "") == "utf8":
        return "utf-8"
    return ""


_NAMES = {"cp1251": "Windows (1251)", "cp866": "DOS (866)", "utf-8": "UTF-8"}


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding used, warnings) of the file's bytes. UTF-8 first: the Cyrillic of a
    windows-1251 or cp866 file is practically never valid UTF-8; then the one-byte encoding in
    which the header's own words («Кодировка», «СекцияДокумент») read."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.lstrip().startswith(MARKER.encode("ascii")):
        raise StatementError(
            "Это не выписка в формате 1С: файл должен начинаться со строки «1CClientBankExchange»."
        )
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        for candidate in ("cp1251", "cp866"):
            try:
                text = data.decode(candidate)
            except UnicodeDecodeError:
                continue
            if "Кодировка" in text or DOCUMENT in text:
                encoding = candidate
                break
        else:
            raise StatementError(
                "Файл не читается ни в UTF-8, ни в Windows-1251, ни в DOS (866): "
                "выгрузите выписку из банка заново."
            ) from None
    declared = _declared(text)
    warnings: list[str] = []
    if not declared:
        warnings.append(f"В файле не указана кодировка: прочитан как {_NAMES[encoding]}.")
    elif declared != encoding and not text.isascii():
        warnings.append(
            f"В заголовке указана кодировка {_NAMES[declared]}, а файл записан в "
            f"{_NAMES[encoding]}: прочитан как {_NAMES[encoding]}."
        )
    return text, encoding, warnings


def _document_amount(document: StatementDocument) -> None:
    raw = document.get("Сумма").strip()
    if not raw:
        document.problem = "В документе не указана сумма."
    elif raw.startswith("-"):
        document.problem = f"Сумма отрицательная ({raw}): такой платёж не зачисляется."
    elif "," in raw and re.fullmatch(r"[\d\s]+,\d{1,2}", raw):
        document.problem = (
            f"Сумма «{raw}» записана с запятой, а в формате 1С — с точкой: проверьте её и "
            "зачислите вручную."
        )
    elif not _AMOUNT.fullmatch(raw):
        document.problem = f"Сумма «{raw}» не читается как число рублей с копейками."
    else:
        amount = Decimal(raw)
        if amount == 0:
            document.problem = "Сумма документа равна нулю."
        document.amount = amount


def _document_dates(document: StatementDocument) -> None:
    document.date = _date(document.get("Дата"))
    received = document.get("ДатаПоступило").strip()
    document.received_on = _date(received) if received else None
    if document.date is None and not document.problem:
        document.problem = f"Дата документа «{document.get('Дата')}» не в виде ДД.ММ.ГГГГ."
    elif received and document.received_on is None and not document.problem:
        document.problem = f"Дата поступления «{received}» не в виде ДД.ММ.ГГГГ."


def parse(text: str) -> tuple[dict[str, str], list[StatementDocument]]:
    """The header and the documents of a decoded statement; StatementError on a broken file."""
    lines = text.splitlines()
    if not lines or lines[0].strip().lstrip("\ufeff") != MARKER:
        raise StatementError("Первая строка файла должна быть «1CClientBankExchange».", 1)
    header: dict[str, str] = {}
    documents: list[StatementDocument] = []
    current: StatementDocument | None = None
    in_account = False
    ended = False
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        if not line:
            continue
        if ended:
            raise StatementError("Текст после «КонецФайла»: файл испорчен.", number)
        key, sign, value = (part.strip() for part in line.partition("="))
        if key == DOCUMENT and sign:
            if current is not None:
                raise StatementError(
                    f"Документ со строки {current.line} не закрыт строкой «КонецДокумента».",
                    number,
                )
            if in_account:
                raise StatementError("Раздел «СекцияРасчСчет» не закрыт.", number)
            current = StatementDocument(kind=value, line=number)
            continue
        if line == END_OF_DOCUMENT:
            if current is None:
                raise StatementError("«КонецДокумента» без начала документа.", number)
            documents.append(current)
            current = None
            continue
        if line == ACCOUNT_SECTION:
            in_account = True
            continue
        if line == END_OF_ACCOUNT_SECTION:
            in_account = False
            continue
        if line == END_OF_FILE:
            if current is not None:
                raise StatementError(
                    f"Документ со строки {current.line} не закрыт строкой «КонецДокумента».",
                    number,
                )
            ended = True
            continue
        if not sign or not key:
            raise StatementError(
                f"Ожидалась строка вида «Ключ=Значение», а записано «{line[:60]}».", number
            )
        if current is not None:
            current.fields.setdefault(key, value)
        elif not in_account:
            header.setdefault(key, value)
    if current is not None:
        raise StatementError(
            f"Документ со строки {current.line} не закрыт: файл оборван.", len(lines)
        )
    if not ended:
        raise StatementError("В файле нет строки «КонецФайла»: файл оборван, выгрузите его заново.")
    for document in documents:
        _document_amount(document)
        _document_dates(document)
    return header, documents


def read_statement(data: bytes) -> Statement:
    """A statement from a file's bytes: decoded, parsed, each document read."""
    text, encoding, warnings = decode(data)
    header, documents = parse(text)
    return Statement(header=header, documents=documents, encoding=encoding, warnings=warnings)


def encode(text: str, encoding: str = "cp1251") -> bytes:
    """A statement's text as a bank writes it (for the demo file and tests)."""
    return text.replace("\n", "\r\n").encode(encoding)
