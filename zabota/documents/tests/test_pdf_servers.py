"""LibreOffice kept running (unoserver): how the PDF is asked of it, one document per server at
a time, many documents of a template merged into one, and the HTML engine when a server is
down. Stand-in servers speak its XML-RPC here: each page they print is as wide as the number
written in a paragraph of the document sent."""

import io
import threading
import time
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter

from zabota.documents import pdf
from zabota.documents.pdf import docx_to_pdf, docxs_to_pdf, pdf_engine


def tiny_pdf(*widths: int) -> bytes:
    writer = PdfWriter()
    for width in widths:
        writer.add_blank_page(width=width, height=100)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def numbered(number: int) -> bytes:
    document = Document()
    document.add_paragraph(str(number))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def numbers_in(content: bytes) -> list[int]:
    texts = (p.text for p in Document(io.BytesIO(content)).paragraphs)
    return [int(text) for text in texts if text.isdigit()]


class Quiet(SimpleXMLRPCRequestHandler):
    def log_message(self, *args):
        pass


class FakeUnoserver:
    """Answers `convert` with a one-page PDF whose width is the document's number (its bytes),
    and notes how many conversions ran at once."""

    def __init__(self):
        self.calls: list[tuple] = []
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()
        self.server = SimpleXMLRPCServer(
            ("127.0.0.1", 0), requestHandler=Quiet, allow_none=True, logRequests=False
        )
        self.server.register_function(self.convert, "convert")
        self.address = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def convert(self, inpath, indata, outpath, convert_to, *rest):
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(0.02)
        self.calls.append((inpath, outpath, convert_to, numbers_in(indata.data)))
        with self._lock:
            self.running -= 1
        return xmlrpc.client.Binary(tiny_pdf(*numbers_in(indata.data)))

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers(settings):
    running = [FakeUnoserver(), FakeUnoserver()]
    settings.ZABOTA_PDF_ENGINE = "auto"
    settings.ZABOTA_UNOSERVERS = [s.address for s in running]
    yield running
    for server in running:
        server.stop()


def widths(document: bytes) -> list[int]:
    return [int(page.mediabox.width) for page in PdfReader(io.BytesIO(document)).pages]


def test_a_listed_server_makes_the_pdf_from_the_docx_sent_over(servers):
    assert pdf_engine() == "libreoffice"
    assert widths(docx_to_pdf(numbered(123))) == [123]
    inpath, outpath, convert_to, sent = next(s for s in servers if s.calls).calls[0]
    assert (inpath, outpath, convert_to, sent) == (None, None, "pdf", [123])


def test_documents_of_a_template_go_merged_to_every_server_and_keep_their_order(servers):
    documents = [numbered(n) for n in range(101, 201)]

    assert widths(docxs_to_pdf(documents)) == list(range(101, 201))
    sent = sorted(call[3] for s in servers for call in s.calls)
    assert sent == [list(range(n, n + 25)) for n in (101, 126, 151, 176)]
    assert all(s.calls and s.most_at_once == 1 for s in servers)


def test_a_server_that_is_down_leaves_the_document_to_the_html_engine(
    servers, settings, caplog, monkeypatch
):
    settings.ZABOTA_UNOSERVERS = ["127.0.0.1:9"]  # the discard port: nothing listens
    html_made = []
    monkeypatch.setattr(pdf, "html_pdf", lambda content: html_made.append(content) or tiny_pdf(300))

    monkeypatch.setattr(pdf, "_html_pdfs", lambda contents: tiny_pdf(*[300] * len(contents)))

    assert widths(docx_to_pdf(numbered(1))) == [300]
    assert widths(docxs_to_pdf([numbered(2), numbered(3)])) == [300, 300]
    assert [numbers_in(c) for c in html_made] == [[1]]
    assert "LibreOffice could not convert a document, using HTML" in caplog.text


def test_the_html_setting_wins_over_listed_servers(servers, settings):
    settings.ZABOTA_PDF_ENGINE = "html"
    assert pdf_engine() == "html" and pdf.pdf_servers() == []
