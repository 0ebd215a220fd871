"""Reports on a tablet: the chart is drawn from static files under the content security policy,
the period shortcuts work, and no page scrolls sideways."""

import pytest
from playwright.sync_api import expect, sync_playwright

from zabota.testing import PASSWORD

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture
def tablet():
    """Debian's chromium, 768 × 1024 like an 8-inch tablet held upright; console errors kept."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=ARGS
        )
        page = browser.new_page(viewport={"width": 768, "height": 1024})
        page.set_default_timeout(10_000)
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        yield page
        browser.close()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, f"{page.url} scrolls sideways: {width}px"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_head_builds_a_chart_and_opens_the_reports_of_a_month(
    live_server, personas, log, frozen, tablet
):
    page = tablet
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "head1")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")

    page.goto(f"{live_server.url}/reports/analytics/")
    page.select_option("#id_dimension1", "service_type")
    page.select_option("#id_dimension2", "worker")
    page.check("input[name=measures][value=rubles]")
    page.click("text=Построить")
    expect(page.locator("table.responsive")).to_contain_text("Социально-бытовые")
    drawn = page.evaluate("Chart.getChart(document.getElementById('chart')) !== undefined")
    assert drawn
    assert "dimension1=service_type" in page.url  # the link repeats the view
    no_sideways_scroll(page)

    page.goto(f"{live_server.url}/reports/")
    page.click("a.chip >> text=октябрь 2026")
    page.click("form[action='/reports/department/'] >> text=Показать")
    expect(page.locator("h1")).to_have_text("Отчёт отделения")
    expect(page.locator(".subtitle")).to_contain_text("за октябрь 2026")
    expect(page.locator("main")).to_contain_text("По сотрудникам")
    no_sideways_scroll(page)

    page.click("text=← сентябрь 2026")
    expect(page.locator(".subtitle")).to_contain_text("за сентябрь 2026")
    page.goto(f"{live_server.url}/reports/6-sobes/?date_from=2026-01-01&date_to=2026-12-31")
    expect(page.locator("table.official")).to_contain_text("№ строки")
    no_sideways_scroll(page)
    assert page.errors == []
