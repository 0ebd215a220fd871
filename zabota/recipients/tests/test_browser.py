"""The recipients' list on a tablet: one change of a filter, one request for the list."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from zabota.testing import PASSWORD
from zabota.testing_browser import log_in

# Longer than the search box's pause (400 ms): a second request would have been sent by then.
QUIET_MS = 1200


def _list_requests(page) -> list:
    """Every request for the list page from now on: page loads and htmx's fetches alike."""
    seen = []
    page.on("request", lambda r: seen.append(r) if urlparse(r.url).path == "/recipients/" else None)
    return seen


def _only_fetch(requests, **params) -> None:
    assert len(requests) == 1, [f"{r.resource_type} {r.url}" for r in requests]
    request = requests[0]
    assert request.resource_type in ("xhr", "fetch")
    assert request.headers.get("hx-request") == "true"
    query = parse_qs(urlparse(request.url).query)
    assert {k: query.get(k, [""])[0] for k in params} == params


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_filter_or_the_search_box_makes_one_request_for_the_list(live_server, personas, tablet):
    page, worker2 = tablet, personas.worker2
    log_in(page, live_server.url, "head1", PASSWORD)
    page.goto(f"{live_server.url}/recipients/")
    results = page.locator("#results")
    expect(results).to_contain_text("Иванова Мария Петровна")

    requests = _list_requests(page)
    page.select_option("#worker", str(worker2.pk))
    expect(results).not_to_contain_text("Иванова")
    expect(results).to_contain_text("Сидоров Пётр Ильич")
    page.wait_for_timeout(QUIET_MS)
    _only_fetch(requests, worker=str(worker2.pk))
    assert f"worker={worker2.pk}" in page.url  # the address keeps the filter

    requests.clear()
    page.select_option("#worker", "")
    expect(results).to_contain_text("Иванова Мария Петровна")
    page.wait_for_timeout(QUIET_MS)
    _only_fetch(requests, worker="")

    requests.clear()
    page.locator("#q").press_sequentially("Сидор")
    expect(results).not_to_contain_text("Иванова")
    page.locator("h1").click()  # leaving the box fires its change event
    page.wait_for_timeout(QUIET_MS)
    _only_fetch(requests, q="Сидор")
    expect(results).to_contain_text("Сидоров Пётр Ильич")
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_scripts_the_filters_work_by_their_button(live_server, personas, tablet):
    context = tablet.context.browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server.url, "head1", PASSWORD)
        page.goto(f"{live_server.url}/recipients/")
        page.select_option("#worker", str(personas.worker2.pk))
        page.fill("#q", "Сидор")
        page.click("form[data-autosubmit] button[type=submit]")
        page.wait_for_url(f"**worker={personas.worker2.pk}**")
        expect(page.locator("#results")).to_contain_text("Сидоров Пётр Ильич")
        expect(page.locator("#results")).not_to_contain_text("Иванова")
    finally:
        context.close()
