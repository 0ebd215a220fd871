"""Issue 20, bad input: a bank statement in either encoding or in none, broken, with an amount
written with a comma or negative, a payment of a closed month, the same statement twice — each
refused whole or queued for review with a Russian message, nothing half-imported; bank details
whose control keys fail are refused."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from zabota.billing.models import BankStatement, Charge, LineStatus, Payment, StatementLine
from zabota.billing.services.charges import charges_for_month
from zabota.billing.services.closing import ledger_close
from zabota.billing.services.details import payee_details_save
from zabota.billing.services.statements import statement_import
from zabota.billing.tests.conftest import BANK, bank, decide, frozen, october  # noqa: F401
from zabota.billing.tests.statements import document, statement

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.fixture
def charge(personas, october, bank):  # noqa: F811
    charges_for_month(actor=personas.accountant, month=october)
    return Charge.objects.get(recipient=personas.recipient_of_worker1)


def import_(personas, content: bytes):
    return statement_import(actor=personas.accountant, file_name="kl_to_1c.txt", content=content)


def nothing_imported():
    return not (
        BankStatement.objects.exists() or StatementLine.objects.exists() or Payment.objects.exists()
    )


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8", "cp866"])
def test_a_statement_in_any_encoding_banks_write_books_the_same(personas, charge, encoding):
    record = import_(personas, statement(document("1190.00", charge.number), encoding=encoding))
    assert record.booked == 1
    assert Payment.objects.get().amount == charge.amount
    if encoding != "cp1251":  # the header says Windows: the reader says what it did instead
        assert "прочитан как" in record.warnings


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"1CClientBankExchange\r\n\x98\x98=\x98\x98\r\n", "не читается"),
        ("<html>выписка</html>".encode(), "1CClientBankExchange"),
        (b"", "1CClientBankExchange"),
    ],
)
def test_a_file_in_no_readable_encoding_or_not_a_statement_is_refused(
    personas, charge, content, says
):
    with pytest.raises(ValidationError) as error:
        import_(personas, content)
    assert says in " ".join(error.value.messages)
    assert CYRILLIC.search(" ".join(error.value.messages))
    assert nothing_imported()


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda text: text.replace("Номер=2", "Номер 2"), "Строка"),
        (lambda text: text.replace("КонецФайла", ""), "файл оборван"),
        (
            lambda text: text.replace("КонецДокумента\nСекцияДокумент", "СекцияДокумент", 1),
            "не закрыт",
        ),
    ],
)
def test_a_broken_statement_is_refused_whole(personas, charge, damage, says):
    good = document("1190.00", charge.number, number=1) + document("5.00", "x", number=2)
    text = statement(good).decode("cp1251").replace("\r\n", "\n")
    with pytest.raises(ValidationError) as error:
        import_(personas, damage(text).encode("cp1251"))
    assert says in " ".join(error.value.messages)
    assert nothing_imported()  # the first, good, document is not booked either


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("1190,00", "записана с запятой"),
        ("-1190.00", "отрицательная"),
        ("0.00", "равна нулю"),
        ("тысяча", "не читается"),
    ],
)
def test_a_doubtful_amount_is_queued_not_booked(personas, charge, amount, says):
    record = import_(personas, statement(document(amount, charge.number)))
    assert (record.booked, record.queued) == (0, 1)
    line = StatementLine.objects.get()
    assert line.status == LineStatus.REVIEW and says in line.problem
    assert not Payment.objects.exists()


def test_a_payment_dated_in_a_closed_month_is_queued(personas, charge):
    ledger_close(actor=personas.accountant, month=datetime.date(2026, 10, 1))
    day = datetime.date(2026, 10, 30)
    record = import_(personas, statement(document("1190.00", charge.number, day=day)))
    assert record.queued == 1
    assert "относится к закрытому месяцу 10.2026" in StatementLine.objects.get().problem


def test_the_same_statement_twice_changes_nothing(personas, charge):
    content = statement(document("1190.00", charge.number))
    import_(personas, content)
    before = (Payment.objects.count(), StatementLine.objects.count())
    with pytest.raises(ValidationError, match="уже загружена"):
        import_(personas, content)
    # The same documents in a file that differs (another header) are known, not booked again.
    again = import_(personas, statement(document("1190.00", charge.number), encoding="utf-8"))
    assert (again.booked, again.known) == (0, 1)
    assert (Payment.objects.count(), StatementLine.objects.count()) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"account": "40602810600000000025"}, "account"),
        ({"account": "4060281070000000002"}, "account"),
        ({"correspondent_account": "30101810700000000746"}, "correspondent_account"),
        ({"bic": "04980574"}, "bic"),
        ({"bic": "044525593"}, "account"),
        ({"inn": "7707083894"}, "inn"),
        ({"inn": "770708389312"}, "inn"),
        ({"kpp": "77070100"}, "kpp"),
        ({"name": "ГБУ | КЦСОН"}, "name"),
        ({"bank_name": "Б" * 46}, "bank_name"),
        ({"cbc": "123"}, "cbc"),
        ({"oktmo": "3270"}, "oktmo"),
    ],
)
def test_bank_details_failing_their_checks_are_refused(personas, change, field):
    with pytest.raises(ValidationError) as error:
        payee_details_save(actor=personas.accountant, **(BANK | change))
    assert field in error.value.message_dict
    assert all(CYRILLIC.search(m) for m in error.value.message_dict[field])


def test_valid_bank_details_are_kept(personas):
    details = payee_details_save(actor=personas.accountant, **BANK)
    assert details.account == BANK["account"]
