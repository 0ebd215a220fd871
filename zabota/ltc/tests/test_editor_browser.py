"""The administrator builds a methodology in the browser, publishes it and puts it in force; a
specialist then scores an interview with it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zabota.ltc.models import Assessment, Methodology
from zabota.rules.ltc import reassessment_date
from zabota.testing import PASSWORD
from zabota.testing_browser import log_in, no_sideways_scroll

QUESTIONS = [
    ("Передвижение по квартире", [("сам", "0"), ("с помощью", "1"), ("не может", "2")]),
    ("Приём пищи", [("сам", "0"), ("с помощью", "1")]),
    ("Одевание", [("сам", "0"), ("с помощью", "0,5")]),
]
OUTCOMES = [
    ("Не нуждается", "", "0", "0,5", "0", "12"),
    ("Первый уровень нуждаемости", "1", "1", "2", "7", "12"),
    ("Второй уровень нуждаемости", "2", "2,5", "3,5", "14", "6"),
]


def add_question(page, text: str, options: list[tuple[str, str]], index: int) -> None:
    page.fill("#new-question-0 textarea[name=text]", text)
    page.click("#new-question-0 button")
    expect(page.locator(".messages")).to_contain_text("Сохранено")
    for option, points in options:
        form = page.locator(f"#new-option-0-{index}")
        form.locator("input[name=text]").fill(option)
        form.locator("input[name=points]").fill(points)
        form.locator("button").click()
        expect(page.locator(".messages")).to_contain_text("Сохранено")


def add_outcome(page, title, value, low, high, hours, months) -> None:
    form = page.locator("#new-outcome")
    for name, text in (
        ("title", title),
        ("value", value),
        ("min", low),
        ("max", high),
        ("hours_per_week", hours),
        ("reassess_months", months),
    ):
        form.locator(f"input[name={name}]").fill(text)
    form.locator("button").click()
    expect(page.locator(".messages")).to_contain_text("Сохранено")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_administrator_builds_a_methodology_and_a_specialist_scores_with_it(
    live_server, personas, tablet
):
    page, base = tablet, live_server.url
    log_in(page, base, "admin", PASSWORD)
    page.goto(f"{base}/care/methodologies/")
    page.click("text=+ Новая методика")
    page.fill("#id_code", "oblast-2027")
    page.fill("#id_title", "Анкета-опросник области")
    page.fill("#id_methodology_version", "2027.1")
    page.fill("#id_source", "Приказ министерства № 12 от 01.02.2027, приложение 2")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("черновик")
    expect(page.locator("#problems")).to_contain_text("Нет ни одного вопроса")

    for index, (text, options) in enumerate(QUESTIONS):
        add_question(page, text, options, index)

    # A slip: points typed as words. Refused, and the answer's text comes back into its form.
    form = page.locator("#new-option-0-0")
    form.locator("input[name=text]").fill("лежит, не встаёт")
    form.locator("input[name=points]").fill("два")
    form.locator("button").click()
    expect(page.locator(".messages")).to_contain_text("Баллы")
    form = page.locator("#new-option-0-0")
    expect(form.locator("input[name=text]")).to_have_value("лежит, не встаёт")
    expect(form.locator("input[name=points]")).to_have_value("два")
    form.locator("input[name=text]").fill("")  # not wanted after all: nothing was saved
    form.locator("input[name=points]").fill("")
    for outcome in OUTCOMES:
        add_outcome(page, *outcome)
    expect(page.locator("#problems")).to_contain_text("Ошибок нет")
    no_sideways_scroll(page)

    page.click("text=Проверить анкету")
    page.check("input[name=answer-q1][value=c]")
    page.check("input[name=answer-q2][value=b]")
    page.check("input[name=answer-q3][value=b]")
    page.click("text=Показать результат")
    expect(page.locator("#preview-result")).to_contain_text("Второй уровень нуждаемости")
    page.click("text=Вернуться")

    page.click("#publish")
    expect(page.locator(".messages")).to_contain_text("Методика опубликована")
    page.click("button:has-text('Ввести в действие')")
    expect(page.locator(".messages")).to_contain_text("Методика введена в действие")
    methodology = Methodology.objects.get(code="oblast-2027")
    assert methodology.published_at is not None and methodology.is_active

    page.context.clear_cookies()
    recipient = personas.recipient_of_worker1
    log_in(page, base, "specialist", PASSWORD)
    page.goto(f"{base}/recipients/{recipient.pk}/")
    page.click("#long-term-care >> text=Провести оценку")
    expect(page.locator("main")).to_contain_text("Анкета-опросник области")
    page.click("text=Начать оценку")
    for number, answer in ((1, "не может"), (2, "с помощью"), (3, "с помощью")):
        expect(page.locator(".step")).to_contain_text(f"Вопрос {number} из 3")
        page.locator("label.option", has_text=answer).click()
        page.click("button[value=next]")
    page.click("text=Завершить оценку")

    expect(page.locator("h1")).to_contain_text("Оценка нуждаемости от")
    result = page.locator(".result")
    expect(result).to_contain_text("Второй уровень нуждаемости")
    expect(result).to_contain_text("3,5")
    expect(result).to_contain_text("14 ч в неделю")
    today = timezone.localdate()
    next_date = reassessment_date(today, 6)
    expect(page.locator("main")).to_contain_text(f"{next_date:%d.%m.%Y}")
    assessment = Assessment.objects.get(recipient=recipient)
    assert assessment.methodology == methodology
    assert assessment.next_assessment_on == next_date
    assert next_date > today + datetime.timedelta(days=150)
