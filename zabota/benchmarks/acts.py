"""Monthly acts: one act issued as DOCX, and every act of a month for a thousand people.

act_docx goes the way of the act page (documents.services.document_issue: the data from the
log and the payment decision, a number, the DOCX, the archive entry and its audit line); its
floor renders the same template with the same data in a bare loop, without the database.
acts_bulk is acts.bulk.acts_bulk without the PDF, its floor the same documents rendered bare
one after another (the sequential floor: on two cores the run should take 0.6 of it or less);
acts_bulk_pdf the same run with the merged PDF by the configured engine; with LibreOffice
servers listed (scripts/bench.sh starts one per core when unoserver is installed) the run is
made again by WeasyPrint as acts_bulk_pdf_html, after one act converted by a server is read
back to prove LibreOffice made it.
"""

from __future__ import annotations

import io
import logging
import os
import statistics
import time
from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from zabota.acts.bulk import acts_bulk
from zabota.acts.selectors import month_summaries
from zabota.benchmarks.common import Months, Result, Scale
from zabota.documents.merging import merge_docx
from zabota.documents.pdf import logger as pdf_logger
from zabota.documents.pdf import pdf_engine, pdf_servers, unoserver_pdf
from zabota.documents.rendering import render_docx
from zabota.documents.services import document_issue, document_prepare, document_render
from zabota.organisation.models import Institution, Staff
from zabota.organisation.roles import Role

ROUNDS = 3
# Acts converted and read back to prove the servers' PDF (one merged document of a bulk run).
CHECKED_ACTS = 25


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def billing_actor(institution: Institution) -> Staff:
    """The accountant bills every recipient of the institution (the director, if none)."""
    staff = Staff.objects.filter(institution=institution, user__is_active=True)
    return (
        staff.filter(role=Role.ACCOUNTANT).order_by("pk").first()
        or staff.filter(role=Role.DIRECTOR).order_by("pk").first()
    )


def measure(institution: Institution, months: Months, scale: Scale, log) -> list[Result]:
    actor = billing_actor(institution)
    month = months.last_whole
    period = f"{month:%Y-%m}"
    summaries = month_summaries(actor, month)
    payable = [s.recipient for s in summaries if s.fee is not None]
    sample = payable[: scale.act_samples]
    if not sample:
        raise RuntimeError(f"За {period} нет получателей с актом: данные не подходят для замера.")

    # The data each act was filled with, for the bare loop (prepared without a number).
    jobs = []
    with transaction.atomic():
        for person in sample:
            prepared = document_prepare(
                actor=actor, kind="act", recipient=person, params={"period": period}
            )
            document_render(prepared)
            jobs.append((prepared.version.content, prepared.context))
        transaction.set_rollback(True)

    def issue():
        for person in sample:
            document_issue(actor=actor, kind="act", recipient=person, params={"period": period})

    def bare():
        for template, context in jobs:
            render_docx(template, context)

    issue()  # warm: templates, declension dictionaries, the first queries
    bare()
    values, floors = [], []
    for _ in range(ROUNDS):
        values.append(_timed(issue))
        floors.append(_timed(bare))
    value = statistics.median(values) / len(sample)
    floor = statistics.median(floors) / len(sample)
    results = [Result("act_docx", value, "s", floor, note=f"{len(sample)} актов за {period}")]
    log(f"  act_docx: {value * 1000:.1f} мс на акт (floor {floor * 1000:.1f} мс)")

    ids = [s.recipient.pk for s in summaries[: scale.bulk_recipients]]
    started = time.perf_counter()
    result = acts_bulk(actor=actor, month=month, recipient_ids=ids, with_pdf=False)
    value = time.perf_counter() - started
    documents = len(result.documents)
    bulk_floor = documents * floor
    results.append(
        Result(
            "acts_bulk",
            value,
            "s",
            bulk_floor,
            note=f"{len(ids)} получателей: {documents} актов, без акта {len(result.skipped)}; "
            f"floor — те же акты подряд в одном процессе, ядер {os.cpu_count()}",
        )
    )
    log(
        f"  acts_bulk: {value:.1f} с на {len(ids)} получателей ({documents} актов, "
        f"floor {bulk_floor:.1f} с)"
    )

    ids = ids[: scale.pdf_recipients]
    servers = pdf_servers()
    results.append(_bulk_pdf("acts_bulk_pdf", actor, month, ids, _engine(servers), log))
    if servers:
        # The same run by WeasyPrint, for docs/performance.md to compare the two engines.
        acts = [bytes(d.content) for d in result.documents[:CHECKED_ACTS]]
        check = conversion_check(servers[0], acts)
        log(f"  проверка: {check}")
        with html_engine():
            results.append(_bulk_pdf("acts_bulk_pdf_html", actor, month, ids, "WeasyPrint", log))
    return results


def _engine(servers: list[str]) -> str:
    if servers:
        return f"LibreOffice, серверов unoserver {len(servers)}"
    if pdf_engine() == "libreoffice":
        return "LibreOffice, soffice на каждый документ"
    return "WeasyPrint"


def _bulk_pdf(name: str, actor: Staff, month, ids: list[int], engine: str, log) -> Result:
    fallbacks = _Fallbacks()
    pdf_logger.addHandler(fallbacks)
    try:
        started = time.perf_counter()
        result = acts_bulk(actor=actor, month=month, recipient_ids=ids, with_pdf=True)
        value = time.perf_counter() - started
    finally:
        pdf_logger.removeHandler(fallbacks)
    pages = len(PdfReader(io.BytesIO(result.pdf)).pages)
    if fallbacks.count:
        # A server that failed leaves its documents to WeasyPrint: the figure is not the engine's.
        raise RuntimeError(f"{name}: {fallbacks.count} частей PDF сделано не LibreOffice")
    log(
        f"  {name}: {value:.1f} с на {len(ids)} получателей с общим PDF, из них PDF "
        f"{result.pdf_seconds:.1f} с ({engine}, страниц {pages})"
    )
    return Result(
        name,
        value,
        "s",
        note=f"{len(ids)} получателей: {len(result.documents)} актов и общий PDF "
        f"({len(result.pdf) // 1024} КБ, страниц {pages}), из них PDF "
        f"{result.pdf_seconds:.1f} с; {engine}",
    )


class _Fallbacks(logging.Handler):
    """Counts the documents the PDF module left to the HTML engine."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "using HTML" in record.getMessage()


def conversion_check(address: str, acts: list[bytes]) -> str:
    """Acts merged as a bulk run merges them, converted by a server and read back: LibreOffice
    made the PDF and every act begins a page of its own with its title (the timed run alone
    would not show a server answering with something else, or acts run together)."""
    pdf = unoserver_pdf(address, merge_docx(acts) if len(acts) > 1 else acts[0])
    reader = PdfReader(io.BytesIO(pdf))
    producer = str((reader.metadata or {}).get("/Producer", ""))
    # The title is in capitals, the body says «акт» in small letters.
    titles = sum("АКТ №" in (page.extract_text() or "") for page in reader.pages)
    if not producer.startswith("LibreOffice") or titles != len(acts):
        raise RuntimeError(
            f"unoserver {address}: не PDF актов от LibreOffice ({producer!r}, "
            f"заголовков актов {titles} из {len(acts)})"
        )
    return (
        f"{address}: {len(acts)} актов одним документом, PDF от {producer}, "
        f"страниц {len(reader.pages)}, заголовков актов {titles}"
    )


@contextmanager
def html_engine():
    """WeasyPrint for this process and for the rendering processes a run spawns (they read
    their settings from the environment)."""
    before = os.environ.get("ZABOTA_PDF_ENGINE")
    os.environ["ZABOTA_PDF_ENGINE"] = "html"
    try:
        with override_settings(ZABOTA_PDF_ENGINE="html"):
            yield
    finally:
        if before is None:
            del os.environ["ZABOTA_PDF_ENGINE"]
        else:
            os.environ["ZABOTA_PDF_ENGINE"] = before
