"""The ИППСУ's volume from «N раз в неделю» and its monthly cost (zabota.rules.volumes)."""

from decimal import Decimal as D

import pytest

from zabota.rules.volumes import MonthlyCost, monthly_cost, monthly_volume


@pytest.mark.parametrize(
    ("times", "volume"),
    [(1, D(5)), (2, D(9)), (3, D(14)), (4, D(18)), (5, D(22)), (6, D(27)), (7, D(31))],
)
def test_a_volume_a_month_is_times_a_week_by_4_35_rounded_up(times, volume):
    assert monthly_volume(times) == volume


@pytest.mark.parametrize("times", [0, 8, -1])
def test_it_refuses_a_week_of_no_or_more_than_seven_visits(times):
    with pytest.raises(ValueError):
        monthly_volume(times)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], MonthlyCost((), D("0.00"), 0)),
        ([(D(9), D("55.00"))], MonthlyCost((D("495.00"),), D("495.00"), 0)),
        (
            [(D(9), D("55.00")), (D(120), D("9.43")), (D(9), D("25.00"))],
            MonthlyCost((D("495.00"), D("1131.60"), D("225.00")), D("1851.60"), 0),
        ),
        # A line without a tariff adds nothing and is counted.
        ([(D(5), None), (D(1), D("45.00"))], MonthlyCost((None, D("45.00")), D("45.00"), 1)),
        # The total is rounded once, as the contract's cost is: 3 × 0.333 + 3 × 0.333 = 1.998.
        (
            [(D(3), D("0.333")), (D(3), D("0.333"))],
            MonthlyCost((D("1.00"), D("1.00")), D("2.00"), 0),
        ),
        ([(D("0.5"), D("0.005"))], MonthlyCost((D("0.00"),), D("0.00"), 0)),
    ],
)
def test_the_monthly_cost_is_the_sum_of_volume_by_tariff(lines, expected):
    assert monthly_cost(lines) == expected


def test_a_negative_volume_is_refused():
    with pytest.raises(ValueError):
        monthly_cost([(D(-1), D(10))])
