"""What the routes show on the start page: the head's addresses to fix."""

from django.utils import timezone

from zabota.core.tiles import list_tile
from zabota.field.lists import UNPLACED

WIDGET_TEMPLATE = "field/_widget_routes.html"


def widget_context(request) -> dict | None:
    """Shown only while there is something to fix."""
    tile = list_tile("Адреса без координат", UNPLACED, request.staff, timezone.localdate())
    return {"tiles": [tile]} if tile.count else None
