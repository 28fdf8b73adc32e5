"""Browser test: a mentor opens his pair from the home page, logs a meeting and closes a plan task."""

import os

import pytest

from programs.tests.mentor_pairs import days_ago, meeting_in, mentee_of, pair_for, task_in, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username, password="pass-for-tests"):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def test_mentor_logs_a_meeting_and_completes_a_plan_task(page, screenshot_dir, mentor):
    pair = pair_for(mentor, started_days_ago=60, goals="Повысить интерес к математике, подготовиться к олимпиаде.")
    meeting_in(pair, held_days_ago=40, topic="Первая встреча: знакомство")
    task = task_in(pair, title="Решить задачи школьного этапа", deadline=days_ago(-5))
    mentee = mentee_of(pair)

    log_in(page, "mentor")
    panel = page.get_by_test_id("home-mentor")
    panel.wait_for()
    assert task.title in page.get_by_test_id("mentor-tasks").inner_text()
    assert "без встреч 40 дней" in page.get_by_test_id("mentor-meetings-to-log").inner_text()
    assert page.get_by_test_id("main-nav").get_by_role("link", name="Мои пары").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "mentor-home.png"), full_page=True)

    page.get_by_test_id("mentor-pairs").get_by_role("link", name=str(pair)).click()
    page.get_by_role("heading", name=str(pair)).wait_for()
    assert mentee.full_name in page.get_by_test_id("pair-members").inner_text()
    assert page.get_by_test_id("inactive-badge").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "mentor-pair.png"), full_page=True)

    page.get_by_test_id("pair-meetings").get_by_role("link", name="Записать встречу").click()
    page.get_by_label("Вид встречи").select_option(label="встреча-планирование")
    page.get_by_label("дистанционно").check()
    page.get_by_label("Тема").fill("Составили план подготовки к олимпиаде")
    page.get_by_label("Заметки").fill("Договорились решать по две задачи в неделю.")
    assert page.get_by_label(mentee.full_name, exact=False).is_checked()
    page.screenshot(path=os.path.join(screenshot_dir, "mentor-meeting-form.png"), full_page=True)
    page.get_by_role("button", name="Записать встречу").click()

    page.get_by_role("heading", name=str(pair)).wait_for()
    meetings = page.get_by_test_id("pair-meetings").inner_text()
    assert "Составили план подготовки к олимпиаде" in meetings
    assert "встреча-планирование" in meetings and today().strftime("%d.%m.%Y") in meetings
    assert page.get_by_test_id("inactive-badge").count() == 0

    row = page.get_by_test_id("plan-task").filter(has_text=task.title)
    row.get_by_label(f"Статус задачи «{task.title}»").select_option(label="выполнена")
    row.get_by_role("button", name="Сохранить").click()
    page.get_by_text(f"Задача «{task.title}»: выполнена.").wait_for()
    status = page.get_by_test_id("plan-task").filter(has_text=task.title).get_by_test_id("task-status").inner_text()
    assert "выполнена" in status and today().strftime("%d.%m.%Y") in status
    assert "Составили план подготовки к олимпиаде" in page.get_by_test_id("pair-meetings").inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "mentor-pair-after.png"), full_page=True)


def test_mentor_adds_a_goal_and_a_task_from_his_pair_list(page, screenshot_dir, mentor):
    pair = pair_for(mentor, mentees=2)
    first_mentee = mentee_of(pair)

    log_in(page, "mentor")
    page.get_by_test_id("main-nav").get_by_role("link", name="Мои пары").click()
    page.get_by_role("heading", name="Мои пары и группы").wait_for()
    page.screenshot(path=os.path.join(screenshot_dir, "mentor-pair-list.png"), full_page=True)
    page.get_by_test_id("my-pairs").get_by_role("link", name=str(pair)).click()

    page.get_by_role("link", name="Добавить цель").click()
    page.get_by_label("Наставляемый").select_option(label=first_mentee.full_name)
    page.get_by_label("Цель").fill("Подготовиться к олимпиаде по математике")
    page.screenshot(path=os.path.join(screenshot_dir, "mentor-goal-form.png"), full_page=True)
    page.get_by_role("button", name="Добавить цель").click()
    page.get_by_text("Цель «Подготовиться к олимпиаде по математике» добавлена").wait_for()

    page.get_by_test_id("plan-goal").get_by_role("link", name="Добавить задачу").click()
    page.get_by_label("Задача").fill("Решить задачи прошлых лет")
    page.get_by_label("Срок").fill(days_ago(-10).isoformat())
    page.get_by_role("button", name="Добавить задачу").click()
    task_row = page.get_by_test_id("plan-task").filter(has_text="Решить задачи прошлых лет")
    assert days_ago(-10).strftime("%d.%m.%Y") in task_row.inner_text()
    assert first_mentee.full_name in page.get_by_test_id("pair-plan").inner_text()
