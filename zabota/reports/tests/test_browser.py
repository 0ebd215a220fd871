"""Reports on a tablet: the chart is drawn from static files under the content security policy,
the period shortcuts work, and no page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from zabota.testing import PASSWORD
from zabota.testing_browser import log_in, no_sideways_scroll


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_head_builds_a_chart_and_opens_the_reports_of_a_month(
    live_server, personas, log, frozen, tablet
):
    page = tablet
    log_in(page, live_server.url, "head1", PASSWORD)

    page.goto(f"{live_server.url}/reports/analytics/")
    page.select_option("#id_dimension1", "service_type")
    page.select_option("#id_dimension2", "worker")
    page.check("input[name=measures][value=rubles]")
    # The page before the click may already show a table; wait for the new page's address,
    # then for the chart itself (its scripts are deferred), not for text the old page has too.
    with page.expect_navigation():
        page.click("text=Построить")
    page.wait_for_url("**dimension1=service_type**")  # the link repeats the view
    expect(page.locator("table.responsive")).to_contain_text("Социально-бытовые")
    page.wait_for_function(
        "() => window.Chart !== undefined"
        " && Chart.getChart(document.getElementById('chart')) !== undefined"
    )
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
