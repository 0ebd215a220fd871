"""Receipts: the payment QR code a bank app reads back with the right sum, the debt and the
overpayment before the charge, a month's receipts in bulk."""

import io
import zipfile

import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from docx import Document
from PIL import Image

from zabota.billing.models import Channel, Charge
from zabota.billing.receipts import qr_png, receipts_bulk
from zabota.billing.selectors import personal_account
from zabota.billing.services.charges import charges_for_month
from zabota.billing.services.payments import payment_record
from zabota.billing.tests.conftest import BANK, NOVEMBER, OCTOBER, D, log
from zabota.documents.rendering import docx_text
from zabota.documents.services import document_issue
from zabota.rules.payment_qr import parse_payload

pytestmark = pytest.mark.django_db


def decoded(png: bytes) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def pictures(docx: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def issue(personas, charge):
    return document_issue(
        actor=personas.accountant,
        kind="receipt",
        recipient=charge.recipient,
        related=charge,
        params={"period": f"{charge.service_month:%Y-%m}"},
    )


@pytest.fixture
def charged(personas, october, bank):
    charges_for_month(actor=personas.accountant, month=october)
    return Charge.objects.get(recipient=personas.recipient_of_worker1)


def test_the_qr_code_reads_back_as_the_same_text():
    payload = "ST00012|Name=ГБУ «КЦСОН»|PersonalAcc=40602810700000000025|Sum=119000|Purpose=№ 1"
    assert decoded(qr_png(payload)) == [payload]


def test_a_receipts_qr_code_decodes_to_the_payee_and_the_sum_due(personas, charged):
    document = issue(personas, charged)
    (png,) = pictures(bytes(document.content))
    (text,) = decoded(png)
    fields = parse_payload(text)
    assert text.startswith("ST00012|Name=")
    assert fields["Sum"] == "119000"
    assert fields["PersonalAcc"] == BANK["account"] and fields["BIC"] == BANK["bic"]
    assert fields["PayeeINN"] == BANK["inn"] and fields["KPP"] == BANK["kpp"]
    account = personal_account(personas.recipient_of_worker1.pk)
    assert fields["PersAcc"] == account
    assert fields["LastName"] == "Иванова"
    assert charged.number in fields["Purpose"] and f"л/с {account}" in fields["Purpose"]
    text_of_receipt = docx_text(bytes(document.content))
    assert charged.number in text_of_receipt and "1 190,00" in text_of_receipt


def test_the_receipt_adds_the_debt_and_takes_off_the_overpayment(personas, charged, catalog):
    log(personas.worker1, personas.recipient_of_worker1, catalog.shopping, 2, 2, month=11)
    charges_for_month(actor=personas.accountant, month=NOVEMBER)
    november = Charge.objects.get(recipient=personas.recipient_of_worker1, service_month=NOVEMBER)
    # October unpaid: November's receipt asks for both months.
    (png,) = pictures(bytes(issue(personas, november).content))
    assert parse_payload(decoded(png)[0])["Sum"] == "130000"
    # Paid 2 000,00 in November: 700,00 over, which the receipt takes off.
    payment_record(
        actor=personas.accountant,
        recipient=personas.recipient_of_worker1,
        amount=D("2000.00"),
        paid_on=NOVEMBER.replace(day=20),
        channel=Channel.CASH_OFFICE,
    )
    text = docx_text(bytes(issue(personas, november).content))
    assert "Платить по этому извещению не нужно" in text
    assert not pictures(bytes(issue(personas, november).content))


def test_a_receipt_needs_the_bank_details(personas, october):
    charges_for_month(actor=personas.accountant, month=october)
    charge = Charge.objects.get(recipient=personas.recipient_of_worker1)
    with pytest.raises(ValidationError, match="Реквизиты получателя платежа не заполнены"):
        issue(personas, charge)


def test_a_months_receipts_come_in_bulk_each_with_its_sum(personas, charged, html_engine):
    run = receipts_bulk(actor=personas.accountant, month=OCTOBER)
    assert len(run.documents) == 2 and run.skipped == []
    sums = set()
    for document in run.documents:
        (png,) = pictures(bytes(document.content))
        sums.add(parse_payload(decoded(png)[0])["Sum"])
    assert sums == {"119000", "16500"}
    with zipfile.ZipFile(io.BytesIO(run.zip_bytes())) as archive:
        assert len(archive.namelist()) == 2
    assert run.pdf.startswith(b"%PDF")
    assert Document(io.BytesIO(bytes(run.documents[0].content))).paragraphs


@pytest.fixture
def html_engine(settings):
    settings.ZABOTA_PDF_ENGINE = "html"
