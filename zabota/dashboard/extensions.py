"""The start page's own blocks (zabota.core.widgets); other areas register theirs."""

from zabota.core.widgets import Widget, register
from zabota.dashboard import blocks

register(Widget(10, "dashboard/blocks/today.html", blocks.today_block, "services.record"))
register(Widget(12, "dashboard/blocks/my_month.html", blocks.my_month_block, "services.record"))
register(Widget(15, "dashboard/blocks/attention.html", blocks.attention_block, "recipients.edit"))
register(Widget(40, "dashboard/blocks/workers.html", blocks.workers_block, "reports.view"))
register(
    Widget(
        50,
        "dashboard/blocks/charts.html",
        blocks.charts_block,
        "analytics.view",
        plain_figures=("chart",),
    )
)
register(Widget(60, "dashboard/blocks/accountant.html", blocks.accountant_block, "acts.view"))
register(Widget(70, "dashboard/blocks/admin.html", blocks.admin_block, "staff.manage"))
