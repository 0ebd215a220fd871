import pytest

from zabota.field.tests.factories import FieldWorld


@pytest.fixture
def world(personas):
    return FieldWorld(personas)
