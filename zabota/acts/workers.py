"""What the rendering processes of a bulk run execute. This module imports no model at the top:
a "spawn" process unpickles these functions before Django is set up (`init` does that)."""

import os

from zabota.documents.pdf import docxs_to_pdf
from zabota.documents.rendering import render_docx


def init() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zabota.settings")
    import django

    django.setup()


def render(job: tuple[bytes, dict]) -> bytes:
    template, context = job
    return render_docx(template, context)


def render_many(template: bytes, contexts: list[dict]) -> list[bytes]:
    return [render_docx(template, context) for context in contexts]


def pdf(contents: list[bytes]) -> bytes:
    return docxs_to_pdf(contents)
