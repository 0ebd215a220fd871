"""Who covers an absent worker's recipients: the proposal the head confirms (issue 22, item 2).

Each recipient goes to the candidate with the least load at that moment (their own recipients
plus those already given to them by this proposal); among equally loaded candidates, the one
whose nearest own recipient lives closest to this recipient (a worker already walks that
street). A recipient or candidate without coordinates counts as far from everyone, so the load
alone decides. Recipients are given out in the order received (the caller sorts them), so
the same input always proposes the same cover.

No act sets how cover is shared out; this is the centre's practice made explicit, and the head
changes any line of the proposal before confirming it."""

from dataclasses import dataclass, field

from zabota.rules.geo import distance_m

Point = tuple[float, float]
FAR = 10**12  # metres: farther than any two addresses on the Earth


@dataclass(frozen=True)
class Candidate:
    id: int
    load: int  # recipients served on the first day of the absence
    homes: tuple[Point, ...] = field(default=())  # where their own recipients live


def nearest_m(point: Point | None, homes: tuple[Point, ...]) -> int:
    if point is None or not homes:
        return FAR
    return min(distance_m(point[0], point[1], lat, lon) for lat, lon in homes)


def propose(
    recipients: list[tuple[int, Point | None]], candidates: list[Candidate]
) -> dict[int, int]:
    """{recipient id: candidate id}; empty when there is no candidate."""
    if not candidates:
        return {}
    load = {c.id: c.load for c in candidates}
    chosen: dict[int, int] = {}
    for recipient_id, point in recipients:
        best = min(candidates, key=lambda c: (load[c.id], nearest_m(point, c.homes), c.id))
        chosen[recipient_id] = best.id
        load[best.id] += 1
    return chosen
