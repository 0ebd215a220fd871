"""The payment QR code's text (ГОСТ Р 56042-2014): a table of cases, then the refusals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zabota.rules.payment_qr import (
    MAX_LENGTH,
    ORDER,
    REQUIRED,
    kopecks,
    parse_payload,
    payment_qr_payload,
)

PAYEE = {
    "Name": "ГБУ «КЦСОН Тестовый»",
    "PersonalAcc": "40602810700000000025",
    "BankName": "ПАО «Демобанк»",
    "BIC": "049805746",
    "CorrespAcc": "30101810800000000746",
}
HEAD = (
    "ST00012|Name=ГБУ «КЦСОН Тестовый»|PersonalAcc=40602810700000000025|"
    "BankName=ПАО «Демобанк»|BIC=049805746|CorrespAcc=30101810800000000746"
)


@pytest.mark.parametrize(
    ("extra", "tail"),
    [
        ({}, ""),
        # The order: INN and KPP, the sum in kopecks, the purpose, the payer, the account.
        (
            {
                "PayeeINN": "4205001234",
                "KPP": "420501001",
                "Sum": Decimal("1234.50"),
                "Purpose": "Оплата социальных услуг за 11.2026",
                "LastName": "Иванова",
                "FirstName": "Мария",
                "MiddleName": "Петровна",
                "PersAcc": "00000042",
            },
            "|PayeeINN=4205001234|KPP=420501001|Sum=123450|"
            "Purpose=Оплата социальных услуг за 11.2026|LastName=Иванова|FirstName=Мария|"
            "MiddleName=Петровна|PersAcc=00000042",
        ),
        # Whatever order the caller names them in, the text is the same.
        (
            {"PersAcc": "7", "Sum": Decimal("1"), "LastName": "Ли", "KPP": "4205AB001"},
            "|KPP=4205AB001|Sum=100|LastName=Ли|PersAcc=7",
        ),
        ({"Sum": Decimal("0.01")}, "|Sum=1"),
        ({"Sum": Decimal("1500")}, "|Sum=150000"),
        ({"Sum": 1500}, "|Sum=150000"),
        ({"Sum": Decimal("1234.5")}, "|Sum=123450"),
        ({"Sum": Decimal("1.10")}, "|Sum=110"),
        ({"Sum": Decimal("9999999999999999.99")}, "|Sum=999999999999999999"),
        # Empty and None optional fields are left out; values are trimmed.
        ({"KPP": "", "Purpose": None, "PersAcc": "  12 "}, "|PersAcc=12"),
        # Budget payee: КБК and ОКТМО after the payer's account (the standard's table order).
        (
            {"CBC": "00000000000000000130", "OKTMO": "32701000", "PersAcc": "1"},
            "|PersAcc=1|CBC=00000000000000000130|OKTMO=32701000",
        ),
        ({"CorrespAcc": "0"}, None),
        # «=» inside a value is harmless: a reader splits each field at its first «=».
        ({"Purpose": "Оплата: сумма=1 000"}, "|Purpose=Оплата: сумма=1 000"),
        ({"Name": "Я" * 160}, None),
        ({"Purpose": "п" * 210}, "|Purpose=" + "п" * 210),
    ],
)
def test_it_writes_the_payload(extra, tail):
    payload = payment_qr_payload(**(PAYEE | extra))
    assert payload.startswith("ST00012|Name=")
    if tail is None:
        assert parse_payload(payload) == {k: v.strip() for k, v in (PAYEE | extra).items()}
    else:
        assert payload == HEAD + tail


def test_the_required_fields_come_first_in_the_standards_order():
    reversed_call = dict(reversed(list((PAYEE | {"Sum": Decimal(5), "PersAcc": "1"}).items())))
    names = [part.split("=")[0] for part in payment_qr_payload(**reversed_call).split("|")[1:]]
    assert names[:5] == list(REQUIRED) == ["Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc"]


def test_the_marker_says_utf8_and_the_text_encodes_as_utf8():
    payload = payment_qr_payload(**PAYEE)
    assert payload[:8] == "ST00012|"
    assert payload.encode("utf-8").decode("utf-8") == payload


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"Name": "ООО «А|Б»"}, "«|»"),
        ({"Purpose": "за ноябрь | декабрь"}, "«|»"),
        ({"LastName": "Ива|нова"}, "«|»"),
        ({"Purpose": "две\nстроки"}, "перевод строки"),
        ({"Name": ""}, "обязательный реквизит «наименование получателя платежа» (Name)"),
        ({"Name": "   "}, "обязательный реквизит"),
        ({"BIC": None}, "обязательный реквизит «БИК» (BIC)"),
        ({"Name": "Я" * 161}, "длиннее 160"),
        ({"BankName": "Б" * 46}, "длиннее 45"),
        ({"Purpose": "п" * 211}, "длиннее 210"),
        ({"PersonalAcc": "4060281070000000002"}, "20 цифр"),
        ({"PersonalAcc": "406028107000000000250"}, "длиннее 20"),
        ({"PersonalAcc": "4060281070000000002A"}, "20 цифр"),
        ({"BIC": "04980574"}, "9 цифр"),
        ({"BIC": "04980574X"}, "9 цифр"),
        ({"CorrespAcc": "301018108000000007"}, "20 цифр"),
        ({"PayeeINN": "42050012"}, "10 или 12 цифр"),
        ({"PayeeINN": "4205001234567"}, "длиннее 12"),
        ({"KPP": "42050100"}, "9 знаков"),
        ({"KPP": "4205ab001"}, "9 знаков"),
        ({"Sum": Decimal("0")}, "больше нуля"),
        ({"Sum": Decimal("-10.00")}, "больше нуля"),
        ({"Sum": Decimal("10.005")}, "целые копейки"),
        ({"Sum": Decimal("10000000000000000")}, "18 цифр"),
        ({"Sum": 12.5}, "Decimal"),
        ({"Sum": "100"}, "Decimal"),
        ({"Sum": True}, "Decimal"),
        ({"Sum": Decimal("NaN")}, "не число"),
        ({"sum": Decimal(1)}, "Неизвестные реквизиты QR-кода: sum"),
        ({"Payee": "x"}, "Неизвестные реквизиты"),
        ({"PersAcc": 42}, "нужен текст"),
    ],
)
def test_it_refuses_what_the_standard_does_not_allow(extra, says):
    with pytest.raises(ValueError) as error:
        payment_qr_payload(**(PAYEE | extra))
    assert says in str(error.value)


def test_a_missing_required_field_is_named():
    fields = dict(PAYEE)
    del fields["CorrespAcc"]
    with pytest.raises(ValueError, match="CorrespAcc"):
        payment_qr_payload(**fields)


def test_the_limits_table_names_only_fields_of_the_standard():
    assert set(MAX_LENGTH) <= set(ORDER)
    assert len(ORDER) == len(set(ORDER))


@given(st.integers(min_value=1, max_value=10**18 - 1))
def test_any_sum_in_kopecks_comes_back_exactly(cents):
    assert kopecks(Decimal(cents) / 100) == str(cents)
    payload = payment_qr_payload(**PAYEE, Sum=Decimal(cents) / 100)
    assert parse_payload(payload)["Sum"] == str(cents)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=210))
def test_any_purpose_without_a_separator_reads_back(text):
    text = text.replace("|", "")
    if len(text.strip()) == 0:
        return
    # C1 controls (U+0080–U+009F) are category Cc, excluded above.
    assert parse_payload(payment_qr_payload(**PAYEE, Purpose=text))["Purpose"] == text.strip()
