"""The accountant's pages, the worker's view of a balance on the card, the act's debt line."""

import datetime
import io

import pytest
from django.urls import reverse

from zabota.acts.documents import NEUTRAL_FIELDS, act_context, contributed_fields
from zabota.billing.models import BankStatement, Charge, PayeeDetails, Payment
from zabota.billing.services.charges import charges_for_month
from zabota.billing.services.payments import payment_record
from zabota.billing.tests.conftest import BANK, NOVEMBER, OCTOBER, D, log
from zabota.billing.tests.statements import document, statement
from zabota.core.navigation import menu_for
from zabota.documents.kinds import IssueRequest
from zabota.jobs.models import Job
from zabota.testing import xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def charged(personas, october, bank):
    charges_for_month(actor=personas.accountant, month=october)
    return Charge.objects.get(recipient=personas.recipient_of_worker1)


def test_the_accountant_finds_the_pages_in_the_menu_and_a_worker_does_not(personas):
    labels = {label for _, items in menu_for(personas.accountant) for label, _ in items}
    assert {"Оплата услуг", "Выписки банка"} <= labels
    worker = {label for _, items in menu_for(personas.worker1) for label, _ in items}
    assert not {"Оплата услуг", "Выписки банка"} & worker


def test_the_months_charges_are_listed_with_their_total(
    personas, charged, django_assert_max_num_queries
):
    client = personas.client_for(personas.accountant)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("billing:index"), {"month": "2026-10"})
    assert response.status_code == 200
    text = response.content.decode()
    assert charged.number in text and "1 355,00" in text  # 1 190,00 + 165,00
    rows = xlsx_rows(
        client.get(reverse("billing:index"), {"month": "2026-10", "format": "xlsx"}).content
    )
    assert any(charged.number in map(str, row) for row in rows)


def test_the_turnover_page_and_its_file(personas, charged, django_assert_max_num_queries):
    client = personas.client_for(personas.accountant)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("billing:turnover"), {"month": "2026-10"})
    assert "1 190,00" in response.content.decode()
    content = client.get(
        reverse("billing:turnover"), {"month": "2026-10", "format": "xlsx"}
    ).content
    assert any("Итого" in map(str, row) for row in xlsx_rows(content))
    assert client.get(reverse("billing:arrears"), {"month": "2026-10"}).status_code == 200


def test_a_worker_sees_the_balance_of_their_recipient_on_the_card_only(personas, charged):
    worker = personas.client_for(personas.worker1)
    card = worker.get(reverse("recipients:card", args=[personas.recipient_of_worker1.pk]))
    assert "Задолженность: 1 190,00 ₽" in card.content.decode()
    assert "Расчёты полностью" not in card.content.decode()
    assert (
        worker.get(reverse("billing:ledger", args=[personas.recipient_of_worker1.pk])).status_code
        == 403
    )
    other = worker.get(reverse("recipients:card", args=[personas.recipient_in_department2.pk]))
    assert other.status_code == 404


def test_a_payment_entered_on_the_page_settles_the_ledger(personas, charged):
    client = personas.client_for(personas.accountant)
    url = reverse("billing:payment_new", args=[personas.recipient_of_worker1.pk])
    response = client.post(
        url,
        {
            "kind": "payment",
            "channel": "cash_worker",
            "amount": "1 190,00",
            "paid_on": "2026-11-10",
            "charge": str(charged.pk),
            "worker": str(personas.worker1.pk),
        },
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.charge, payment.worker, payment.amount) == (
        charged,
        personas.worker1,
        D("1190.00"),
    )
    ledger = client.get(reverse("billing:ledger", args=[personas.recipient_of_worker1.pk]))
    assert "задолженности нет" in ledger.content.decode()
    refused = client.post(
        url, {"kind": "payment", "channel": "cash_worker", "amount": "5", "paid_on": "2026-11-10"}
    )
    assert "Укажите работника" in refused.content.decode()


def test_bank_details_with_a_wrong_key_are_shown_back_in_russian(personas):
    client = personas.client_for(personas.accountant)
    response = client.post(reverse("billing:details"), BANK | {"account": "40602810600000000025"})
    assert response.status_code == 200
    assert "Контрольный ключ счёта не сходится с БИК" in response.content.decode()
    assert not PayeeDetails.objects.exists()
    form = BANK | {"purpose": "Оплата социальных услуг"}
    assert client.post(reverse("billing:details"), form).status_code == 302
    assert PayeeDetails.objects.get().account == BANK["account"]


def test_a_statement_uploaded_on_the_page_is_imported_once(personas, charged):
    client = personas.client_for(personas.accountant)
    content = statement(document("1190.00", charged.number))

    def upload():
        file = io.BytesIO(content)
        file.name = "kl_to_1c.txt"
        return client.post(reverse("billing:statements"), {"file": file})

    assert upload().status_code == 302
    again = upload()
    assert "уже загружена" in again.content.decode()
    assert BankStatement.objects.count() == 1
    record = BankStatement.objects.get()
    assert (
        "зачислено" in client.get(reverse("billing:statement", args=[record.pk])).content.decode()
    )


def test_a_receipt_downloads_as_docx_and_pdf(personas, charged, settings):
    settings.ZABOTA_PDF_ENGINE = "html"
    client = personas.client_for(personas.accountant)
    url = reverse("billing:receipt", args=[charged.pk])
    assert client.post(url)["Content-Type"].startswith("application/vnd.openxml")
    assert client.post(url, {"format": "pdf"}).content.startswith(b"%PDF")


def test_the_months_receipts_come_as_a_zip_or_above_the_limit_as_a_job(personas, charged, settings):
    client = personas.client_for(personas.accountant)
    response = client.post(reverse("billing:receipts"), {"month": "2026-10", "format": "zip"})
    assert response["Content-Type"] == "application/zip"
    settings.ZABOTA_RECEIPTS_INLINE_MAX = 1
    queued = client.post(reverse("billing:receipts"), {"month": "2026-10"})
    job = Job.objects.get(kind="receipts")
    assert queued["Location"] == reverse("jobs:detail", args=[job.pk])
    again = client.post(reverse("billing:receipts"), {"month": "2026-10"}, follow=True)
    assert "уже выписываются" in again.content.decode()
    assert Job.objects.filter(kind="receipts").count() == 1


def test_the_files_for_accounting_download_as_csv_and_xlsx(personas, charged):
    client = personas.client_for(personas.accountant)
    url = reverse("billing:files")
    csv = client.get(url, {"month": "2026-10", "file": "charges", "format": "csv"})
    assert csv.content.decode("utf-8-sig").startswith("Номер начисления;Вид;")
    summary = client.get(url, {"month": "2026-10", "file": "summary", "format": "xlsx"})
    assert any("Итого" in map(str, row) for row in xlsx_rows(summary.content))


def test_the_act_prints_the_debt_at_the_start_of_the_month(personas, charged, catalog):
    log(personas.worker1, personas.recipient_of_worker1, catalog.shopping, 2, 1, month=11)
    payment_record(
        actor=personas.accountant,
        recipient=personas.recipient_of_worker1,
        amount=D("190.00"),
        paid_on=datetime.date(2026, 10, 30),
        channel="cash_office",
    )
    request = IssueRequest(
        actor=personas.accountant, recipient=personas.recipient_of_worker1, period="2026-11"
    )
    fields = act_context(request)["act"]
    assert (fields["debt_at_start"], fields["advance_at_start"]) == (D("1000.00"), D("0.00"))
    october = act_context(
        IssueRequest(
            actor=personas.accountant, recipient=personas.recipient_of_worker1, period="2026-10"
        )
    )["act"]
    assert october["debt_at_start"] == 0
    assert NOVEMBER > OCTOBER


def test_a_batch_of_acts_reads_everyones_debt_at_once(personas, charged, django_assert_num_queries):
    payment_record(
        actor=personas.accountant,
        recipient=charged.recipient,
        amount=D("190.00"),
        paid_on=datetime.date(2026, 10, 30),
        channel="cash_office",
    )
    other = Charge.objects.exclude(recipient=charged.recipient).get()
    never = personas.outsider_recipient
    with django_assert_num_queries(2):
        fields = contributed_fields([charged.recipient.pk, other.recipient_id, never.pk], NOVEMBER)
    assert fields[charged.recipient.pk] == {
        "debt_at_start": charged.amount - D("190.00"),
        "advance_at_start": D("0.00"),
    }
    assert fields[other.recipient_id]["debt_at_start"] == other.amount > 0
    assert fields[never.pk] == NEUTRAL_FIELDS
