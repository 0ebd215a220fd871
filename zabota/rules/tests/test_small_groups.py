import pytest

from zabota.rules.small_groups import MASK, people_shown


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (None, 0),
        (0, 0),
        (1, MASK),
        (2, MASK),
        (3, 3),
        (4, 4),
        (150, 150),
    ],
)
def test_a_group_of_fewer_than_three_people_is_shown_as_less_than_three(count, shown):
    assert people_shown(count) == shown


def test_the_mask_reads_less_than_three():
    assert MASK == "< 3"


def test_a_stricter_threshold_masks_more():
    assert people_shown(4, threshold=5) == MASK
    assert people_shown(5, threshold=5) == 5


def test_a_negative_count_is_a_mistake_not_a_small_group():
    with pytest.raises(ValueError):
        people_shown(-1)
