"""Browser test: the principal opens the indicators dashboard, unfolds a formula, drills down to the
people behind a number, fixes the figures and compares them with today's data (screenshots kept)."""

import os

import pytest

from monitoring.tests.test_dashboard_support import build_school, make_pair
from programs.models import Pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("pass-for-tests")
    page.get_by_role("button", name="Войти").click()


def test_principal_reads_fixes_and_compares_the_indicators(page, principal, organization, screenshot_dir):
    school = build_school(organization)
    log_in(page, "principal")
    page.get_by_test_id("main-nav").get_by_role("link", name="Показатели").click()
    page.get_by_label("Учебный год").select_option("2025")
    page.get_by_role("button", name="Показать").click()
    assert page.get_by_test_id("fact-pupils_general").inner_text() == "25,0"

    row = page.get_by_test_id("row-pupils_general")
    row.get_by_text("Как считается").click()
    assert row.get_by_text("÷ все обучающиеся организации").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "dashboard-indicators.png"), full_page=True)

    page.get_by_test_id("denominator-pupils_general").click()
    assert page.get_by_test_id("people-total").inner_text() == "4"
    assert page.get_by_test_id("indicator-people").get_by_text("Алексеев Ученик").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "dashboard-people.png"), full_page=True)
    page.get_by_role("link", name="К показателям").click()

    page.get_by_test_id("fix-link").click()
    page.get_by_role("button", name="Зафиксировать показатели").click()
    assert "зафиксировано" in page.get_by_test_id("fixed-on").inner_text()

    make_pair(
        school.program, school.form, Pair.Status.ACTIVE, [school.teachers["Старший"]], [school.pupils["Васильев"]]
    )
    page.get_by_test_id("compare-link").click()
    assert page.get_by_test_id("fact-pupils_general").inner_text() == "25,0"
    assert page.get_by_test_id("live-pupils_general").inner_text().startswith("50,0")
    page.screenshot(path=os.path.join(screenshot_dir, "dashboard-compare.png"), full_page=True)

    page.locator("a[href$='/annual-report/?year=2025']").click()
    page.get_by_test_id("annual-indicators").wait_for()
    page.screenshot(path=os.path.join(screenshot_dir, "dashboard-annual-report.png"), full_page=True)


def test_mentor_sends_a_quarterly_report_and_the_curator_returns_it(
    page, mentor, curator, organization, screenshot_dir
):
    school = build_school(organization)
    pair = make_pair(school.program, school.form, Pair.Status.ACTIVE, [mentor.person], [school.pupils["Васильев"]])
    log_in(page, "mentor")
    page.get_by_test_id("main-nav").get_by_role("link", name="Мои отчёты").click()
    page.get_by_test_id("own-pairs").get_by_role("link", name="Квартальный отчёт").click()
    page.get_by_label("Квартал").select_option("1")
    page.get_by_label("Год").fill("2026")
    page.get_by_label("Проектная культура наставляемых").fill("Защитил проект «Умная теплица».")
    page.get_by_label("Реализовано проектов").fill("1")
    page.get_by_role("button", name="Отправить куратору").click()
    assert page.get_by_test_id("report-status").inner_text() == "на проверке"
    page.screenshot(path=os.path.join(screenshot_dir, "mentor-report-submitted.png"), full_page=True)

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Выйти").click()
    log_in(page, "curator")
    home = page.get_by_test_id("monitoring-deadlines")
    assert "Отчёт о мониторинге" in home.inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "home-curator-deadlines.png"), full_page=True)
    page.goto("/monitoring/mentor-reports/?status=submitted")
    page.get_by_test_id("mentor-reports").get_by_role("link").first.click()
    page.get_by_label("Вернуть на доработку").check()
    page.get_by_label("Замечания куратора").fill("Добавьте результаты олимпиады.")
    page.get_by_role("button", name="Сохранить решение").click()
    assert page.get_by_test_id("report-status").inner_text() == "возвращён на доработку"
    assert "Добавьте результаты олимпиады." in page.get_by_test_id("curator-comment").inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "mentor-report-returned.png"), full_page=True)
    assert pair.reports.get().status == "returned"
