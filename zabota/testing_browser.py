"""What every browser test needs: Debian's chromium, a tablet-sized page, the login form and
the no-sideways-scroll check (a pytest plugin, conftest.py; the tests are marked `browser`).

Debian's chromium, not Playwright's download (../shared/reference/libraries.md), started per
test with sync_playwright(): pytest-playwright's session-wide event loop would break the tests
that start their own.
"""

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# An 8-inch tablet held upright.
TABLET = {"width": 768, "height": 1024}


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@pytest.fixture
def tablet():
    """A page of a tablet's size. Confirmation dialogs are accepted; console errors are kept in
    `page.errors` for the test to assert on."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=TABLET)
        page.set_default_timeout(10_000)
        page.on("dialog", lambda dialog: dialog.accept())
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        try:
            yield page
        finally:
            browser.close()


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} scrolls sideways: {width}px on a {viewport}px screen"
