"""What quality of care adds to other pages and commands, registered in QualityConfig.ready():
the start page's block, the header's alerts, the answer to an appeal as a document kind, and
`manage.py report --kind quality`."""

from django.utils import timezone

WIDGET_TEMPLATE = "quality/_widget.html"


def widget_context(request) -> dict | None:
    """Appeals past their deadline and open ones; for inspectors, violations past their
    deadline and the quarter's planned inspections not yet done. Saved filters of the lists."""
    from zabota.dashboard.tiles import list_tile
    from zabota.quality import lists
    from zabota.quality.selectors import OPEN, OVERDUE

    staff, today = request.staff, timezone.localdate()
    tiles = [
        list_tile("Обращения: срок ответа истёк", lists.COMPLAINTS, staff, today, state=OVERDUE),
        list_tile("Обращения на рассмотрении", lists.COMPLAINTS, staff, today, state=OPEN),
    ]
    if staff.can("quality.inspect"):
        tiles += [
            list_tile(
                "Нарушения не устранены в срок",
                lists.VIOLATIONS,
                staff,
                today,
                state=lists.OVERDUE,
            ),
            list_tile(
                "Контрольные посещения квартала не проведены",
                lists.PLAN,
                staff,
                today,
                state=lists.TODO,
            ),
        ]
    return {"tiles": tiles}


def register_all() -> None:
    from zabota.core.navigation import HeaderLink, register_header_link
    from zabota.dashboard.widgets import Widget
    from zabota.dashboard.widgets import register as register_widget
    from zabota.documents.kinds import provide_context
    from zabota.quality.card import card_context
    from zabota.quality.documents import KIND, build_answer_context
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
            order=45,
            template=WIDGET_TEMPLATE,
            context=widget_context,
            capability="quality.complaints",
        )
    )
    register_header_link(
        HeaderLink("Оповещения", "quality:alerts", "staff", badge_url_name="quality:alerts_badge")
    )
    provide_context(KIND, build_answer_context)
    registry.register(registry.CommandReport(REPORT_KIND, TITLE, command_report))
