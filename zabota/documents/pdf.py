"""PDF of a filled DOCX, and one PDF of many for bulk runs.

The DOCX rendered from the template is the single source; the PDF is made from that DOCX:
- by LibreOffice headless when `soffice` is installed and ZABOTA_PDF_ENGINE is not "html"
  (exact layout; each process uses its own profile, because concurrent runs sharing one profile
  silently lose conversions — shared/reference/libraries.md);
- otherwise by our DOCX → HTML converter (zabota.documents.docx_html) and WeasyPrint, with the
  PT Serif / PT Sans fonts that carry the ₽ sign.
docs/documents.md explains the choice.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from zabota.documents.docx_html import HtmlPart, StyleSheet, convert, docx_to_html, page_html
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
    return "libreoffice" if shutil.which("soffice") else "html"


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF of a DOCX by the configured engine; LibreOffice failing falls back to HTML."""
    if pdf_engine() == "libreoffice":
        try:
            return libreoffice_pdf(content)
        except (OSError, subprocess.SubprocessError, RuntimeError) as error:
            logger.warning("LibreOffice could not convert a document, using HTML: %s", error)
    return html_pdf(content)


def docxs_to_pdf(contents: list[bytes]) -> bytes:
    """One PDF of many documents, each from a new page (bulk acts).

    The HTML engine lays consecutive documents with the same page settings out in one pass
    (BULK_BATCH at a time), which is much faster than one WeasyPrint run per document."""
    if not contents:
        raise ValueError("no documents to print")
    if pdf_engine() != "html":
        return merge_pdfs([docx_to_pdf(content) for content in contents])
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


def merge_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF of several, in order (pypdf)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
