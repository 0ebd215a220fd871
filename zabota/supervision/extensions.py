"""The supervisor's start page block, the report sections (the quality indicators among
them) and the reports the worker builds when they are long."""

from zabota.core.widgets import Widget
from zabota.core.widgets import register as register_widget
from zabota.jobs.reports import register_report
from zabota.supervision import blocks
from zabota.supervision.figures import BUILT_IN
from zabota.supervision.quality import QUALITY_SECTION
from zabota.supervision.reports import ALL_SECTIONS_REPORT, SECTION_REPORT, SOBES_REPORT
from zabota.supervision.sections import register

for section in (*BUILT_IN, QUALITY_SECTION):
    register(section)

register_widget(
    Widget(
        5,
        "supervision/block.html",
        blocks.supervisor_block,
        "supervision.view",
        plain_figures=("rows",),
    )
)

for report in (SECTION_REPORT, ALL_SECTIONS_REPORT, SOBES_REPORT):
    register_report(report)
