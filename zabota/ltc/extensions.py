"""What long-term care adds to the extension points of the apps below: its section of the
recipient's card, the reassessments block of the start page, the «care_plan» document kind, the
approved care plan as a basis of the service log, and how the journal reads old plan lines."""

import re

from django.apps import apps

from zabota.audit.presentation import register_legacy
from zabota.core.widgets import Widget
from zabota.core.widgets import register as register_widget
from zabota.delivery import entitlements
from zabota.delivery.models import Basis
from zabota.documents.contexts import care_plan
from zabota.documents.kinds import DocumentKind
from zabota.documents.kinds import register as register_kind
from zabota.ltc import panels
from zabota.ltc.documents import KIND, OBJECT_TYPE, build_care_plan_context
from zabota.ltc.entitlements import care_plan_entitlements
from zabota.recipients.card import CardSection
from zabota.recipients.card import register as register_section

register_section(
    CardSection(order=40, template="ltc/_card_section.html", context=panels.card_context)
)
register_widget(
    Widget(
        order=30,
        template="ltc/_widget.html",
        context=panels.widget_context,
        capability="assessments.edit",
    )
)
register_kind(
    DocumentKind(
        code=KIND,
        object_type=OBJECT_TYPE,
        title="Дополнение к ИППСУ (индивидуальный план ухода)",
        sample_context=care_plan.sample,
        fields=care_plan.FIELDS,
        build_context=build_care_plan_context,
        number_prefix="ПУ",
        order=30,
    )
)
# The approved care plan is a basis of the service log (free care services).
entitlements.register(Basis.CARE_PLAN, care_plan_entitlements)

_CODE_IN_BRACKETS = re.compile(r"\(([a-z_]+)\)$")


def _careplan_line(text: str) -> str:
    """«Помощь в одевании (weekly)» → «Помощь в одевании (по дням недели)»."""
    field = apps.get_model("ltc", "CarePlanService")._meta.get_field("periodicity")
    labels = dict(field.flatchoices)
    return _CODE_IN_BRACKETS.sub(lambda m: f"({labels.get(m.group(1), m.group(1))})", text)


register_legacy("ltc.careplan", "services", _careplan_line)
