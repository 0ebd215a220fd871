"""What quality of care adds to the extension points of the apps below: the section of the
recipient's card, the start page's block, the header's alerts, the answer to an appeal as a
document kind, `manage.py report --kind quality`, the day's alerts as a job of the timer, and
the report as a job when it is long."""

from zabota.core.navigation import HeaderLink, register_header_link
from zabota.core.widgets import Widget
from zabota.core.widgets import register as register_widget
from zabota.documents.contexts import complaint_answer
from zabota.documents.kinds import DocumentKind
from zabota.documents.kinds import register as register_kind
from zabota.jobs.kinds import register as register_job
from zabota.jobs.reports import register_report
from zabota.quality.card import card_context
from zabota.quality.documents import KIND, build_answer_context
from zabota.quality.jobs import ALERTS_JOB, QUALITY_REPORT
from zabota.quality.panels import WIDGET_TEMPLATE, widget_context
from zabota.quality.report import KIND as REPORT_KIND
from zabota.quality.report import TITLE, command_report
from zabota.recipients.card import CardSection
from zabota.recipients.card import register as register_section
from zabota.reports import registry

register_section(
    CardSection(
        order=60,
        template="quality/_card_section.html",
        context=card_context,
        capability="quality.surveys",
    )
)
register_widget(
    Widget(
        order=45, template=WIDGET_TEMPLATE, context=widget_context, capability="quality.complaints"
    )
)
register_header_link(
    HeaderLink("Оповещения", "quality:alerts", "staff", badge_url_name="quality:alerts_badge")
)
register_kind(
    DocumentKind(
        code=KIND,
        title="Ответ на обращение",
        sample_context=complaint_answer.sample,
        fields=complaint_answer.FIELDS,
        build_context=build_answer_context,
        needs_recipient=False,
        number_prefix="ОТВ",
        issue_capability="quality.complaints",
        generic_issue=False,
        order=80,
    )
)
registry.register(registry.CommandReport(REPORT_KIND, TITLE, command_report))
register_job(ALERTS_JOB)
register_report(QUALITY_REPORT)
