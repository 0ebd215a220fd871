"""What the tablet adds to the extension points: the act signatures on the recipient's card,
the long export of the visits as a job, the route sheet (маршрутный лист) as a document kind
and the head's tile of addresses without coordinates."""

from zabota.core.widgets import Widget
from zabota.core.widgets import register as register_widget
from zabota.documents.contexts import route_sheet
from zabota.documents.kinds import DocumentKind
from zabota.documents.kinds import register as register_kind
from zabota.field.card import signatures_section
from zabota.field.exports import VISITS_EXPORT
from zabota.field.panels import WIDGET_TEMPLATE, widget_context
from zabota.field.route_sheet import KIND, build_route_sheet_context
from zabota.jobs.exports import register_export
from zabota.recipients.card import CardSection, register

register(CardSection(order=45, template="field/_card_signatures.html", context=signatures_section))
register_export(VISITS_EXPORT)
register_kind(
    DocumentKind(
        code=KIND,
        title="Маршрутный лист",
        sample_context=route_sheet.sample,
        fields=route_sheet.FIELDS,
        build_context=build_route_sheet_context,
        needs_recipient=False,
        number_prefix="МЛ",
        issue_capability="services.record",
        generic_issue=False,
        order=90,
    )
)
register_widget(
    Widget(order=50, template=WIDGET_TEMPLATE, context=widget_context, capability="recipients.edit")
)
