"""What programs add to the extension points of the apps below: sections of the recipient's
card, the deadlines block of the start page, the three document kinds, the cost a fee is
computed on, and how the journal reads program lines written before labels were stored."""

import re
from decimal import Decimal

from zabota.audit.presentation import EMPTY, number_shown, register_legacy
from zabota.core.widgets import Widget
from zabota.core.widgets import register as register_widget
from zabota.documents.contexts import contract, contract_agreement, program
from zabota.documents.kinds import DocumentKind
from zabota.documents.kinds import register as register_kind
from zabota.payments import costs
from zabota.programs.card import (
    card_program_in_force,
    contracts_section,
    deadlines_widget,
    programs_section,
)
from zabota.programs.models import WEEKDAYS, Program
from zabota.programs.printing import (
    build_agreement_context,
    build_contract_context,
    build_program_context,
)
from zabota.programs.selectors import (
    governing_on,
    planned_costs,
    planned_monthly_cost,
    program_in_force,
)
from zabota.recipients.card import CardSection
from zabota.recipients.card import register as register_section

register_section(CardSection(20, "programs/card_programs.html", programs_section))
register_section(CardSection(30, "programs/card_contracts.html", contracts_section))
# Heads, the director and specialists: the people who renew certificates and programs.
register_widget(Widget(20, "programs/widgets/deadlines.html", deadlines_widget, "recipients.edit"))

register_kind(
    DocumentKind(
        code="contract",
        object_type="programs.contract",
        title="Договор о предоставлении социальных услуг",
        sample_context=contract.sample,
        fields=contract.FIELDS,
        build_context=build_contract_context,
        number_prefix="Д",
        order=10,
    )
)
register_kind(
    DocumentKind(
        code="contract_agreement",
        title="Дополнительное соглашение к договору",
        sample_context=contract_agreement.sample,
        fields=contract_agreement.FIELDS,
        build_context=build_agreement_context,
        number_prefix="ДС",
        order=15,
    )
)
register_kind(
    DocumentKind(
        code="program",
        object_type="programs.program",
        title="Индивидуальная программа предоставления социальных услуг",
        sample_context=program.sample,
        fields=program.FIELDS,
        build_context=build_program_context,
        number_prefix="ИП",
        order=20,
    )
)

ZERO = Decimal("0.00")


def _cost_of_recipient(recipient, on_date, request=None) -> tuple[Program | None, Decimal]:
    if request is not None:
        in_force = card_program_in_force(request, recipient, on_date)
    else:
        in_force = program_in_force(recipient, on_date)
    return in_force, planned_monthly_cost(in_force, on_date) if in_force else ZERO


def _costs_of_recipients(recipient_ids, on_date) -> dict[int, Decimal]:
    in_force = Program.objects.filter(governing_on(on_date), recipient_id__in=recipient_ids)
    programs = dict(in_force.order_by("valid_from", "pk").values_list("recipient_id", "pk"))
    planned = planned_costs(in_force.values("pk"), on_date)
    return {rid: planned.get(pk, ZERO) for rid, pk in programs.items()}


costs.register(costs.CostSource(_cost_of_recipient, _costs_of_recipients))

_PROGRAM_LINE = re.compile(r"^(.*) × ([\d.]+) \((.*); ([a-z,]*)\)$")


def _program_line(text: str) -> str:
    """«A01 × 8.00 (—; mon,wed)» → «A01 × 8 (—; пн, ср)»."""
    match = _PROGRAM_LINE.match(text)
    if not match:
        return text
    code, quantity, periodicity, days = match.groups()
    labels = dict(WEEKDAYS)
    days_text = ", ".join(str(labels.get(d, d)) for d in days.split(",") if d) or EMPTY
    return f"{code} × {number_shown(quantity)} ({periodicity}; {days_text})"


register_legacy("programs.program", "services", _program_line)
