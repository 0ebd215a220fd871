"""The start page's block of intakes: a button for a new one and the unfinished ones (a tile
of the same saved list as the list page, so the number and the list agree)."""

from django.utils import timezone

from zabota.core.tiles import list_tile
from zabota.intake.lists import UNFINISHED
from zabota.intake.selectors import unfinished_for

SHOWN = 5


def unfinished_widget(request) -> dict:
    staff = request.staff
    today = timezone.localdate()
    return {
        "tiles": [list_tile("Незавершённые оформления", UNFINISHED, staff, today)],
        "recent": list(unfinished_for(staff)[:SHOWN]),
    }
