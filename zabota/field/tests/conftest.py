import pytest

from zabota.field.tests.factories import FieldWorld


@pytest.fixture
def world(personas):
    return FieldWorld(personas)


# Debian's chromium (Playwright's own browser download is not used): see
# ../shared/reference/libraries.md. Started per test with sync_playwright(), like the other
# apps' browser tests: pytest-playwright's session-wide event loop would break theirs.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_context():
    """A fresh browser context: an 8-inch tablet held upright, in the centre's time zone."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": 800, "height": 1280}, locale="ru-RU", timezone_id="Europe/Moscow"
        )
        context.set_default_timeout(10_000)
        try:
            yield context
        finally:
            browser.close()
