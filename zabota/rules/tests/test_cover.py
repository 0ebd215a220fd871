"""The proposal of cover: least load first, then the nearest, every recipient given once."""

import pytest

from zabota.rules.cover import FAR, Candidate, nearest_m, propose

CENTRE = (55.75, 37.62)
NEAR = (55.751, 37.621)  # about 130 m from CENTRE
FAR_AWAY = (55.85, 37.62)  # about 11 km


@pytest.mark.parametrize(
    ("recipients", "candidates", "expected"),
    [
        # Nobody to cover: nothing proposed.
        ([(1, CENTRE)], [], {}),
        # The less loaded takes it, wherever they work.
        ([(1, CENTRE)], [Candidate(10, 8, (NEAR,)), Candidate(11, 5, (FAR_AWAY,))], {1: 11}),
        # Equal load: the one whose recipient lives nearest.
        ([(1, CENTRE)], [Candidate(10, 5, (FAR_AWAY,)), Candidate(11, 5, (NEAR,))], {1: 11}),
        # Load grows as recipients are given: three alternate between two equal candidates.
        (
            [(1, CENTRE), (2, CENTRE), (3, CENTRE)],
            [Candidate(10, 5, (NEAR,)), Candidate(11, 5, (FAR_AWAY,))],
            {1: 10, 2: 11, 3: 10},
        ),
        # No coordinates: the load decides, then the lower id (a stable proposal).
        ([(1, None)], [Candidate(11, 5, (NEAR,)), Candidate(10, 5, ())], {1: 10}),
        ([(1, None), (2, None)], [Candidate(10, 0), Candidate(11, 3)], {1: 10, 2: 10}),
    ],
)
def test_cover_is_proposed_by_load_then_distance(recipients, candidates, expected):
    assert propose(recipients, candidates) == expected


def test_every_recipient_is_given_once_and_the_load_ends_balanced():
    recipients = [(n, None) for n in range(1, 12)]
    chosen = propose(recipients, [Candidate(1, 0), Candidate(2, 4), Candidate(3, 2)])
    assert sorted(chosen) == list(range(1, 12))
    totals = {c: load for c, load in ((1, 0), (2, 4), (3, 2))}
    for candidate in chosen.values():
        totals[candidate] += 1
    assert max(totals.values()) - min(totals.values()) <= 1


def test_distance_without_a_point_is_far():
    assert nearest_m(None, (NEAR,)) == FAR
    assert nearest_m(CENTRE, ()) == FAR
    assert 100 < nearest_m(CENTRE, (FAR_AWAY, NEAR)) < 200
