"""A worker's day in route order (zabota.rules.routes): the tablet's plan, the route sheet and the
benchmark of the saving all order a day here, so they agree.

The start is the worker's department's point when the head has entered it, else the walk starts
at whichever visit makes it shortest. Nothing in the data gives a visit a fixed time yet (a Visit
has only the times the worker marked): the rule supports anchors, the plan passes none.
"""

from collections.abc import Sequence
from typing import Protocol, TypeVar

from zabota.organisation.models import Staff
from zabota.rules.routes import Route, Stop, route_order


class Placed(Protocol):
    latitude: object
    longitude: object
    leg_m: int | None


V = TypeVar("V", bound=Placed)


def route_start(staff: Staff) -> tuple[float, float] | None:
    department = staff.department
    if department is None or department.latitude is None or department.longitude is None:
        return None
    return float(department.latitude), float(department.longitude)


def stop_of(visit: Placed) -> Stop:
    if visit.latitude is None or visit.longitude is None:
        return Stop(None, None)
    return Stop(float(visit.latitude), float(visit.longitude))  # type: ignore[arg-type]


def day_route(visits: Sequence[V], start: tuple[float, float] | None) -> tuple[list[V], Route]:
    """The visits in route order, each with `leg_m` (metres from the previous point) set."""
    route = route_order([stop_of(v) for v in visits], start=start)
    ordered = [visits[i] for i in route.order]
    for visit, leg in zip(ordered, route.legs_m, strict=True):
        visit.leg_m = leg
    return ordered, route


def in_route_order(visits: list[V], staff: Staff) -> list[V]:
    """The day's visits of the tablet's plan, ordered for the shortest walk."""
    return day_route(visits, route_start(staff))[0]
