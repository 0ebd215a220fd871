"""The rota on a tablet: the week's grid scrolls inside its own box, never the page, and the
head moves a visit with the form in a cell."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from zabota.testing import PASSWORD
from zabota.testing_browser import log_in, no_sideways_scroll


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_head_moves_a_visit_on_a_tablet(live_server, world, tablet):
    page = tablet
    log_in(page, live_server.url, "head1", PASSWORD)

    page.goto(f"{live_server.url}{reverse('rota:week')}?week=2026-11-16")
    expect(page.locator("h1")).to_contain_text("16.11–22.11.2026")
    no_sideways_scroll(page)

    visit = page.locator(".rota-visit", has_text=world.personas.recipient_of_worker1.short_name)
    visit.first.locator("summary").click()
    visit.first.locator("select[name=new_on]").select_option("2026-11-17")
    with page.expect_navigation():
        visit.first.locator("button", has_text="Перенести").click()
    expect(page.locator(".messages")).to_contain_text("перенесено на 17.11.2026")
    expect(page.locator(".rota-visit.moved")).to_contain_text("перенесено с 16.11")
    no_sideways_scroll(page)
    assert page.errors == []
