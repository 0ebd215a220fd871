from decimal import Decimal

import pytest

from zabota.rules.geo import distance_m
from zabota.rules.volumes import check_volume, fulfilment_percent

D = Decimal


@pytest.mark.parametrize(
    ("planned", "used", "adding", "exceeds", "remaining"),
    [
        (D(8), D(0), D(1), False, D(8)),
        (D(8), D(7), D(1), False, D(1)),  # exactly the plan is not an excess
        (D(8), D(8), D(1), True, D(0)),
        (D(8), D(7), D("1.5"), True, D(1)),
        (D(0), D(0), D(1), True, D(0)),  # nothing planned: any record exceeds
        (D(10), D(12), D(1), True, D(0)),
    ],
)
def test_the_monthly_volume_check(planned, used, adding, exceeds, remaining):
    check = check_volume(planned=planned, used=used, adding=adding)
    assert check.exceeds is exceeds
    assert check.remaining == remaining
    assert check.after == used + adding


@pytest.mark.parametrize(("adding", "used"), [(D(0), D(0)), (D(-1), D(0)), (D(1), D(-1))])
def test_volumes_must_make_sense(adding, used):
    with pytest.raises(ValueError):
        check_volume(planned=D(5), used=used, adding=adding)


@pytest.mark.parametrize(
    ("planned", "done", "percent"),
    [
        (D(8), D(8), D("100.0")),
        (D(3), D(1), D("33.3")),
        (D(3), D(2), D("66.7")),
        (D(0), D(2), None),
        (D(4), D(5), D("125.0")),
    ],
)
def test_fulfilment_percent(planned, done, percent):
    assert fulfilment_percent(planned, done) == percent


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        ((55.3547, 86.0873), (55.3547, 86.0873), 0),
        # One thousandth of a degree of latitude is about 111 m anywhere.
        ((55.3547, 86.0873), (55.3557, 86.0873), 111),
        # Кемерово to Новокузнецк is about 190 km in a straight line.
        ((55.3547, 86.0873), (53.7557, 87.1099), 190_000),
    ],
)
def test_distance_between_points(a, b, metres):
    assert distance_m(*a, *b) == pytest.approx(metres, rel=0.02, abs=2)


def test_a_position_out_of_range_is_refused():
    with pytest.raises(ValueError):
        distance_m(95, 0, 0, 0)
