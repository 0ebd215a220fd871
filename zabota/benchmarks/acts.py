"""Monthly acts: one act issued as DOCX, and every act of a month for a thousand people.

act_docx goes the way of the act page (documents.services.document_issue: the data from the
log and the payment decision, a number, the DOCX, the archive entry and its audit line); its
floor renders the same template with the same data in a bare loop, without the database.
acts_bulk is acts.bulk.acts_bulk without the PDF, its floor the same documents rendered bare
one after another (the sequential floor: on two cores the run should take 0.6 of it or less);
acts_bulk_pdf the same run with the merged PDF.
"""

from __future__ import annotations

import os
import statistics
import time

from django.db import transaction

from zabota.acts.bulk import acts_bulk
from zabota.acts.selectors import month_summaries
from zabota.benchmarks.common import Months, Result, Scale
from zabota.documents.rendering import render_docx
from zabota.documents.services import document_issue, document_prepare, document_render
from zabota.organisation.models import Institution, Staff
from zabota.organisation.roles import Role

ROUNDS = 3


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
    started = time.perf_counter()
    result = acts_bulk(actor=actor, month=month, recipient_ids=ids, with_pdf=True)
    value = time.perf_counter() - started
    results.append(
        Result(
            "acts_bulk_pdf",
            value,
            "s",
            note=f"{len(ids)} получателей: {len(result.documents)} актов и общий PDF "
            f"({len(result.pdf) // 1024} КБ)",
        )
    )
    log(f"  acts_bulk_pdf: {value:.1f} с на {len(ids)} получателей с общим PDF")
    return results
