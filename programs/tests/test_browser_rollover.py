"""Browser test: the administrator opens «Переход на новый учебный год» from home, confirms it, sees the summary."""

import pytest

from people.models import Person
from programs.models import Rollover
from programs.tests.test_rollover import build_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username, password="pass-for-tests"):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def test_administrator_checks_the_plan_confirms_and_sees_the_summary(
    page, screenshot_dir, organization, curator, administrator
):
    school = build_school(organization, curator=curator)
    log_in(page, "administrator")
    page.get_by_test_id("home-administrator").wait_for()
    page.get_by_test_id("home-rollover").click()
    page.get_by_role("heading", name="Переход на новый учебный год").wait_for()
    moves = page.get_by_test_id("rollover-moves")
    assert "7Б → 8Б: 1 обучающихся" in moves.inner_text()
    assert "11А: 2 выпускников" in page.get_by_test_id("rollover-graduates").inner_text()
    assert page.get_by_test_id("rollover-pairs").locator("tbody tr").count() == 2
    assert not Rollover.objects.exists()

    page.get_by_test_id("rollover-start").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    text = page.get_by_test_id("rollover-confirm-text").inner_text()
    assert "3 обучающихся будут переведены в следующий класс" in text and "4 выпускников" in text
    page.screenshot(path=f"{screenshot_dir}/rollover-confirm.png")
    dialog.get_by_role("button", name="Выполнить переход").click()

    page.get_by_role("heading", name="Выполненные переходы на новый учебный год").wait_for()
    summary = page.get_by_test_id("rollover-summary")
    assert "Переведено в следующий класс: 3 обучающихся" in summary.inner_text()
    assert "Закрыто пар и групп (причина «выпуск»): 2" in summary.inner_text()
    assert "выполнен" in page.locator(".alert-success").inner_text()
    assert Rollover.objects.filter(organization=organization).count() == 1
    assert Person.objects.get(pk=school.young_mentee.pk).school_class == "8Б"
