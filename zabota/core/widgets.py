"""Blocks of the start page. Each area registers what its people need to see on Monday morning;
the start page shows the blocks the person's role may see, in order.

A number a block shows is a `zabota.core.tiles.Tile`: the count of a list it links to, or
a figure declared plain. A bare count in a block's context fails the start page's tests unless
its key is listed in `plain_figures` (a chart's data, which is no list)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Widget:
    order: int
    template: str
    # request -> context dict, or None to hide the block
    context: Callable
    capability: str = "staff"
    # Keys of the context under which numbers are not counts of any list.
    plain_figures: tuple[str, ...] = ()


WIDGETS: list[Widget] = []


def register(widget: Widget) -> None:
    if widget.template not in {w.template for w in WIDGETS}:
        WIDGETS.append(widget)
        WIDGETS.sort(key=lambda w: w.order)


def widgets_for(request) -> list[tuple[str, dict]]:
    shown = []
    for widget in WIDGETS:
        if request.staff.can(widget.capability):
            context = widget.context(request)
            if context is not None:
                shown.append((widget.template, context))
    return shown
