"""What the intake adds to the apps below: «Незавершённые оформления» on the start page of
those who take people on, and the re-enrolment on a discharged person's card (zabota.core.apps
says when this runs)."""

from zabota.core.widgets import Widget, register
from zabota.intake.card import reenrol_section
from zabota.intake.widgets import unfinished_widget
from zabota.recipients.card import CardSection
from zabota.recipients.card import register as register_section

register(Widget(5, "intake/widgets/unfinished.html", unfinished_widget, "recipients.edit"))
register_section(
    CardSection(3, "intake/_card_section.html", reenrol_section, capability="recipients.edit")
)
