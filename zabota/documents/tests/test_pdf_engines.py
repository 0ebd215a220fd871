"""Which engine makes the PDF, and how LibreOffice is called (a stand-in `soffice` records it)."""

import os
import stat

import pytest

from zabota.documents.kinds import get_kind
from zabota.documents.pdf import docx_to_pdf, docxs_to_pdf, pdf_engine
from zabota.documents.rendering import render_docx
from zabota.documents.selectors import default_template
from zabota.documents.services import sample_context
from zabota.documents.tests.conftest import pdf_text

FAKE_SOFFICE = """#!/bin/sh
# Records its arguments and writes a "PDF" named after the input into --outdir.
echo "$@" >> "{log}"
{body}
"""
WRITES_PDF = """
while [ $# -gt 0 ]; do
  case "$1" in --outdir) shift; out="$1";; *.docx) src="$1";; esac; shift
done
name=$(basename "$src" .docx)
printf '%%PDF-1.4 from soffice' > "$out/$name.pdf"
"""


@pytest.fixture
def soffice(tmp_path, monkeypatch):
    """A `soffice` on the PATH; returns (log file, function to make it fail)."""
    log = tmp_path / "soffice.log"
    script = tmp_path / "soffice"

    def install(body: str) -> None:
        script.write_text(FAKE_SOFFICE.format(log=log, body=body))
        script.chmod(script.stat().st_mode | stat.S_IEXEC)

    install(WRITES_PDF)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return log, install


@pytest.fixture
def consent_docx():
    return render_docx(default_template("consent").content, sample_context(get_kind("consent")))


def test_without_soffice_the_html_engine_is_used(monkeypatch, settings):
    settings.ZABOTA_PDF_ENGINE = "auto"
    monkeypatch.setenv("PATH", "/nonexistent")
    assert pdf_engine() == "html"


def test_soffice_on_the_path_makes_the_pdf_with_a_profile_of_its_own(
    soffice, settings, consent_docx
):
    settings.ZABOTA_PDF_ENGINE = "auto"
    log, _ = soffice
    assert pdf_engine() == "libreoffice"
    assert docx_to_pdf(consent_docx) == b"%PDF-1.4 from soffice"
    arguments = log.read_text()
    assert f"-env:UserInstallation=file:///tmp/zabota-lo-profile-{os.getpid()}" in arguments
    assert "--headless" in arguments and "--convert-to pdf" in arguments


def test_the_html_setting_wins_over_an_installed_soffice(soffice, settings, consent_docx):
    settings.ZABOTA_PDF_ENGINE = "html"
    log, _ = soffice
    assert pdf_engine() == "html"
    assert "СОГЛАСИЕ" in pdf_text(docx_to_pdf(consent_docx))
    assert not log.exists()


def test_a_failing_soffice_falls_back_to_the_html_engine(soffice, settings, consent_docx):
    settings.ZABOTA_PDF_ENGINE = "auto"
    _, install = soffice
    install("exit 1")
    assert "Документ № С-17/2026" in pdf_text(docx_to_pdf(consent_docx))


def test_a_bulk_run_lays_every_document_out_from_a_new_page(settings, consent_docx):
    settings.ZABOTA_PDF_ENGINE = "html"
    notice = render_docx(
        default_template("discharge_notice").content, sample_context(get_kind("discharge_notice"))
    )
    text = pdf_text(docxs_to_pdf([consent_docx, notice, consent_docx]))
    pages = text.split("\f")
    assert text.count("СОГЛАСИЕ") == 2 and text.count("УВЕДОМЛЕНИЕ") == 1
    starts = [i for i, page in enumerate(pages) if "СОГЛАСИЕ" in page or "УВЕДОМЛЕНИЕ" in page]
    assert len(starts) == 3 and starts[0] == 0


def test_a_bulk_run_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        docxs_to_pdf([])
