"""Reading a 1CClientBankExchange statement: tolerant of banks' habits, strict on broken files."""

import datetime
from decimal import Decimal

import pytest

from zabota.rules.bank_statement import StatementError, encode, read_statement

STATEMENT = """1CClientBankExchange
ВерсияФормата=1.03
Кодировка=Windows
Отправитель=Демобанк
ДатаНачала=01.11.2026
ДатаКонца=30.11.2026
РасчСчет=40602810700000000025

СекцияРасчСчет
ДатаНачала=01.11.2026
РасчСчет=40602810700000000025
НачальныйОстаток=0.00
КонецРасчСчет

СекцияДокумент=Платежное поручение
Номер=15
Дата=05.11.2026
Сумма=1234.50
ПлательщикСчет=40817810000000000001
Плательщик=ИНН 0 Иванова Анна Петровна
ПлательщикИНН=
ПолучательСчет=40602810700000000025
ДатаПоступило=06.11.2026
НазначениеПлатежа=Оплата соц. услуг, квитанция № 202611-00001, л/с 00000042
КонецДокумента
СекцияДокумент=Банковский ордер
Номер=3
Дата=07.11.2026
Сумма=500
Плательщик1=Сидоров И. И.
ПлательщикРасчСчет=40817810000000000002
ПолучательСчет=40602810700000000025
НазначениеПлатежа = Оплата
КонецДокумента
КонецФайла
"""


def read(text: str = STATEMENT, encoding: str = "cp1251"):
    return read_statement(encode(text, encoding))


def test_it_reads_the_header_and_every_document():
    statement = read()
    assert statement.account == "40602810700000000025"
    assert statement.date_from == datetime.date(2026, 11, 1)
    assert statement.date_to == datetime.date(2026, 11, 30)
    first, second = statement.documents
    assert first.kind == "Платежное поручение"
    assert first.amount == Decimal("1234.50")
    assert first.booked_on == datetime.date(2026, 11, 6)  # the day it reached the account
    assert first.payer_account == "40817810000000000001"
    assert "202611-00001" in first.purpose
    assert not first.problem
    # Another kind, the other names banks use, spaces around «=», a sum without kopecks.
    assert second.kind == "Банковский ордер"
    assert second.payer == "Сидоров И. И."
    assert second.payer_account == "40817810000000000002"
    assert second.purpose == "Оплата"
    assert second.amount == Decimal("500")
    assert second.booked_on == datetime.date(2026, 11, 7)


@pytest.mark.parametrize("encoding", ["cp1251", "cp866", "utf-8", "utf-8-sig"])
def test_it_reads_every_encoding_banks_write(encoding):
    statement = read(encoding=encoding)
    assert statement.documents[0].purpose.startswith("Оплата соц. услуг")
    assert statement.encoding == ("utf-8" if encoding.startswith("utf") else encoding)


def test_a_header_that_names_another_encoding_is_read_with_a_warning():
    statement = read(encoding="utf-8")
    assert statement.warnings == [
        "В заголовке указана кодировка Windows (1251), а файл записан в UTF-8: прочитан как UTF-8."
    ]
    assert read(STATEMENT.replace("Кодировка=Windows", "Кодировка=DOS"), "cp866").warnings == []


def test_crlf_lf_and_blank_lines_read_the_same():
    assert [d.fingerprint for d in read_statement(STATEMENT.encode("utf-8")).documents] == [
        d.fingerprint for d in read().documents
    ]


def test_the_same_payment_has_the_same_fingerprint_and_another_one_another():
    first = read().documents[0]
    other = read(STATEMENT.replace("Номер=15", "Номер=16")).documents[0]
    assert first.fingerprint == read(encoding="cp866").documents[0].fingerprint
    assert first.fingerprint != other.fingerprint


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        ("1234,50", "записана с запятой"),
        ("1 234,50", "записана с запятой"),
        ("-1234.50", "отрицательная"),
        ("0.00", "равна нулю"),
        ("", "не указана сумма"),
        ("двести", "не читается"),
        ("12.345", "не читается"),
        ("1e3", "не читается"),
    ],
)
def test_a_document_with_a_doubtful_amount_is_kept_with_its_problem(amount, problem):
    document = read(STATEMENT.replace("Сумма=1234.50", f"Сумма={amount}")).documents[0]
    assert problem in document.problem
    assert document.amount is None or document.amount == 0


def test_a_document_with_a_bad_date_is_kept_with_its_problem():
    document = read(STATEMENT.replace("Дата=05.11.2026", "Дата=2026-11-05")).documents[0]
    assert "не в виде ДД.ММ.ГГГГ" in document.problem


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda t: t.replace("1CClientBankExchange\n", ""), "1CClientBankExchange"),
        (lambda t: "<html>" + t, "1CClientBankExchange"),
        (lambda t: t.replace("КонецФайла\n", ""), "файл оборван"),
        (lambda t: t.replace("Номер=15", "Номер 15"), "Строка 16: Ожидалась строка"),
        (lambda t: t.replace("КонецДокумента\nСекцияДокумент", "СекцияДокумент", 1), "не закрыт"),
        (lambda t: t.replace("КонецДокумента\nКонецФайла", "КонецФайла"), "не закрыт"),
        (lambda t: t.rsplit("КонецДокумента", 1)[0], "файл оборван"),
        (lambda t: t + "Номер=99\n", "после «КонецФайла»"),
        (
            lambda t: t.replace("СекцияДокумент=Банковский", "КонецДокумента\nСекцияДокумент=Б"),
            "без начала",
        ),
    ],
)
def test_a_broken_file_is_refused_whole_with_the_line(change, says):
    with pytest.raises(StatementError) as error:
        read(change(STATEMENT))
    assert says in str(error.value)


def test_bytes_readable_in_no_encoding_are_refused():
    data = b"1CClientBankExchange\r\n\x98\x98\x98=\x98\r\n"
    with pytest.raises(StatementError, match="не читается"):
        read_statement(data)
