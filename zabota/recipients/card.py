"""Sections of the recipient's card that other areas contribute (programs, payment, care, …).

An app registers its section in its `extensions` module; the card renders the sections the person's
role may see, in order, so no app has to edit the card's template to appear on it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CardSection:
    order: int
    template: str
    # (request, recipient) -> template context for the section
    context: Callable
    capability: str = "recipients.view"


SECTIONS: list[CardSection] = []


def register(section: CardSection) -> None:
    if section.template not in {s.template for s in SECTIONS}:
        SECTIONS.append(section)
        SECTIONS.sort(key=lambda s: s.order)


def sections_for(request, recipient) -> list[tuple[str, dict]]:
    staff = request.staff
    rendered = []
    for section in SECTIONS:
        if staff.can(section.capability):
            rendered.append((section.template, section.context(request, recipient)))
    return rendered
