"""The benchmark's comparison of the two PDF engines: it believes a LibreOffice server only when
merged acts come back as LibreOffice's PDF with each act's title on a page of its own, it notices documents a server left
to WeasyPrint, and it measures WeasyPrint in the rendering processes too. The stand-in server
speaks unoserver's XML-RPC in this process (LibreOffice is not needed for the tests)."""

import io
import os
import threading
import xmlrpc.client
from collections.abc import Callable
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

import pytest
from django.conf import settings
from pypdf import PdfReader, PdfWriter

from zabota.benchmarks.acts import _Fallbacks, conversion_check, html_engine
from zabota.documents.kinds import get_kind
from zabota.documents.pdf import docxs_to_pdf, html_pdf, pdf_engine, pdf_servers
from zabota.documents.pdf import logger as pdf_logger
from zabota.documents.rendering import render_docx
from zabota.documents.selectors import default_template
from zabota.documents.services import sample_context


class Quiet(SimpleXMLRPCRequestHandler):
    def log_message(self, *args):
        pass


class StandInServer:
    """Answers `convert` with what `answer` makes of the DOCX sent."""

    def __init__(self, answer: Callable[[bytes], bytes]):
        self.server = SimpleXMLRPCServer(
            ("127.0.0.1", 0), requestHandler=Quiet, allow_none=True, logRequests=False
        )
        self.server.register_function(
            lambda inpath, indata, *rest: xmlrpc.client.Binary(answer(indata.data)), "convert"
        )
        self.address = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve():
    running = []

    def start(answer):
        running.append(StandInServer(answer))
        return running[-1].address

    yield start
    for server in running:
        server.stop()


def produced_by(producer: str, pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.add_metadata({"/Producer": producer})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def act() -> bytes:
    return render_docx(default_template("act").content, sample_context(get_kind("act")))


def test_acts_printed_by_libreoffice_each_from_its_own_page_pass_the_check(serve, act):
    sent = []
    address = serve(
        lambda docx: sent.append(docx) or produced_by("LibreOffice 7.4", html_pdf(docx))
    )

    check = conversion_check(address, [act, act, act])

    assert check.startswith(f"{address}: 3 актов одним документом, PDF от LibreOffice 7.4")
    assert check.endswith("заголовков актов 3") and len(sent) == 1


def test_acts_run_together_fail_the_check(serve, act):
    # The stand-in prints only the first act of the merged document.
    address = serve(lambda docx: produced_by("LibreOffice 7.4", html_pdf(act)))
    with pytest.raises(RuntimeError, match="заголовков актов 1 из 2"):
        conversion_check(address, [act, act])


def test_a_pdf_of_another_maker_or_without_the_act_fails_the_check(serve, act):
    weasyprint = serve(html_pdf)
    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    blank.write(buffer)
    empty = serve(lambda docx: produced_by("LibreOffice 7.4", buffer.getvalue()))

    with pytest.raises(RuntimeError, match="не PDF актов от LibreOffice .'WeasyPrint"):
        conversion_check(weasyprint, [act])
    with pytest.raises(RuntimeError, match="заголовков актов 0 из 1"):
        conversion_check(empty, [act])


def test_documents_a_server_leaves_to_weasyprint_are_counted(settings, act):
    settings.ZABOTA_PDF_ENGINE = "auto"
    settings.ZABOTA_UNOSERVERS = ["127.0.0.1:9"]  # the discard port: nothing listens
    fallbacks = _Fallbacks()
    pdf_logger.addHandler(fallbacks)
    try:
        pdf = docxs_to_pdf([act, act])
    finally:
        pdf_logger.removeHandler(fallbacks)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert fallbacks.count == 1  # the two acts went merged to the server, and back as one


def test_the_html_run_reaches_the_rendering_processes_and_ends_with_the_run(monkeypatch):
    monkeypatch.setenv("ZABOTA_PDF_ENGINE", "auto")
    monkeypatch.setattr(settings, "ZABOTA_PDF_ENGINE", "auto")
    monkeypatch.setattr(settings, "ZABOTA_UNOSERVERS", ["127.0.0.1:2103"])
    with html_engine():
        assert os.environ["ZABOTA_PDF_ENGINE"] == "html"
        assert pdf_engine() == "html" and pdf_servers() == []
    assert os.environ["ZABOTA_PDF_ENGINE"] == "auto"
    assert pdf_servers() == ["127.0.0.1:2103"]
