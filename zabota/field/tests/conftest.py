import pytest

from zabota.field.tests.factories import FieldWorld


@pytest.fixture
def world(personas):
    return FieldWorld(personas)


# Debian's chromium (Playwright's own browser download is not used): see
# ../shared/reference/libraries.md.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An 8-inch tablet held upright, in the centre's time zone.
    return {
        **browser_context_args,
        "viewport": {"width": 800, "height": 1280},
        "locale": "ru-RU",
        "timezone_id": "Europe/Moscow",
    }
