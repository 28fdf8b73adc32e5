"""Browser test: the curator launches a satisfaction survey, prints the links, a mentee answers through his
personal link without an account, and the principal's home page shows the satisfaction indicator."""

import datetime as dt
import io
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from programs.models import Pair, Program
from programs.tests.program_data import make_pair, make_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONNAIRE = "Анкета удовлетворённости наставляемого участием в программе наставничества"


def log_in(page, username, password="pass-for-tests"):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def new_page(page, live_server):
    """A fresh browser context on the same live server: nobody logged in, no shared cookies."""
    context = page.context.browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900}
    )
    fresh = context.new_page()
    fresh.set_default_timeout(15_000)
    return fresh


def satisfaction_fact(page) -> str:
    page.goto("/")
    page.get_by_test_id("home-principal").wait_for()
    fact = page.get_by_test_id("fact-satisfaction_mentees")
    return fact.inner_text().strip() if fact.count() else "—"


def test_a_mentee_answers_through_his_link_and_the_principal_sees_the_indicator(
    page, live_server, screenshot_dir, organization, curator, principal
):
    call_command("load_reference", stdout=io.StringIO())
    program = make_program(organization, curator=curator, status=Program.Status.RUNNING)
    pair = make_pair(program, status=Pair.Status.ACTIVE, first_name="Алёша", last_name="Попов")
    mentee = next(member.person for member in pair.members.all() if member.role == "mentee")
    deadline = timezone.localdate() + dt.timedelta(days=5)

    log_in(page, "principal")
    assert satisfaction_fact(page) == "—"
    principal_page = page

    curator_page = new_page(page, live_server)
    log_in(curator_page, "curator")
    curator_page.get_by_test_id("main-nav").get_by_role("link", name="Анкетирование").click()
    curator_page.get_by_role("link", name="Новая кампания").click()
    form = curator_page.get_by_test_id("page-form")
    form.get_by_role("combobox", name="Анкета").select_option(label=f"{QUESTIONNAIRE} (наставляемый)")
    form.get_by_role("combobox", name="Программа").select_option(label=program.title)
    form.get_by_label("все участники программы").check()
    form.get_by_role("textbox", name="Срок").fill(deadline.isoformat())
    curator_page.get_by_role("button", name="Подготовить кампанию").click()
    curator_page.get_by_test_id("campaign-title").wait_for()
    assert "1 приглашение" in curator_page.content()
    curator_page.get_by_test_id("campaign-launch").click()
    curator_page.get_by_text("Анкетирование началось").wait_for()
    assert "идёт опрос" in curator_page.get_by_test_id("campaign-status").inner_text()
    assert mentee.full_name in curator_page.get_by_test_id("not-answered").inner_text()
    curator_page.screenshot(path=os.path.join(screenshot_dir, "campaign-page.png"), full_page=True)

    curator_page.get_by_role("link", name="Ссылки и QR-коды").click()
    card = curator_page.get_by_test_id("link-card")
    assert card.count() == 1 and mentee.full_name in card.inner_text()
    assert card.locator("svg.qr-code").is_visible()
    link = card.get_by_test_id("personal-link").get_attribute("href")
    assert "/monitoring/q/" in link
    curator_page.screenshot(path=os.path.join(screenshot_dir, "campaign-links.png"), full_page=True)

    mentee_page = new_page(page, live_server)
    mentee_page.goto(link)
    mentee_page.get_by_test_id("questionnaire-title").wait_for()
    assert mentee_page.get_by_test_id("greeting").inner_text() == "Здравствуйте, Алёша!"
    assert mentee_page.locator("nav").count() == 0 and "Попов" not in mentee_page.content()
    mentee_page.get_by_role("button", name="Отправить анкету").click()  # nothing answered yet
    assert mentee_page.get_by_test_id("question-error").count() == 5
    for group in mentee_page.get_by_role("radiogroup").all():
        group.get_by_text("9", exact=True).click()
    mentee_page.get_by_role("textbox").fill("Наставник помог подготовиться к олимпиаде.")
    mentee_page.screenshot(path=os.path.join(screenshot_dir, "campaign-mentee-questionnaire.png"), full_page=True)
    mentee_page.get_by_role("button", name="Отправить анкету").click()
    assert "Анкета уже заполнена" in mentee_page.get_by_test_id("refusal").inner_text()
    mentee_page.goto(link)
    assert "Анкета уже заполнена" in mentee_page.get_by_test_id("refusal").inner_text()

    curator_page.get_by_role("link", name="Результаты").click()
    assert curator_page.get_by_test_id("respondents").inner_text() == "1"
    assert curator_page.locator("svg.chart").count() == 5
    assert "Наставник помог подготовиться к олимпиаде." in curator_page.content()
    curator_page.screenshot(path=os.path.join(screenshot_dir, "campaign-results.png"), full_page=True)

    assert satisfaction_fact(principal_page) == "88,9"  # (9 − 1) ÷ 9 × 100
    principal_page.screenshot(path=os.path.join(screenshot_dir, "campaign-principal-home.png"), full_page=True)
    for other in (curator_page, mentee_page):
        other.context.close()
