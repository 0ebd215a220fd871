"""Small groups in the aggregates a supervisor reads: «< 3» instead of the number.

A supervising body (УСЗН, ministry) needs the figures of the institutions, not the people in
them; 152-ФЗ ст. 5 ч. 7 asks that personal data be no more than the purpose needs. A breakdown
down to one worker or one department can still point at a person: «one person discharged from
department 2 in March» is someone the reader may know. So a count of people of 1 or 2 is shown
as «< 3». Zero is shown: nobody can be recognised in an empty group, and a supervisor needs to
see that a department served no one. Counts of services and sums of money are not counts of
people and are shown as they are. Pure Python: no Django import here.
"""

SMALL_GROUP = 3
MASK = "< 3"


def people_shown(count: int | None, threshold: int = SMALL_GROUP) -> int | str:
    """The number of people as a supervisor may read it: the count, or «< 3» for 1 or 2."""
    if count is None:
        return 0
    if count < 0:
        raise ValueError(f"a count of people cannot be negative: {count}")
    if 0 < count < threshold:
        return MASK
    return count
