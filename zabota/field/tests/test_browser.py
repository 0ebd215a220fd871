"""The tablet in a real browser: log in, lose the network, record, reload, come back, sync."""

import re

import pytest
from playwright.sync_api import expect

from zabota.delivery.models import RecordSource, ServiceRecord, Visit
from zabota.field.models import ActSignature
from zabota.testing import PASSWORD


@pytest.mark.browser
# Like the other browser tests: the data migrations' rows come back after the flush, and
# the flush does not re-create content types under the next serialized test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_records_services_offline_and_they_reach_the_service_log_once(
    live_server, world, browser_context
):
    context = browser_context
    page = context.new_page()
    page.goto(live_server.url + "/field/")
    # The script loaded (static files are served) and the login form is shown.
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#login-username", "worker1")
    page.fill("#login-password", PASSWORD)
    page.click("#login-form button[type=submit]")
    card = page.locator("#day-visits li.card.tap", has_text="Иванова Мария Петровна")
    expect(card).to_be_visible()
    # The service worker controls the page: the shell is cached for the offline reload.
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    card.click()
    page.click("#geo-no")
    page.click("#visit-arrived")
    page.check(f"#svc-{world.shopping.pk}")
    page.fill(f"#qty-{world.shopping.pk}", "2")
    page.fill(f"#note-{world.shopping.pk}", "хлеб и молоко")
    page.select_option("#visit-add", str(world.windows.pk))
    page.click("#visit-left")
    page.click("#visit-save")
    expect(page.locator("#pending-count")).to_have_text("2")
    expect(page.locator("#net")).to_have_text("без сети")
    # The recipient signs the month's act on the screen.
    card.click()
    page.click("#sign summary")
    box = page.locator("#sign-pad").bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 120)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 40 + step * 30, box["y"] + 120 + (-1) ** step * 30)
    page.mouse.up()
    page.click("#sign-save")
    expect(page.locator("#pending-count")).to_have_text("3")
    page.click("#visit-close")
    # Nothing left the tablet while offline. (Checked before the reload: a reloaded document
    # may start before Chromium applies the offline emulation to it and send its queue once;
    # the server takes it by uuid and the tablet's resend below finds it there — "once" holds.)
    assert not ServiceRecord.objects.exists(), list(
        ServiceRecord.objects.values("recipient__last_name", "service__name", "source", "note")
    )

    page.reload()  # still offline: the page comes from the service worker's cache
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#login")).to_be_hidden()
    expect(page.locator("#pending-count")).to_have_text("3")
    expect(card).to_be_visible()

    context.set_offline(False)
    page.click("#sync-now")
    expect(page.locator("#pending-count")).to_have_text("0")
    page.click(".tabs button[data-view=history]")
    # Coming online syncs by itself; the button may find the queue already empty.
    expect(page.locator("#history li", has_text="Принято: 3")).to_have_count(1)

    page.click("#sync-now")  # once more: nothing is sent twice
    expect(page.locator("#pending-count")).to_have_text("0")
    records = ServiceRecord.objects.filter(recipient=world.personas.recipient_of_worker1)
    assert records.count() == 2
    assert set(records.values_list("source", flat=True)) == {RecordSource.TABLET}
    shopping = records.get(service=world.shopping)
    assert shopping.quantity == 2 and shopping.note == "хлеб и молоко"
    signature = ActSignature.objects.get()
    assert signature.recipient == world.personas.recipient_of_worker1
    assert bytes(signature.image).startswith(b"\x89PNG")
    visit = Visit.objects.get()
    assert visit.arrived_at is not None and visit.left_at >= visit.arrived_at

    log = world.personas.client_for(world.personas.head1).get("/delivery/").content.decode()
    assert len(re.findall("Мытьё окон \\(платная\\)", log)) == 1
    assert len(re.findall("Покупка и доставка продуктов питания", log)) == 1


@pytest.mark.browser
# Like the other browser tests: the data migrations' rows come back after the flush, and
# the flush does not re-create content types under the next serialized test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_revoked_key_asks_to_log_in_again_and_a_rejected_record_stays_with_its_reason(
    live_server, world, browser_context
):
    page = browser_context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + "/field/")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#login-username", "worker1")
    page.fill("#login-password", PASSWORD)
    page.click("#login-form button[type=submit]")
    card = page.locator("#day-visits li.card.tap", has_text="Иванова Мария Петровна")
    expect(card).to_be_visible()

    world.revoke_all(world.personas.worker1)  # e.g. on the profile page, from another device
    card.click()
    page.click("#geo-no")
    page.check(f"#svc-{world.shopping.pk}")
    page.click("#visit-save")
    expect(page.locator("#login-reason")).to_contain_text("Записи в очереди сохранены")
    page.fill("#login-password", PASSWORD)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#pending-count")).to_have_text("0")
    assert ServiceRecord.objects.count() == 1

    page.click("#day-next")  # tomorrow: the service log refuses a future date
    card.click()
    page.check(f"#svc-{world.shopping.pk}")
    page.click("#visit-save")
    page.click(".tabs button[data-view=queue]")
    rejected = page.locator("#rejected li.rejected")
    expect(rejected).to_contain_text("Нельзя записать услугу на будущую дату.")
    page.reload()
    page.click(".tabs button[data-view=queue]")
    expect(rejected).to_contain_text("Нельзя записать услугу на будущую дату.")
    rejected.get_by_role("button", name="Убрать").click()
    expect(page.locator("#rejected li.rejected")).to_have_count(0)
    assert ServiceRecord.objects.count() == 1


@pytest.mark.browser
# Like the other browser tests: the data migrations' rows come back after the flush, and
# the flush does not re-create content types under the next serialized test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_password_reset_asks_the_tablet_to_log_in_again_and_its_offline_queue_survives(
    live_server, world, browser_context
):
    from zabota.accounts.services import staff_set_password

    context = browser_context
    page = context.new_page()
    page.goto(live_server.url + "/field/")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#login-username", "worker1")
    page.fill("#login-password", PASSWORD)
    page.click("#login-form button[type=submit]")
    card = page.locator("#day-visits li.card.tap", has_text="Иванова Мария Петровна")
    expect(card).to_be_visible()

    context.set_offline(True)
    card.click()
    page.click("#geo-no")
    page.check(f"#svc-{world.shopping.pk}")
    page.click("#visit-save")
    expect(page.locator("#pending-count")).to_have_text("1")
    # Meanwhile the administrator gives worker1 a new password.
    personas = world.personas
    staff_set_password(actor=personas.admin, staff=personas.worker1, password="Зимний-лес-2026")

    context.set_offline(False)  # coming online sends the queue by itself: the key is refused
    reason = page.locator("#login-reason")
    expect(reason).to_contain_text("смена пароля")
    expect(reason).to_contain_text("войдите снова")
    expect(reason).to_contain_text("Записи в очереди сохранены")
    expect(page.locator("#login")).to_be_visible()
    queue = "JSON.parse(localStorage.getItem('zabota.field.worker1.queue') || '[]').length"
    assert page.evaluate(queue) == 1
    page.reload()  # the queue is in the browser's storage, not in the page
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#login")).to_be_visible()
    assert page.evaluate(queue) == 1
    assert not ServiceRecord.objects.exists()

    page.fill("#login-password", "Зимний-лес-2026")
    page.click("#login-form button[type=submit]")
    # Sent after the new login. (Polled from here: wait_for_function re-evaluates its text with
    # eval, which the page's policy forbids.)
    for _ in range(50):
        if page.evaluate(queue) == 0:
            break
        page.wait_for_timeout(200)
    assert page.evaluate(queue) == 0
    expect(page.locator("#pending-count")).to_have_text("0")
    record = ServiceRecord.objects.get()
    assert record.service == world.shopping and record.source == RecordSource.TABLET
