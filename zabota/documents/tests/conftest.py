"""Builders for the documents tests: a small demo registry, PDF text, the HTML engine."""

import datetime
import subprocess

import pytest
import time_machine

from zabota.documents.rendering import docx_text

TODAY = datetime.date(2026, 10, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 10, 1, 10, 0), tick=False):
        yield TODAY


@pytest.fixture
def html_engine(settings):
    """The DOCX → HTML → WeasyPrint path, whatever is installed (LibreOffice is not required)."""
    settings.ZABOTA_PDF_ENGINE = "html"


@pytest.fixture
def small_demo(db, frozen):
    """The registry of the demo (organisation and recipients steps) with a dozen recipients."""
    from zabota.core.demo import DemoContext
    from zabota.organisation import demo as organisation_demo
    from zabota.recipients import demo as recipients_demo

    ctx = DemoContext(recipients=12, months=1, today=TODAY, log=lambda *_: None)
    organisation_demo.populate(ctx)
    recipients_demo.populate(ctx)
    return ctx


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def text_of(docx: bytes) -> str:
    return docx_text(docx)


@pytest.fixture
def unconnected_kind():
    """A kind declared with a template but no data builder (as every kind is until its app
    attaches one), removed after the test."""
    from dataclasses import replace

    from zabota.documents import kinds

    kind = replace(
        kinds.get_kind("contract"),
        code="test_unconnected",
        build_context=None,
        title="Договор (данные не подключены)",
    )
    kinds.register(kind)
    yield kind.code
    kinds._KINDS.pop(kind.code, None)
