import pytest

from zabota.programs.tests.factories import Catalog


@pytest.fixture
def catalog(personas) -> Catalog:
    """The services the programs' tests price (zabota.programs.tests.factories), in place of
    the catalog of zabota.testing that the other apps' tests share."""
    return Catalog(personas)
