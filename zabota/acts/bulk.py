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
import time
import zipfile
from collections import deque
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.acts import workers
from zabota.acts.selectors import month_summaries
from zabota.documents.pdf import docxs_to_pdf, merge_pdfs, pdf_servers
from zabota.documents.rendering import TemplateRenderError
from zabota.documents.selectors import active_template
from zabota.documents.services import PreparedDocument, documents_prepare, documents_store
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
    pdf_seconds: float = 0.0  # of the run, making the PDF (the benchmark compares the engines)
    # The run was asked to stop: the acts stored so far are kept, no ZIP or PDF is made.
    stopped: bool = False

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
    done: Sequence = (),
    on_stored: Callable[[list], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> BulkResult:
    """Issue the acts of everyone in the actor's scope with services in the month (of these
    people only, when recipient_ids are given).

    A run that goes on after an interruption passes the acts it already issued (`done`): their
    people are skipped and the acts go into the ZIP and PDF as they are. `on_stored` gets each
    chunk of new acts inside the transaction that archives them; `should_stop` is asked before
    each chunk is prepared, and a stopped run finishes the chunks under way and returns."""
    summaries = month_summaries(
        actor,
        month,
        department_id=department.pk if department else None,
        recipient_ids=recipient_ids,
    )
    if not summaries:
        where = f"в отделении «{department.name}»" if department else "в учреждении"
        raise ValidationError(f"За {month:%m.%Y} {where} нет оказанных услуг: актов нет.")
    result = BulkResult(documents=list(done))
    total = len(summaries)
    finished = {d.recipient_id for d in done}
    order = {s.recipient.pk: n for n, s in enumerate(summaries)}
    summaries = [s for s in summaries if s.recipient.pk not in finished]
    offset = total - len(summaries)
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
        for start in range(0, len(summaries), CHUNK):
            if should_stop and should_stop():
                result.stopped = True
                break
            prepared = _prepare(actor, summaries[start : start + CHUNK], period, version, result)
            futures = [
                pool.submit(
                    workers.render_many,
                    version.content,
                    [p.context for p in prepared[i : i + RENDER_BATCH]],
                )
                for i in range(0, len(prepared), RENDER_BATCH)
            ]
            in_flight.append((offset + min(start + CHUNK, len(summaries)), prepared, futures))
            while len(in_flight) > 1:
                _store(in_flight.popleft(), result, total, on_progress, on_stored)
        while in_flight:
            _store(in_flight.popleft(), result, total, on_progress, on_stored)
        # In the order of people, the acts of an earlier attempt among them.
        result.documents.sort(key=lambda d: order.get(d.recipient_id, total))
        if with_pdf and result.documents and not result.stopped:
            started = time.perf_counter()
            result.pdf = _print(pool, [bytes(d.content) for d in result.documents])
            result.pdf_seconds = time.perf_counter() - started
    return result


def _print(pool, contents: list[bytes]) -> bytes:
    """One PDF of the run. LibreOffice kept running does the work in its own processes, one
    conversion per server at a time; the HTML engine lays chunks out in the rendering pool."""
    if pdf_servers():
        return docxs_to_pdf(contents)
    parts = [contents[i : i + PDF_CHUNK] for i in range(0, len(contents), PDF_CHUNK)]
    return merge_pdfs(pool.map(workers.pdf, parts))


def _prepare(actor, chunk, period, version, result) -> list[PreparedDocument]:
    with transaction.atomic():
        outcomes = documents_prepare(
            actor=actor,
            kind="act",
            recipients=[summary.recipient for summary in chunk],
            params={"period": period},
            template=version,
        )
    prepared: list[PreparedDocument] = []
    for summary, outcome in zip(chunk, outcomes, strict=True):
        if isinstance(outcome, ValidationError):
            result.skipped.append((summary.recipient.full_name, " ".join(outcome.messages)))
        else:
            prepared.append(outcome)
    return prepared


def _store(item, result, total, on_progress, on_stored) -> None:
    done, prepared, futures = item
    try:
        contents = [content for future in futures for content in future.result()]
    except TemplateRenderError as error:
        # The template in use fails (a limit, a field): the run stops saying why.
        raise ValidationError(f"Шаблон акта не заполняется: {error.describe()}") from error
    with transaction.atomic():
        stored = documents_store(prepared, contents)
        if on_stored:
            on_stored(stored)
    result.documents.extend(stored)
    if on_progress:
        on_progress(done, total)
