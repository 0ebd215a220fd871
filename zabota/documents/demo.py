"""Demo: a few recipients already have their application and consent in the archive, so the
card's «Документы» section and the archive list are not empty."""

from zabota.core.demo import DemoContext
from zabota.documents.services import document_issue

DEMO_DOCUMENTS = 6


def populate(ctx: DemoContext) -> None:
    actor = ctx.staff.get("specialist1") or next(iter(ctx.staff.values()))
    for recipient in ctx.extra.get("recipients", [])[:DEMO_DOCUMENTS]:
        for kind in ("application", "consent"):
            document_issue(actor=actor, kind=kind, recipient=recipient)
