import pytest

from zabota.field.tests.factories import FieldWorld
from zabota.testing_browser import launch


@pytest.fixture
def world(personas):
    return FieldWorld(personas)


@pytest.fixture
def browser_context():
    """A fresh browser context: an 8-inch tablet held upright, in the centre's time zone."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(
            viewport={"width": 800, "height": 1280}, locale="ru-RU", timezone_id="Europe/Moscow"
        )
        context.set_default_timeout(10_000)
        try:
            yield context
        finally:
            browser.close()
