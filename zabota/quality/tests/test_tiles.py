"""The block «Качество обслуживания» of the start page: each figure is the count of the list
it opens (zabota.dashboard.tiles.list_tile), checked here with figures that are not zero."""

import datetime

import pytest

from zabota.dashboard.tests.test_tiles import rows_behind, start_page_figures
from zabota.quality import services
from zabota.quality.tests.conftest import complaint, inspect

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def quality(personas):
    p = personas
    complaint(p.head1, p.recipient_of_worker1, on=D(2026, 10, 1))  # overdue since 31.10
    complaint(p.head1, p.recipient_of_worker2)
    complaint(p.head2, p.recipient_in_department2, on=D(2026, 9, 1))
    for department in (p.department1, p.department2):
        services.inspection_plan_build(actor=p.head1, department=department, quarter=D(2026, 11, 1))
    inspect(
        p.head1,
        p.recipient_of_worker1,
        p.worker1,
        on=D(2026, 11, 2),
        violations=2,
        correct_by=D(2026, 11, 10),
    )
    inspect(
        p.head2,
        p.recipient_in_department2,
        p.worker_other_department,
        on=D(2026, 11, 2),
        violations=1,
        correct_by=D(2026, 11, 9),
    )
    return p


EXPECTED = {
    "head1": {
        "Обращения: срок ответа истёк": 1,
        "Обращения на рассмотрении": 2,
        "Нарушения не устранены в срок": 2,
        "Контрольные посещения квартала не проведены": 2,
    },
    "director": {
        "Обращения: срок ответа истёк": 2,
        "Обращения на рассмотрении": 3,
        "Нарушения не устранены в срок": 3,
        "Контрольные посещения квартала не проведены": 2,
    },
    "specialist": {"Обращения: срок ответа истёк": 2, "Обращения на рассмотрении": 3},
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_the_quality_tiles_count_the_rows_of_the_lists_they_open(quality, persona):
    client = quality.client_for(getattr(quality, persona))
    shown = {}
    for template, _path, tile in start_page_figures(quality, persona):
        if template != "quality/_widget.html":
            continue
        assert tile.list_figure and tile.url
        assert rows_behind(client, tile.url) == tile.count, tile.label
        shown[tile.label] = tile.count
    assert shown == EXPECTED[persona]


def test_field_workers_and_the_accountant_have_no_quality_block(quality):
    for persona in ("worker1", "caregiver1", "accountant", "admin"):
        templates = [t for t, _p, _tile in start_page_figures(quality, persona)]
        assert "quality/_widget.html" not in templates
