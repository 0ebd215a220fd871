"""What the intake adds to the apps below: «Незавершённые оформления» on the start page of
those who take people on (zabota.core.apps says when this runs)."""

from zabota.core.widgets import Widget, register
from zabota.intake.widgets import unfinished_widget

register(Widget(5, "intake/widgets/unfinished.html", unfinished_widget, "recipients.edit"))
