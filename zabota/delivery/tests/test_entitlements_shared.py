"""Entitlements of many days are made once per program and shared by the days it governs: a
year's quality report reads twelve days of every recipient (it took 12 s for 1 500 people when
each day built its own)."""

import datetime

from zabota.delivery.entitlements import Entitlements
from zabota.programs.models import Program


def test_a_programs_entitlements_are_made_once_for_all_the_days_it_governs(personas, catalog):
    person = personas.recipient_of_worker1
    program = Program.objects.filter(recipient=person).order_by("valid_from").first()
    days = [program.valid_from + datetime.timedelta(days=n) for n in (0, 1, 30)]
    found = Entitlements([person.pk, personas.recipient_of_worker2.pk], days)
    lists = [found.on(person.pk, day) for day in days]
    assert lists[0], "the persona's program gives entitlements"
    assert lists[0] == lists[1] == lists[2]
    assert all(a is b is c for a, b, c in zip(*lists, strict=True))
    # Each day's list is its own: sorting or extending one leaves the others as they are.
    assert lists[0] is not lists[1]
