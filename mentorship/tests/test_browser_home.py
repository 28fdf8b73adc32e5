"""Browser test: each demo user logs in through the real login page and sees his home page."""

import os

import pytest

from people.demo import demo_school_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_HOME = {
    "admin": ("home-administrator", "Учётных записей", ["Пользователи", "Участники"]),
    "director": ("home-principal", "Приказы на подпись", ["Участники"]),
    "curator": ("home-curator", "Обучающихся", ["Участники", "Партнёры"]),
    "mentor": ("home-mentor", "Мои наставнические пары", []),
    "mentor2": ("home-mentor", "Анкеты и отчёты", []),
}


def log_in(page, username, password="demo"):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def test_each_demo_user_sees_his_home_page(page, screenshot_dir):
    demo_school_seed()
    for username, (panel, text, nav_links) in EXPECTED_HOME.items():
        log_in(page, username)
        section = page.get_by_test_id(panel)
        section.wait_for()
        assert text in section.inner_text()
        nav = page.get_by_test_id("main-nav")
        if nav_links:  # the people pages sit in one dropdown of the menu bar
            nav.get_by_test_id("nav-group").click()
        for link in nav_links:
            assert nav.get_by_role("link", name=link).is_visible()
        if username.startswith("mentor"):
            assert nav.get_by_role("link", name="Участники").count() == 0
        page.screenshot(path=os.path.join(screenshot_dir, f"home-{username}.png"), full_page=True)
        # log out through the user menu, as a person would
        page.get_by_test_id("user-menu").click()
        page.get_by_role("button", name="Выйти").click()
        page.get_by_role("heading", name="Вход в систему").wait_for()


def test_curator_numbers_match_the_demo_school_and_search_finds_a_pupil(page):
    demo_school_seed()
    log_in(page, "curator")
    assert page.get_by_test_id("stat-pupils").inner_text() == "300"
    assert page.get_by_test_id("stat-teachers").inner_text() == "40"
    nav = page.get_by_test_id("main-nav")
    nav.get_by_test_id("nav-group").click()
    nav.get_by_role("link", name="Участники").click()
    page.get_by_label("Поиск").fill("кузьмич")
    page.get_by_role("button", name="Найти").click()
    result = page.get_by_test_id("result-count").inner_text()
    assert int(result.split(":")[1]) >= 1
    page.locator("table tbody a").first.click()
    assert "Кузьмич" in page.locator("h1").inner_text()


def test_wrong_password_shows_a_russian_error(page):
    demo_school_seed()
    log_in(page, "curator", password="not-demo")
    assert "правильные имя пользователя и пароль" in page.content()
