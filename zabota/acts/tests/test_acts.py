"""Monthly acts: their numbers equal the service log, the fee follows the payment rules, and a
whole month's acts come out in one run with progress."""

import datetime
import io
import re
import zipfile
from decimal import Decimal
from urllib.parse import quote

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Sum
from docx import Document

from zabota.acts.bulk import acts_bulk
from zabota.acts.documents import act_context
from zabota.acts.selectors import act_data, month_summaries
from zabota.delivery.models import ServiceRecord
from zabota.delivery.services import service_log, service_record_cancel
from zabota.documents.kinds import IssueRequest
from zabota.documents.models import IssuedDocument
from zabota.jobs.models import Job
from zabota.testing import make_payment_decision

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
D = Decimal


decide = make_payment_decision


@pytest.fixture
def october(personas, catalog, settings):
    """October 2026 logged for the three persona recipients; two of them have payment decisions."""
    settings.ZABOTA_JOBS_INLINE = True
    with time_machine.travel(TODAY):
        for day in (1, 5, 8, 12, 15, 19, 22, 26):
            service_log(
                actor=personas.worker1,
                recipient=personas.recipient_of_worker1,
                service=catalog.shopping,
                performed_on=datetime.date(2026, 10, day),
                quantity=D(1),
            )
        service_log(
            actor=personas.worker1,
            recipient=personas.recipient_of_worker1,
            service=catalog.cleaning,
            performed_on=datetime.date(2026, 10, 9),
            quantity=D("40"),
        )
        service_log(
            actor=personas.worker1,
            recipient=personas.recipient_of_worker1,
            service=catalog.windows,
            performed_on=datetime.date(2026, 10, 9),
            quantity=D(1),
        )
        wrong = service_log(
            actor=personas.worker1,
            recipient=personas.recipient_of_worker1,
            service=catalog.cleaning,
            performed_on=datetime.date(2026, 10, 16),
            quantity=D("15"),
        )
        service_record_cancel(actor=personas.head1, record=wrong, reason="ошибка ввода")
        service_log(
            actor=personas.worker2,
            recipient=personas.recipient_of_worker2,
            service=catalog.shopping,
            performed_on=datetime.date(2026, 9, 30),
            quantity=D(1),
        )
        service_log(
            actor=personas.worker2,
            recipient=personas.recipient_of_worker2,
            service=catalog.shopping,
            performed_on=datetime.date(2026, 10, 2),
            quantity=D(2),
        )
        service_log(
            actor=personas.worker_other_department,
            recipient=personas.recipient_in_department2,
            service=catalog.shopping,
            performed_on=datetime.date(2026, 10, 3),
            quantity=D(1),
        )
    decide(personas.recipient_of_worker1, "25000.00")  # cap 1 250,00
    decide(personas.recipient_of_worker2, "20000.00")  # below the threshold: free
    return datetime.date(2026, 10, 1)


def test_the_act_lists_the_month_grouped_by_service_and_tariff(personas, october):
    data = act_data(personas.recipient_of_worker1, october)
    lines = [(r.code, r.quantity, r.price, r.amount) for r in data.rows]
    assert lines == [
        ("1.1", D(8), D("55.00"), D("440.00")),
        ("1.5", D(40), D("10.00"), D("400.00")),
        ("Д.1", D(1), D("350.00"), D("350.00")),
    ]
    # The cancelled record is not there; totals equal a direct count of the log.
    direct = ServiceRecord.objects.filter(
        recipient=personas.recipient_of_worker1, cancelled_at__isnull=True, performed_on__month=10
    ).aggregate(s=Sum("amount"))["s"]
    assert data.total == direct == D("1190.00")
    # 442-ФЗ ст. 32: the ИППСУ services cost 840 < cap 1 250: full payment; the paid one on top.
    assert (data.fee.kind, data.fee.amount, data.fee.cap) == ("full", D("840.00"), D("1250.00"))
    assert data.to_pay == D("1190.00")


def test_a_free_recipient_pays_only_for_additional_services(personas, october):
    data = act_data(personas.recipient_of_worker2, october)
    assert data.fee.kind == "free" and data.to_pay == D("0.00")
    assert [r.quantity for r in data.rows] == [D(2)]  # September's record is not October's


def test_the_act_document_is_filled_and_archived(personas, october):
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/acts/{personas.recipient_of_worker1.pk}/2026-10/issue/", {"format": "docx"}
    )
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    tables = " ".join(
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for r in t.rows
        for c in r.cells
    )
    assert "октябрь 2026" in text
    assert "одна тысяча сто девяносто рублей 00 копеек" in text + tables
    assert "Мытьё пола" in tables and "440,00" in tables
    document = IssuedDocument.objects.get(kind="act")
    assert (document.period, document.recipient) == ("2026-10", personas.recipient_of_worker1)
    number = document.number.replace("/", "-")
    assert response["Content-Disposition"].endswith(
        quote(f"Акт 2026-10 Иванова М. П. № {number}.docx")
    )


@pytest.mark.parametrize(
    "valid_until, signs",
    [
        (None, "Орлова Нина Сергеевна"),
        (datetime.date(2026, 12, 31), "Орлова Нина Сергеевна"),
        (datetime.date(2026, 10, 1), "Иванова Мария Петровна"),
    ],
    ids=["no term", "term ahead", "term passed"],
)
def test_the_act_is_signed_by_a_representative_whose_authority_holds(
    personas, october, valid_until, signs
):
    from zabota.testing import make_guardian

    recipient = personas.recipient_of_worker1
    make_guardian(recipient, valid_until=valid_until)
    with time_machine.travel(TODAY):
        context = act_context(
            IssueRequest(actor=personas.head1, recipient=recipient, period="2026-10")
        )
    assert context["signatures"]["customer_name"] == signs


def test_an_act_without_a_payment_decision_is_refused_with_the_reason(personas, october):
    request = IssueRequest(
        actor=personas.director, recipient=personas.recipient_in_department2, period="2026-10"
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Условие оплаты получателя не рассчитано"):
        act_context(request)
    with pytest.raises(ValidationError, match="нет оказанных услуг"):
        act_context(
            IssueRequest(
                actor=personas.director, recipient=personas.recipient_of_worker1, period="2026-08"
            )
        )


def test_summaries_of_the_month_are_scoped_and_take_few_queries(
    personas, october, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        everyone = month_summaries(personas.director, october)
    assert [s.recipient for s in everyone] == [
        personas.recipient_of_worker1,
        personas.recipient_in_department2,
        personas.recipient_of_worker2,
    ]
    assert [s.recipient for s in month_summaries(personas.head2, october)] == [
        personas.recipient_in_department2
    ]
    # The accountant bills everyone without seeing the cards.
    assert len(month_summaries(personas.accountant, october)) == 3
    assert month_summaries(personas.worker1, october)[0].to_pay == D("1190.00")


def test_the_act_page_says_each_volume_with_its_unit_agreeing(personas, october):
    client = personas.client_for(personas.head1)
    page = client.get(f"/acts/{personas.recipient_of_worker1.pk}/2026-10/").content.decode()
    volumes = re.findall(r'data-label="Объём" class="num">([^<]*)<', page)
    assert volumes == ["8 услуг", "40 м²", "1 услуга"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("accountant", 200), ("head1", 200), ("director", 200), ("worker1", 403), ("head2", 404)],
)
def test_who_opens_an_act(personas, october, persona, status):
    client = personas.client_for(getattr(personas, persona))
    assert client.get(f"/acts/{personas.recipient_of_worker1.pk}/2026-10/").status_code == status


@time_machine.travel(TODAY)
def test_a_bulk_run_makes_every_act_with_progress_a_zip_and_one_pdf(personas, october):
    client = personas.client_for(personas.director)
    response = client.post("/acts/runs/new/", {"month": "2026-10"})
    run = Job.objects.get()
    assert response["Location"] == f"/jobs/{run.pk}/"
    assert (run.kind, run.status, run.done, run.total) == ("acts", "done", 3, 3)
    assert [line.split(":")[0] for line in run.details["lines"]] == ["Кузнецова Анна Сергеевна"]
    zip_file, pdf_file = run.files.all()
    names = zipfile.ZipFile(io.BytesIO(bytes(zip_file.content))).namelist()
    assert len(names) == 2 and all(n.endswith(".docx") for n in names)
    assert bytes(pdf_file.content).startswith(b"%PDF")
    assert [d.recipient for d in (i.document for i in run.act_items.all())] == [
        personas.recipient_of_worker1,
        personas.recipient_of_worker2,
    ]
    page = client.get(f"/jobs/{run.pk}/")
    assert "Скачать Акты 2026-10.zip" in page.content.decode()
    download = client.get(f"/jobs/{run.pk}/files/{zip_file.pk}/")
    assert download["Content-Type"] == "application/zip"
    # The head of department 1 sees no run of the whole institution; the starter's list shows it.
    assert personas.client_for(personas.head1).get(f"/jobs/{run.pk}/").status_code == 404
    assert "Акты за 10.2026: всё учреждение" in client.get("/jobs/").content.decode()


@time_machine.travel(TODAY)
def test_a_future_month_or_an_empty_department_gets_a_clear_message(personas, october):
    client = personas.client_for(personas.director)
    page = client.get("/acts/?month=2026-12")
    assert "ещё не начался" in page.content.decode()
    response = client.post("/acts/runs/new/", {"month": "2026-12"}, follow=True)
    assert "ещё не начался" in response.content.decode()
    client.post("/acts/runs/new/", {"month": "2026-08", "department": personas.department2.pk})
    run = Job.objects.get()
    assert run.status == "failed" and "нет оказанных услуг" in run.message


@time_machine.travel(TODAY)
def test_the_command_writes_docx_files_and_a_pdf(personas, october, tmp_path):
    call_command(
        "acts",
        "--month",
        "2026-10",
        "--department",
        str(personas.department1.pk),
        "--out",
        str(tmp_path),
        "--user",
        "head1",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len([f for f in files if f.endswith(".docx")]) == 2
    assert "Акты 2026-10.pdf" in files
    with pytest.raises(CommandError, match="ещё не начался"):
        call_command("acts", "--month", "2027-01", "--out", str(tmp_path), "--user", "head1")
    with pytest.raises(CommandError, match="ГГГГ-ММ"):
        call_command("acts", "--month", "октябрь", "--out", str(tmp_path), "--user", "head1")
    with pytest.raises(CommandError, match="нет права"):
        call_command("acts", "--month", "2026-10", "--out", str(tmp_path), "--user", "worker1")


@time_machine.travel(TODAY)
def test_a_bulk_run_can_be_limited_to_chosen_people_within_the_scope(personas, october):
    chosen = [personas.recipient_of_worker1.pk, personas.recipient_in_department2.pk]
    result = acts_bulk(actor=personas.head1, month=october, recipient_ids=chosen, with_pdf=False)
    # Department 2 is not the head's: only the person of their own department gets an act.
    assert [d.recipient for d in result.documents] == [personas.recipient_of_worker1]
    assert result.pdf == b""


def _png() -> bytes:
    """A real 2×1 PNG (what the tablet's canvas sends)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 2, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\xff"))
        + chunk(b"IEND", b"")
    )


def test_the_signature_drawn_on_the_tablet_goes_into_the_act(personas, october):
    import uuid as uuid_module

    from django.utils import timezone

    from zabota.field.models import ActSignature

    ActSignature.objects.create(
        uuid=uuid_module.uuid4(),
        recipient=personas.recipient_of_worker1,
        month=october,
        image=_png(),
        signed_at=timezone.now(),
        captured_by=personas.worker1,
    )
    response = personas.client_for(personas.head1).post(
        f"/acts/{personas.recipient_of_worker1.pk}/2026-10/issue/", {"format": "docx"}
    )
    document = Document(io.BytesIO(response.content))
    assert len(document.inline_shapes) == 1
    # Without a signature there is no picture and no gap left by an empty field.
    response = personas.client_for(personas.head1).post(
        f"/acts/{personas.recipient_of_worker2.pk}/2026-10/issue/", {"format": "docx"}
    )
    assert len(Document(io.BytesIO(response.content)).inline_shapes) == 0
