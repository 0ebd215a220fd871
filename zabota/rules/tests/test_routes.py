import datetime
import itertools
import random

import pytest

from zabota.rules.geo import distance_m, parse_point
from zabota.rules.routes import Stop, naive_length_m, route_order

T = datetime.time
# Around the centre of Kemerovo; 0.01° of latitude is about 1.1 km.
LAT, LON = 55.355, 86.087


def at(dx: float, dy: float, fixed: datetime.time | None = None) -> Stop:
    """A stop dx, dy hundredths of a degree east and north of the centre."""
    return Stop(LAT + dy / 100, LON + dx / 100, fixed)


def length(stops: list[Stop], order, start=None) -> int:
    points = [(s.latitude, s.longitude) for s in (stops[i] for i in order) if s.placed]
    if start:
        points = [start, *points]
    return sum(distance_m(*a, *b) for a, b in itertools.pairwise(points))


def anchors_keep_time_order(stops: list[Stop], order) -> bool:
    times = [stops[i].fixed_at for i in order if stops[i].fixed_at is not None]
    return times == sorted(times)


def test_it_returns_nothing_for_an_empty_day():
    route = route_order([])
    assert route.order == () and route.total_m == 0 and route.naive_m == 0


def test_a_single_visit_is_its_own_route_with_the_leg_from_the_start():
    stops = [at(1, 0)]
    route = route_order(stops, start=(LAT, LON))
    assert route.order == (0,)
    assert route.legs_m[0] == route.total_m == distance_m(LAT, LON, LAT, LON + 0.01)


def test_it_untangles_a_zigzag_along_a_street():
    # Houses 0..5 along one street, visited in a zigzag.
    stops = [at(0, 0), at(5, 0), at(1, 0), at(4, 0), at(2, 0), at(3, 0)]
    route = route_order(stops)
    assert route.order in [(0, 2, 4, 5, 3, 1), (1, 3, 5, 4, 2, 0)]
    assert route.total_m < route.naive_m
    assert route.saving_m == route.naive_m - route.total_m


def test_from_a_start_it_begins_with_the_nearest_end_of_the_street():
    stops = [at(5, 0), at(1, 0), at(3, 0), at(2, 0), at(4, 0)]
    route = route_order(stops, start=(LAT, LON))
    assert route.order == (1, 3, 2, 4, 0)
    assert route.legs_m[0] == distance_m(LAT, LON, LAT, LON + 0.01)
    assert sum(route.legs_m) == route.total_m


def test_an_already_good_order_is_kept():
    stops = [at(0, 0), at(1, 0), at(2, 0), at(3, 0)]
    route = route_order(stops)
    assert route.order == (0, 1, 2, 3)
    assert route.total_m == route.naive_m


def test_visits_without_coordinates_follow_in_their_given_order_and_are_reported():
    stops = [Stop(None, None), at(3, 0), Stop(LAT, None), at(1, 0), at(2, 0)]
    route = route_order(stops)
    assert route.order[:3] in [(3, 4, 1), (1, 4, 3)]
    assert route.order[3:] == (0, 2)
    assert route.unplaced == (0, 2)
    assert route.legs_m[3:] == (None, None)


def test_only_visits_without_coordinates_stay_as_given():
    stops = [Stop(None, None), Stop(None, None)]
    route = route_order(stops, start=(LAT, LON))
    assert route.order == (0, 1) and route.total_m == 0


def test_fixed_times_keep_their_order_even_when_the_plan_had_them_reversed():
    # The 14:00 visit is nearer the start, but the 10:00 one must come first.
    stops = [at(1, 0, T(14)), at(9, 0, T(10)), at(5, 0)]
    route = route_order(stops, start=(LAT, LON))
    assert anchors_keep_time_order(stops, route.order)
    assert route.order.index(1) < route.order.index(0)


def test_free_visits_fit_around_the_fixed_ones():
    # 09:00 far east, 12:00 back at the centre: the free visits on the way east go before 09:00.
    stops = [at(0, 1, T(12)), at(10, 0, T(9)), at(3, 0), at(6, 0), at(1, 1)]
    route = route_order(stops, start=(LAT, LON))
    assert anchors_keep_time_order(stops, route.order)
    assert route.order.index(2) < route.order.index(1)
    assert route.order.index(3) < route.order.index(1)
    assert route.total_m <= route.naive_m


def test_the_naive_length_counts_the_given_order_without_the_unplaced():
    stops = [at(0, 0), Stop(None, None), at(2, 0), at(1, 0)]
    assert naive_length_m(stops) == length(stops, [0, 2, 3])
    assert route_order(stops).naive_m == naive_length_m(stops)


def random_day(rng: random.Random) -> list[Stop]:
    stops = []
    for _ in range(rng.randint(0, 13)):
        if rng.random() < 0.1:
            stops.append(Stop(None, None))
            continue
        fixed = T(rng.randint(8, 17), rng.choice([0, 30])) if rng.random() < 0.2 else None
        stops.append(at(rng.uniform(-12, 12), rng.uniform(-7, 7), fixed))
    return stops


@pytest.mark.parametrize("seed", range(20))
def test_the_route_is_never_longer_than_the_given_order(seed):
    rng = random.Random(seed)
    for _ in range(100):
        stops = random_day(rng)
        start = (LAT + rng.uniform(-0.05, 0.05), LON) if rng.random() < 0.5 else None
        route = route_order(stops, start=start)
        assert sorted(route.order) == list(range(len(stops)))
        assert route.total_m <= route.naive_m == naive_length_m(stops, start)
        assert route.total_m == length(stops, route.order, start)
        assert anchors_keep_time_order(stops, route.order)
        unplaced = tuple(i for i, s in enumerate(stops) if not s.placed)
        assert route.order[len(stops) - len(unplaced) :] == unplaced == route.unplaced


def test_on_small_days_it_is_within_a_few_per_cent_of_the_best_order():
    rng = random.Random(7)
    worst = 0.0
    for _ in range(150):
        stops = [at(rng.uniform(-12, 12), rng.uniform(-7, 7)) for _ in range(rng.randint(2, 7))]
        best = min(length(stops, p) for p in itertools.permutations(range(len(stops))))
        worst = max(worst, route_order(stops).total_m / best - 1)
    assert worst < 0.03


@pytest.mark.parametrize("count", [16, 31, 45])
def test_a_long_day_is_ordered_too_and_never_longer(count):
    rng = random.Random(count)
    stops = [at(rng.uniform(-12, 12), rng.uniform(-7, 7)) for _ in range(count)]
    stops[3] = at(0, 0, T(9))
    stops[-2] = at(1, 1, T(15))
    route = route_order(stops)
    assert route.total_m < 0.6 * route.naive_m
    assert anchors_keep_time_order(stops, route.order)


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("55.354727, 86.087314", ("55.354727", "86.087314")),
        ("55,354727; 86,087314", ("55.354727", "86.087314")),
        ("  -33.8688197 151.2092955 ", ("-33.868820", "151.209296")),
        ("55.3,86.1", ("55.300000", "86.100000")),
    ],
)
def test_a_point_pasted_from_a_map_is_read(text, point):
    assert tuple(str(c) for c in parse_point(text)) == point


@pytest.mark.parametrize(
    "text", ["", "55.3", "abc, def", "95, 10", "10, 181", "١٢, 3", "1e3, 2", "55.3, 86.1, 7"]
)
def test_anything_else_is_not_a_point(text):
    with pytest.raises(ValueError, match="[а-я]"):
        parse_point(text)
