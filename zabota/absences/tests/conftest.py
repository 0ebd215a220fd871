import pytest

from zabota.field.tests.factories import FieldWorld


@pytest.fixture
def world(personas):
    """Services and an ИППСУ with visit days for the personas' recipients (the tablet's)."""
    return FieldWorld(personas)
