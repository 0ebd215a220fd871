"""The supervisor's start page block and the report sections (the quality indicators among
them)."""

from zabota.core.widgets import Widget
from zabota.core.widgets import register as register_widget
from zabota.supervision import blocks
from zabota.supervision.figures import BUILT_IN
from zabota.supervision.quality import QUALITY_SECTION
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
