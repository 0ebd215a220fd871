"""The whole path on a tablet-sized screen: interview → level → care plan → document."""

import pytest
from docx import Document
from playwright.sync_api import expect

from zabota.ltc.models import Assessment, CarePlan, CarePlanStatus
from zabota.testing import PASSWORD
from zabota.testing_browser import log_in, no_sideways_scroll


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_head_interviews_assigns_the_level_and_approves_a_care_plan(
    live_server, personas, barthel, care_services, tablet
):
    page, recipient = tablet, personas.recipient_of_worker1
    log_in(page, live_server.url, "head1", PASSWORD)

    page.goto(f"{live_server.url}/recipients/{recipient.pk}/")
    page.click("#long-term-care >> text=Провести оценку")
    expect(page.locator(".example-mark")).to_contain_text("Замените его методикой")
    page.click("text=Начать оценку")
    for number in range(1, 11):
        expect(page.locator(".step")).to_contain_text(f"Вопрос {number} из 10")
        no_sideways_scroll(page)
        page.locator("label.option").first.click()  # the most dependent answer, 0 points
        page.click("button[value=next]")

    expect(page.locator(".result")).to_contain_text("Третий уровень нуждаемости (пример)")
    page.click("text=Завершить оценку")
    expect(page.locator("h1")).to_contain_text("Оценка нуждаемости от")
    expect(page.locator(".result")).to_contain_text("21 ч в неделю")
    expect(page.locator("table")).to_contain_text("Подъём по лестнице")
    assessment = Assessment.objects.get(recipient=recipient)
    assert (assessment.outcome_code, assessment.total) == ("3", 0)

    page.click("text=Составить план ухода")
    feed, wash, nails, walk = (care_services[k] for k in ("feed", "wash", "nails", "walk"))
    page.select_option(f"#id_place_{feed.pk}", "plan")
    page.select_option(f"#id_place_{wash.pk}", "plan")
    page.select_option(f"#id_place_{nails.pk}", "plan")
    page.select_option(f"#id_periodicity_{nails.pk}", "monthly")
    expect(page.locator(f"#id_day_{nails.pk}_0")).to_be_hidden()
    page.select_option(f"#id_place_{walk.pk}", "relatives")
    page.fill(f"#id_who_{walk.pk}", "Иванов Иван Петрович")
    page.fill(f"#id_status_{walk.pk}", "сын")
    no_sideways_scroll(page)
    page.click("button[value=propose]")

    expect(page.locator(".messages")).to_contain_text("Расписание предложено")
    expect(page.locator("main")).to_contain_text("укладывается")
    expect(page.locator("main")).to_contain_text("Иванов Иван Петрович")
    no_sideways_scroll(page)
    page.click("text=Утвердить план")
    expect(page.locator(".messages")).to_contain_text("План ухода утверждён")
    plan = CarePlan.objects.get(recipient=recipient)
    assert plan.status == CarePlanStatus.APPROVED
    assert 0 < plan.weekly_minutes <= 21 * 60

    page.click("text=Печать плана")
    page.click("text=Выдать документ")
    expect(page.locator(".messages")).to_contain_text("Выдан документ")
    with page.expect_download() as docx:
        page.click("#documents >> text=DOCX")
    text = docx_text(docx.value.path())
    assert "Кормление" in text and "Иванов Иван Петрович" in text
    assert "ОБРАЗЕЦ: уровень нуждаемости установлен по примерной методике" in text
    with page.expect_download() as pdf:
        page.click("#documents >> text=PDF")
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"


def docx_text(path) -> str:
    """Every paragraph of a DOCX, tables included."""
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)
