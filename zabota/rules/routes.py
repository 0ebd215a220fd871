"""The order of a worker's visits in a day: the shortest walk between the recipients' homes that
keeps the visits with a fixed time in their time order.

A day holds 5–12 visits, so a plain heuristic is near-optimal and needs no solver: nearest
neighbour from every possible first stop, then 2-opt and moving single stops until nothing
improves. The same improvement is run from the given (naive) order too, and the shorter of the
two is kept, so the result is never longer than the order the plan gave (the guarantee the
tests check over thousands of random days).

Fixed times: a visit with a time (a doctor's appointment, a recipient who is only at home in
the morning) is an anchor. Anchors keep their time order among themselves; free visits go
wherever they shorten the walk, before, between or after them. The naive order is the given one
with the anchors put in time order in the places anchors held (the given order may disagree
with the times). Visits without coordinates cannot be placed: they follow the route in their
given order and are reported, for the head to fix the address.

Distances are haversine (zabota.rules.geo) in whole metres — straight lines, not streets; the
order, not the kilometres, is what matters, and the streets of a town bend alike in any order.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from zabota.rules.geo import distance_m

# Above this many stops the nearest neighbour starts from one stop only (each start is improved
# separately: 12 stops take 10 ms, 30 from every start took 0.4 s); single-stop moves are
# tried up to RELOCATE_LIMIT stops (each try recounts the walk).
MULTI_START_LIMIT = 15
RELOCATE_LIMIT = 30


@dataclass(frozen=True)
class Stop:
    """One visit to place: where (None when the address has no coordinates) and when, if fixed."""

    latitude: float | None
    longitude: float | None
    fixed_at: datetime.time | None = None

    @property
    def placed(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Route:
    """The answer: positions into the given stops, the routed ones first, then the unplaced."""

    order: tuple[int, ...]
    # For each entry of `order`: metres from the previous point (the start, or the previous
    # stop); None for the first stop when there is no start, and for the unplaced.
    legs_m: tuple[int | None, ...]
    total_m: int
    naive_m: int
    unplaced: tuple[int, ...]

    @property
    def saving_m(self) -> int:
        return self.naive_m - self.total_m


def route_order(stops: Sequence[Stop], start: tuple[float, float] | None = None) -> Route:
    """Order `stops` from `start` (the department's address), or as an open walk without one."""
    placed = [i for i, s in enumerate(stops) if s.placed]
    unplaced = tuple(i for i, s in enumerate(stops) if not s.placed)
    points = [(float(stops[i].latitude), float(stops[i].longitude)) for i in placed]  # type: ignore[arg-type]
    fixed = [stops[i].fixed_at for i in placed]
    walk = _Walk(points, fixed, start)
    naive = walk.naive()
    best = walk.improve(naive)
    for candidate in walk.nearest_neighbour_tours():
        candidate = walk.improve(candidate)
        if walk.cost(candidate) < walk.cost(best):
            best = candidate
    # The guard the module promises, whatever the search did.
    if walk.cost(best) > walk.cost(naive):
        best = naive
    legs = walk.legs(best)
    order = tuple(placed[k] for k in best) + unplaced
    return Route(
        order=order,
        legs_m=tuple(legs) + (None,) * len(unplaced),
        total_m=walk.cost(best),
        naive_m=walk.cost(naive),
        unplaced=unplaced,
    )


def naive_length_m(stops: Sequence[Stop], start: tuple[float, float] | None = None) -> int:
    """Metres of the walk in the given order (anchors in time order), stops without coordinates
    skipped — what the day costs before ordering."""
    placed = [s for s in stops if s.placed]
    points = [(float(s.latitude), float(s.longitude)) for s in placed]  # type: ignore[arg-type]
    walk = _Walk(points, [s.fixed_at for s in placed], start)
    return walk.cost(walk.naive())


class _Walk:
    """Distances between the placed stops (and the start), and the moves on a sequence of them."""

    def __init__(
        self,
        points: list[tuple[float, float]],
        fixed: list[datetime.time | None],
        start: tuple[float, float] | None,
    ):
        self.n = len(points)
        self.fixed = fixed
        self.has_start = start is not None
        self.between = [[distance_m(*a, *b) for b in points] for a in points]
        self.from_start = [distance_m(*start, *p) for p in points] if start else [0] * self.n

    def d(self, a: int | None, b: int | None) -> int:
        """Metres from a to b; None: the start before the first stop, or nothing after the last."""
        if b is None:
            return 0
        if a is None:
            return self.from_start[b]
        return self.between[a][b]

    def cost(self, seq: list[int]) -> int:
        return sum(leg for leg in self.legs(seq) if leg is not None)

    def legs(self, seq: list[int]) -> list[int | None]:
        result: list[int | None] = []
        previous = None
        for k, stop in enumerate(seq):
            result.append(None if k == 0 and not self.has_start else self.d(previous, stop))
            previous = stop
        return result

    def anchors_in_order(self) -> list[int]:
        anchors = [k for k in range(self.n) if self.fixed[k] is not None]
        return sorted(anchors, key=lambda k: (self.fixed[k], k))

    def naive(self) -> list[int]:
        """The given order with the anchors in time order in the places anchors held."""
        timed = iter(self.anchors_in_order())
        return [next(timed) if self.fixed[k] is not None else k for k in range(self.n)]

    def nearest_neighbour_tours(self) -> list[list[int]]:
        anchors = self.anchors_in_order()
        if self.has_start:
            firsts: list[int | None] = [None]
        else:
            firsts = [k for k in range(self.n) if self.fixed[k] is None]
            if anchors:
                firsts.append(anchors[0])
            if self.n > MULTI_START_LIMIT:
                firsts = firsts[:1]
        return [self._nearest_from(first, anchors) for first in firsts]

    def _nearest_from(self, first: int | None, anchors: list[int]) -> list[int]:
        """Always go to the nearest stop allowed next: any free one, or the next anchor."""
        free = {k for k in range(self.n) if self.fixed[k] is None}
        waiting = list(anchors)
        seq: list[int] = []
        current = first
        if first is not None:
            seq.append(first)
            free.discard(first)
            if waiting and waiting[0] == first:
                waiting.pop(0)
        while free or waiting:
            candidates = sorted(free) + waiting[:1]
            current = min(candidates, key=lambda k: (self.d(current, k), k))
            seq.append(current)
            if waiting and current == waiting[0]:
                waiting.pop(0)
            else:
                free.discard(current)
        return seq

    def improve(self, seq: list[int]) -> list[int]:
        """2-opt and single-stop moves until none shortens the walk; anchors stay in order."""
        seq = list(seq)
        improved = True
        while improved:
            improved = self._two_opt(seq) or (self.n <= RELOCATE_LIMIT and self._relocate(seq))
        return seq

    def _two_opt(self, seq: list[int]) -> bool:
        # Reversing a stretch with two anchors or more would swap their order.
        for i in range(len(seq) - 1):
            for j in range(i + 1, len(seq)):
                if sum(self.fixed[k] is not None for k in seq[i : j + 1]) > 1:
                    break
                before = seq[i - 1] if i > 0 else None
                after = seq[j + 1] if j + 1 < len(seq) else None
                if i == 0 and not self.has_start:
                    old = self.d(seq[j], after)
                    new = self.d(seq[i], after)
                else:
                    old = self.d(before, seq[i]) + self.d(seq[j], after)
                    new = self.d(before, seq[j]) + self.d(seq[i], after)
                if new < old:
                    seq[i : j + 1] = reversed(seq[i : j + 1])
                    return True
        return False

    def _relocate(self, seq: list[int]) -> bool:
        """Move one free stop elsewhere, when that shortens the walk."""
        current = self.cost(seq)
        for i, stop in enumerate(seq):
            if self.fixed[stop] is not None:
                continue
            rest = seq[:i] + seq[i + 1 :]
            for j in range(len(rest) + 1):
                if j == i:
                    continue
                candidate = rest[:j] + [stop] + rest[j:]
                if self.cost(candidate) < current:
                    seq[:] = candidate
                    return True
        return False
