"""Every act of a month in one run: the data and numbers read in this process, the DOCX and
PDF rendered by a pool of processes (one per core), the results archived and packed.

The pool uses "spawn" processes that never touch the database: a forked copy of a database
connection is not safe to use or even to close.
"""

from __future__ import annotations

import datetime
import io
import multiprocessing
import os
import zipfile
from collections import deque
from collections.abc import Callable, Collection
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.acts import workers
from zabota.acts.selectors import month_summaries
from zabota.documents.pdf import merge_pdfs
from zabota.documents.rendering import TemplateRenderError
from zabota.documents.selectors import active_template
from zabota.documents.services import PreparedDocument, document_prepare, document_store
from zabota.organisation.models import Department, Staff

CHUNK = 50
# Acts sent to a rendering process at a time: the template's bytes travel once per batch.
RENDER_BATCH = 10
PDF_CHUNK = 25


@dataclass
class BulkResult:
    documents: list = field(default_factory=list)  # IssuedDocument, in the order of people
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    pdf: bytes = b""

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for n, document in enumerate(self.documents, start=1):
                archive.writestr(docx_name(n, document), bytes(document.content))
        return buffer.getvalue()


def docx_name(n: int, document) -> str:
    person = document.recipient.short_name if document.recipient else "без получателя"
    return f"{n:04d} {person} — акт {document.period}.docx".replace("/", "-")


def acts_bulk(
    *,
    actor: Staff,
    month: datetime.date,
    department: Department | None = None,
    recipient_ids: Collection[int] | None = None,
    with_pdf: bool = True,
    processes: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> BulkResult:
    """Issue the acts of everyone in the actor's scope with services in the month (of these
    people only, when recipient_ids are given)."""
    summaries = month_summaries(
        actor,
        month,
        department_id=department.pk if department else None,
        recipient_ids=recipient_ids,
    )
    if not summaries:
        where = f"в отделении «{department.name}»" if department else "в учреждении"
        raise ValidationError(f"За {month:%m.%Y} {where} нет оказанных услуг: актов нет.")
    result = BulkResult()
    total = len(summaries)
    processes = processes or min(2, os.cpu_count() or 1)
    period = f"{month:%Y-%m}"
    # One template for the whole run (the version in use when it starts), read once.
    version = active_template(actor.institution_id, "act")
    # ProcessPoolExecutor (not Pool): a worker that fails to start breaks the run with an
    # error instead of being restarted for ever.
    with ProcessPoolExecutor(
        processes, mp_context=multiprocessing.get_context("spawn"), initializer=workers.init
    ) as pool:
        # While the pool renders one chunk, this process prepares the next (the data and
        # numbers come from the database, which only this process uses): the cores are never
        # idle waiting for each other. A thousand acts took 43 s in turns.
        in_flight: deque = deque()
        for start in range(0, total, CHUNK):
            prepared = _prepare(actor, summaries[start : start + CHUNK], period, version, result)
            futures = [
                pool.submit(
                    workers.render_many,
                    version.content,
                    [p.context for p in prepared[i : i + RENDER_BATCH]],
                )
                for i in range(0, len(prepared), RENDER_BATCH)
            ]
            in_flight.append((min(start + CHUNK, total), prepared, futures))
            while len(in_flight) > 1:
                _store(in_flight.popleft(), result, total, on_progress)
        while in_flight:
            _store(in_flight.popleft(), result, total, on_progress)
        if with_pdf and result.documents:
            parts = [
                [bytes(d.content) for d in result.documents[i : i + PDF_CHUNK]]
                for i in range(0, len(result.documents), PDF_CHUNK)
            ]
            result.pdf = merge_pdfs(pool.map(workers.pdf, parts))
    return result


def _prepare(actor, chunk, period, version, result) -> list[PreparedDocument]:
    prepared: list[PreparedDocument] = []
    with transaction.atomic():
        for summary in chunk:
            try:
                prepared.append(
                    document_prepare(
                        actor=actor,
                        kind="act",
                        recipient=summary.recipient,
                        params={"period": period},
                        template=version,
                    )
                )
            except ValidationError as error:
                result.skipped.append((summary.recipient.full_name, " ".join(error.messages)))
    return prepared


def _store(item, result, total, on_progress) -> None:
    done, prepared, futures = item
    try:
        contents = [content for future in futures for content in future.result()]
    except TemplateRenderError as error:
        # The template in use fails (a limit, a field): the run stops saying why.
        raise ValidationError(f"Шаблон акта не заполняется: {error.describe()}") from error
    with transaction.atomic():
        result.documents.extend(
            document_store(p, content) for p, content in zip(prepared, contents, strict=True)
        )
    if on_progress:
        on_progress(done, total)
