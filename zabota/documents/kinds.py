"""The registry of document kinds: what each document needs, who builds its data, which fields
its template may use.

Each kind is registered by the app that builds its data, in its `extensions` module: the
documents app registers the recipient-level ones ("consent", "application", "discharge_notice",
zabota.documents.contexts); programs registers "program", "contract" and "contract_agreement",
ltc "care_plan", acts "act", each with the field list and sample data of its context module
(zabota.documents.contexts.<kind>) and its builder:

    # zabota/programs/extensions.py
    kinds.register(DocumentKind(code="contract", ..., build_context=build_contract_context))

A builder takes one `IssueRequest` and returns the kind's part of the template context (the
fields in `DocumentKind.fields`); the common part (institution, recipient, representative,
issuer, document, today) is added by `zabota.documents.services.document_issue`. See
docs/documents.md for the contract of every kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class IssueRequest:
    """What a builder is asked for: who issues, for whom, about which object, with which options.

    `recipient` has already been checked against the actor's scope. An object named only by
    `object_type`/`object_id` (from the generic issue URL) must be fetched by the builder through
    the actor's scope too, and must belong to the recipient.
    """

    actor: Any  # zabota.organisation.models.Staff
    recipient: Any = None  # zabota.recipients.models.Recipient
    object_type: str = ""
    object_id: str = ""
    obj: Any = None  # the related model instance, when the caller had it
    period: str = ""
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document Zabota issues from an editable DOCX template."""

    code: str
    title: str
    # () -> dict: complete example data of the kind's own fields, for the upload check, the help
    # page and the tests.
    sample_context: Callable[[], dict]
    # [(name, description)] of the kind's own fields, dotted: "fee.amount", "services[].name".
    fields: Sequence[tuple[str, str]]
    # (IssueRequest) -> dict, or None while the owning app has not attached it.
    build_context: Callable[[IssueRequest], dict] | None = None
    # ([IssueRequest]) -> [dict or ValidationError]: the same for many documents at once, their
    # data read together (bulk runs); None: build_context is called for each.
    build_contexts: Callable[[list[IssueRequest]], list] | None = None
    needs_recipient: bool = True
    # The model ("app.model", with a `recipient`) of the object the document is issued for, e.g.
    # "programs.contract": the issue page then requires `object=<that type>:<id>` of the person.
    object_type: str = ""
    # Archive numbers read "<prefix>-<n>/<year>"; each kind counts from 1 every year.
    number_prefix: str = "Д"
    # Capability needed to issue it (the view and the card buttons check it).
    issue_capability: str = "recipients.edit"
    # A Django form asking for the kind's params on the issue page (e.g. a date), or None.
    params_form: type | None = None
    # Offered as an "issue" button in the documents section of the recipient's card.
    on_card: bool = False
    # The place in lists and on the help page.
    order: int = 100
    # False: issued only from its own app's page and kept there (the answer to an appeal), so
    # the generic issue endpoint refuses it and nothing of it enters the general archive.
    generic_issue: bool = True

    @property
    def can_issue(self) -> bool:
        return self.build_context is not None

    @property
    def asks_params(self) -> bool:
        # For templates: Django would call the form class if a template named it.
        return self.params_form is not None


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    """Add a kind, or replace the one with the same code."""
    _KINDS[kind.code] = kind


def provide_context(
    code: str,
    build_context: Callable[[IssueRequest], dict],
    build_contexts: Callable[[list[IssueRequest]], list] | None = None,
) -> DocumentKind:
    """Replace the data builder of a registered kind (tests stand in for the owning app); a
    builder of many documents at once is replaced too, so the one given is the one called."""
    kind = get_kind(code)
    kind = replace(kind, build_context=build_context, build_contexts=build_contexts)
    _KINDS[code] = kind
    return kind


def get_kind(code: str) -> DocumentKind:
    """The kind with this code; KeyError for an unknown one."""
    return _KINDS[code]


def all_kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.title))


def card_kinds() -> list[DocumentKind]:
    """Kinds issued from the recipient's card with a button."""
    return [k for k in all_kinds() if k.on_card and k.can_issue]
