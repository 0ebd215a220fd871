"""The turnover statement balances for every recipient and month, arrears by age add up to the
debt, and the accountant's files carry the documented columns."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
import time_machine
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from zabota.billing.demo import demo_statement
from zabota.billing.exports import (
    CHARGE_COLUMNS,
    PAYMENT_COLUMNS,
    charges_table,
    payments_table,
    summary_table,
    table_to_csv,
)
from zabota.billing.models import BankStatement, Channel, Charge, PaymentKind, StatementLine
from zabota.billing.receipts import receipts_bulk
from zabota.billing.selectors import (
    age_debt,
    arrears,
    balance_of,
    charge_due,
    month_charges,
    month_payments,
    next_month,
    turnover,
)
from zabota.billing.services.charges import charge_adjust, charges_for_month
from zabota.billing.services.payments import payment_record
from zabota.billing.tests.conftest import NOVEMBER, OCTOBER, D, log
from zabota.core.demo import DemoContext, run_steps
from zabota.rules.payment_qr import parse_payload

pytestmark = pytest.mark.django_db
SEPTEMBER, AUGUST = datetime.date(2026, 9, 1), datetime.date(2026, 8, 1)


@pytest.mark.parametrize(
    ("charged", "paid", "expected"),
    [
        ({OCTOBER: D(100)}, D(0), {"1": D(100), "2-3": D(0), "4+": D(0)}),
        ({SEPTEMBER: D(100), OCTOBER: D(100)}, D(0), {"1": D(100), "2-3": D(100), "4+": D(0)}),
        # Payments settle the oldest charge first.
        ({SEPTEMBER: D(100), OCTOBER: D(100)}, D(150), {"1": D(50), "2-3": D(0), "4+": D(0)}),
        ({AUGUST: D(100), SEPTEMBER: D(100)}, D(0), {"1": D(0), "2-3": D(200), "4+": D(0)}),
        ({datetime.date(2026, 7, 1): D(80)}, D(0), {"1": D(0), "2-3": D(0), "4+": D(80)}),
        # A negative correction counts as money in.
        ({SEPTEMBER: D(100), OCTOBER: D(-30)}, D(0), {"1": D(0), "2-3": D(70), "4+": D(0)}),
        # Overpaid: no debt at all.
        ({OCTOBER: D(100)}, D(130), {"1": D(0), "2-3": D(0), "4+": D(0)}),
    ],
)
def test_arrears_are_split_by_age_oldest_paid_first(charged, paid, expected):
    assert age_debt(charged, paid, OCTOBER) == expected


@pytest.fixture
def history(personas, october, catalog):
    """October and November charged; payments, a refund, a correction, an overpayment."""
    accountant = personas.accountant
    charges_for_month(actor=accountant, month=october)
    log(personas.worker1, personas.recipient_of_worker1, catalog.shopping, 2, 3, month=11)
    log(
        personas.worker_other_department,
        personas.recipient_in_department2,
        catalog.shopping,
        4,
        2,
        month=11,
    )
    charges_for_month(actor=accountant, month=NOVEMBER)
    for recipient, amount, kind in [
        (personas.recipient_of_worker1, "1000.00", PaymentKind.PAYMENT),
        (personas.recipient_in_department2, "400.00", PaymentKind.PAYMENT),
        (personas.recipient_in_department2, "50.00", PaymentKind.REFUND),
    ]:
        payment_record(
            actor=accountant,
            recipient=recipient,
            amount=D(amount),
            paid_on=datetime.date(2026, 11, 5),
            channel=Channel.BANK,
            kind=kind,
        )
    charge_adjust(
        actor=accountant,
        recipient=personas.recipient_of_worker1,
        service_month=october,
        amount=D("-90.00"),
        reason="перерасчёт",
    )


def test_the_turnover_statement_balances_for_every_recipient_and_month(personas, history):
    for month in (SEPTEMBER, OCTOBER, NOVEMBER):
        statement = turnover(personas.accountant, month)
        following = {
            (r.recipient.pk, r.department.pk): r
            for r in turnover(personas.accountant, next_month(month)).rows
        }
        for row in statement.rows:
            assert row.opening + row.charged - row.paid == row.closing
            assert following[row.recipient.pk, row.department.pk].opening == row.closing
        totals = statement.totals()
        assert totals["opening"] + totals["charged"] - totals["paid"] == totals["closing"]
    november = {r.recipient.pk: r for r in turnover(personas.accountant, NOVEMBER).rows}
    first = november[personas.recipient_of_worker1.pk]
    # October's correction of −90,00 is booked in October, which is open.
    assert (first.opening, first.charged, first.paid, first.closing) == (
        D("1100.00"),
        D("165.00"),  # 3 × 55,00
        D("1000.00"),
        D("265.00"),
    )
    third = november[personas.recipient_in_department2.pk]
    assert (third.opening, third.charged, third.paid, third.closing) == (
        D("165.00"),
        D("110.00"),
        D("350.00"),  # 400,00 paid less 50,00 refunded
        D("-75.00"),  # an overpayment
    )
    assert first.closing == balance_of(personas.recipient_of_worker1)


def test_each_department_sums_to_the_institution(personas, history):
    statement = turnover(personas.accountant, NOVEMBER)
    groups = statement.by_department()
    assert [d for d, _, _ in groups] == [personas.department1, personas.department2]
    assert sum(sums["closing"] for _, _, sums in groups) == statement.totals()["closing"]
    # The head of department 2 sees its own rows only.
    own = turnover(personas.head2, NOVEMBER)
    assert {r.department for r in own.rows} == {personas.department2}


def test_arrears_add_up_to_the_debts_of_the_statement(personas, history):
    rows = arrears(personas.accountant, NOVEMBER)
    debts = {
        r.recipient.pk: r.closing
        for r in turnover(personas.accountant, NOVEMBER).rows
        if r.closing > 0
    }
    assert {r.recipient.pk: r.total for r in rows} == debts
    (row,) = rows
    assert row.buckets == {"1": D("165.00"), "2-3": D("100.00"), "4+": D(0)}


def test_the_files_for_accounting_have_their_columns_and_sums(personas, history):
    charges = month_charges(personas.accountant, NOVEMBER)
    payments = month_payments(personas.accountant, NOVEMBER)
    table = charges_table(charges, NOVEMBER)
    csv = table_to_csv(table).decode("utf-8-sig").splitlines()
    assert csv[0].split(";") == [c.header for c in CHARGE_COLUMNS]
    assert len(csv) == 1 + charges.count()
    assert [c.header for c in payments_table(payments, NOVEMBER).columns] == [
        c.header for c in PAYMENT_COLUMNS
    ]
    summary = summary_table(charges, payments, NOVEMBER)
    assert summary.totals[1] == sum(c.amount for c in charges)
    assert summary.totals[3] == D("1400.00") and summary.totals[4] == D("50.00")
    assert ";1000,00;" in table_to_csv(payments_table(payments, NOVEMBER)).decode("utf-8-sig")


# ---- the demo --------------------------------------------------------------------------------

DEMO_TODAY = datetime.date(2026, 12, 5)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        time_machine.travel(datetime.datetime(2026, 12, 5, 10, 0), tick=False),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        ctx = DemoContext(recipients=40, months=3, today=DEMO_TODAY, log=lambda *_: None)
        run_steps(ctx)
        yield ctx
        transaction.set_rollback(True)


def test_on_the_demo_every_recipients_turnover_balances(demo):
    accountant = demo.staff["accountant1"]
    months = demo.month_starts()
    assert Charge.objects.filter(institution=demo.institution).exists()
    for month in months:
        for row in turnover(accountant, month).rows:
            assert row.opening + row.charged - row.paid == row.closing, row.recipient


def test_on_the_demo_the_receipts_decode_to_the_sums_due(demo):
    accountant = demo.staff["accountant1"]
    last = demo.month_starts()[-2]
    with time_machine.travel(datetime.datetime(2026, 12, 5, 10, 0), tick=False):
        run = receipts_bulk(actor=accountant, month=last, with_pdf=False)
    charges = {c.number: c for c in Charge.objects.filter(institution=demo.institution, month=last)}
    assert len(run.documents) == len(charges) > 10
    for document in run.documents:
        with zipfile.ZipFile(io.BytesIO(bytes(document.content))) as archive:
            media = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
        number = document.title.removeprefix("Квитанция № ")
        due = charge_due(charges[number])
        if due <= 0:
            assert media == []
            continue
        (text,) = [c.text for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(media[0])))]
        assert parse_payload(text)["Sum"] == str(int(due * 100))


def test_on_the_demo_the_statement_matched_most_payments_and_listed_the_rest(demo):
    lines = StatementLine.objects.filter(institution=demo.institution)
    booked = lines.filter(status="booked").count()
    waiting = lines.filter(status="review").count()
    assert booked > 2 * waiting > 0
    assert Decimal(0) <= sum(
        r.total for r in arrears(demo.staff["accountant1"], demo.month_starts()[-1])
    )


def test_on_the_demo_the_statement_left_to_import_uploads_books_most_and_lists_the_rest(demo):
    accountant = demo.staff["accountant1"]
    last = demo.month_starts()[-2]
    with time_machine.travel(datetime.datetime(2026, 12, 5, 10, 0), tick=False):
        content = demo_statement(
            demo.institution,
            list(Charge.objects.filter(institution=demo.institution, month=last)),
            paid_in=demo.month_starts()[-1],
            today=DEMO_TODAY,
            seed=demo.seed + 1,
        )
        client = Client()
        client.force_login(accountant.user)
        upload = SimpleUploadedFile("kl_to_1c.txt", content, content_type="text/plain")
        response = client.post(reverse("billing:statements"), {"file": upload})
    statement = BankStatement.objects.filter(institution=demo.institution).latest("pk")
    assert response.status_code == 302 and statement.file_name == "kl_to_1c.txt"
    assert statement.booked > 2 * statement.queued > 0
    assert (
        statement.queued
        == StatementLine.objects.filter(statement=statement, status="review").count()
    )
