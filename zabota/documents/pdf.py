"""PDF of a filled DOCX, and one PDF of many for bulk runs.

The DOCX rendered from the template is the single source; the PDF is made from that DOCX:
- by LibreOffice kept running, one `unoserver` per core (ZABOTA_UNOSERVERS lists their
  addresses): Word's layout, and for a month's acts twice as fast as the HTML path;
- by LibreOffice started for the document when `soffice` is installed but no server is listed
  (each process with its own profile, because concurrent runs sharing one profile silently
  lose conversions — shared/reference/libraries.md): exact, but seconds per document;
- otherwise (or with ZABOTA_PDF_ENGINE=html) by our DOCX → HTML converter
  (zabota.documents.docx_html) and WeasyPrint, with the PT Serif / PT Sans fonts that carry ₽.
docs/documents.md and docs/performance.md explain the choice.
"""

from __future__ import annotations

import http.client
import io
import logging
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings

from zabota.documents.docx_html import HtmlPart, StyleSheet, convert, docx_to_html, page_html
from zabota.documents.merging import groups, merge_docx
from zabota.env import env_str

logger = logging.getLogger(__name__)
PDF_CONTENT_TYPE = "application/pdf"
LIBREOFFICE_TIMEOUT_SECONDS = 120
# Documents laid out in one WeasyPrint pass in a bulk run: bounded so memory stays flat.
BULK_BATCH = 50
# soffice runs one conversion at a time per profile; threads of one process take turns.
_libreoffice_lock = threading.Lock()
_font_config = None


def pdf_engine() -> str:
    """ "libreoffice" or "html"."""
    wanted = getattr(settings, "ZABOTA_PDF_ENGINE", None) or env_str("ZABOTA_PDF_ENGINE", "auto")
    if wanted.strip().lower() == "html":
        return "html"
    return "libreoffice" if pdf_servers() or shutil.which("soffice") else "html"


def pdf_servers() -> list[str]:
    """The host:port of each LibreOffice kept running (unoserver), when the engine allows."""
    wanted = getattr(settings, "ZABOTA_PDF_ENGINE", "auto") or "auto"
    if wanted.strip().lower() == "html":
        return []
    return list(getattr(settings, "ZABOTA_UNOSERVERS", []) or [])


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF of a DOCX by the configured engine; LibreOffice failing falls back to HTML."""
    if pdf_engine() == "libreoffice":
        try:
            if pdf_servers():
                return _servers().convert(content)
            return libreoffice_pdf(content)
        except (OSError, subprocess.SubprocessError, RuntimeError) as error:
            logger.warning("LibreOffice could not convert a document, using HTML: %s", error)
    return html_pdf(content)


def docxs_to_pdf(contents: list[bytes]) -> bytes:
    """One PDF of many documents, each from a new page (bulk acts).

    With LibreOffice servers every server converts one merged document at a time, all at once;
    the HTML engine lays consecutive documents with the same page settings out in one pass
    (BULK_BATCH at a time), which is much faster than one WeasyPrint run per document."""
    if not contents:
        raise ValueError("no documents to print")
    servers = pdf_servers()
    if servers:
        # The documents of one template go to LibreOffice merged, up to 25 in one: its cost is
        # per document far more than per page.
        # Each thread merges its chunk and sends it: the merging (0.2 s for 25 acts, in Python)
        # overlaps the other servers' conversions instead of delaying them all.
        chunks = groups(contents)
        with ThreadPoolExecutor(len(servers)) as threads:
            pdfs = list(threads.map(_merged_from_server, chunks))
        # What a server failed to convert is made by the HTML engine here, in this thread.
        return merge_pdfs(
            [pdf or _html_pdfs(chunk) for pdf, chunk in zip(pdfs, chunks, strict=True)]
        )
    if pdf_engine() != "html":
        return merge_pdfs([docx_to_pdf(content) for content in contents])
    return _html_pdfs(contents)


def _html_pdfs(contents: list[bytes]) -> bytes:
    sheet = StyleSheet()
    batches: list[list[HtmlPart]] = []
    for content in contents:
        part = convert(content, sheet)
        last = batches[-1] if batches else None
        if last and last[0].page == part.page and len(last) < BULK_BATCH:
            last.append(part)
        else:
            batches.append([part])
    pdfs = [_weasyprint(page_html(batch, sheet)) for batch in batches]
    return pdfs[0] if len(pdfs) == 1 else merge_pdfs(pdfs)


def _merged_from_server(chunk: list[bytes]) -> bytes | None:
    return _from_server(merge_docx(chunk) if len(chunk) > 1 else chunk[0])


def _from_server(content: bytes) -> bytes | None:
    try:
        return _servers().convert(content)
    except (OSError, RuntimeError) as error:
        logger.warning("LibreOffice could not convert a document, using HTML: %s", error)
        return None


def html_pdf(content: bytes) -> bytes:
    return _weasyprint(docx_to_html(content))


def _weasyprint(page: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    global _font_config
    # Loading fonts is a large part of the cost of a small document: the configuration is kept.
    if _font_config is None:
        _font_config = FontConfiguration()
    return HTML(string=page).write_pdf(font_config=_font_config)


def libreoffice_pdf(content: bytes) -> bytes:
    profile = Path(tempfile.gettempdir()) / f"zabota-lo-profile-{os.getpid()}"
    with _libreoffice_lock, tempfile.TemporaryDirectory(prefix="zabota-lo-") as work:
        source = Path(work) / "document.docx"
        source.write_bytes(content)
        completed = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ],
            capture_output=True,
            timeout=LIBREOFFICE_TIMEOUT_SECONDS,
            check=False,
        )
        result = Path(work) / "document.pdf"
        if not result.exists():
            raise RuntimeError(
                f"soffice exited with {completed.returncode}: {completed.stderr[-500:]!r}"
            )
        return result.read_bytes()


class _Timeout(xmlrpc.client.Transport):
    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = LIBREOFFICE_TIMEOUT_SECONDS
        return connection


class ServerPool:
    """The LibreOffice servers, each lent to one conversion at a time (a second conversion
    sent to a busy unoserver only waits for the first)."""

    def __init__(self, addresses: list[str]):
        self.addresses = list(addresses)
        self._free: queue.Queue[str] = queue.Queue()
        for address in self.addresses:
            self._free.put(address)

    def convert(self, content: bytes) -> bytes:
        address = self._free.get()
        try:
            return unoserver_pdf(address, content)
        finally:
            self._free.put(address)


_pool: ServerPool | None = None
_pool_lock = threading.Lock()


def _servers() -> ServerPool:
    global _pool
    addresses = pdf_servers()
    with _pool_lock:
        if _pool is None or _pool.addresses != addresses:
            _pool = ServerPool(addresses)
        return _pool


def unoserver_pdf(address: str, content: bytes) -> bytes:
    """The PDF of a DOCX from a running unoserver (its XML-RPC `convert`, unoserver 3)."""
    proxy = xmlrpc.client.ServerProxy(f"http://{address}", allow_none=True, transport=_Timeout())
    try:
        # inpath, indata, outpath, convert_to, filtername, filter_options, update_index,
        # infiltername, password: the data goes and comes back over the connection.
        result = proxy.convert(
            None, xmlrpc.client.Binary(content), None, "pdf", None, [], False, None, None
        )
    except (xmlrpc.client.Error, http.client.HTTPException) as error:
        raise RuntimeError(f"unoserver {address}: {error}") from error
    if result is None or not result.data.startswith(b"%PDF"):
        raise RuntimeError(f"unoserver {address} returned no PDF")
    return result.data


def merge_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF of several, in order (pypdf)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
