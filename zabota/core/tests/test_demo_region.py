"""A region's demo (`demo_data --institutions N`): each institution its own INN and logins; the
whole generator runs end to end in zabota/benchmarks/tests/test_bench.py."""

from zabota.core.demo import DemoContext
from zabota.core.validators import validate_inn
from zabota.organisation.demo import inn_of


def test_every_institution_of_a_region_gets_a_valid_inn_of_its_own():
    inns = [inn_of(number) for number in range(1, 101)]
    for inn in inns:
        validate_inn(inn)
    assert len(set(inns)) == 100
    assert inns[0] == "4205001274"


def test_the_first_institution_keeps_the_demos_logins_and_the_others_are_numbered():
    assert DemoContext(number=1).login("worker1") == "worker1"
    assert DemoContext(number=7).login("worker1") == "i7-worker1"
