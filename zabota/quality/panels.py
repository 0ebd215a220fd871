"""The start page's block of quality of care (registered in zabota.quality.extensions)."""

from django.utils import timezone

from zabota.core.tiles import list_tile
from zabota.quality import lists
from zabota.quality.selectors import OPEN, OVERDUE

WIDGET_TEMPLATE = "quality/_widget.html"


def widget_context(request) -> dict | None:
    """Appeals past their deadline and open ones; for inspectors, violations past their
    deadline and the quarter's planned inspections not yet done. Saved filters of the lists."""
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
