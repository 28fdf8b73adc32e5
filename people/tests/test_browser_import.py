"""Browser test: the administrator uploads a roster, checks the preview, confirms and finds the people."""

import os
import re

import pytest
from playwright.sync_api import expect

from people.importing import service
from people.models import RosterImport
from people.roles import Role
from people.tests.factories import OrganizationFactory, UserFactory
from people.tests.test_import_support import PUPIL_HEADERS, run_lock_held_elsewhere, xlsx_bytes, xlsx_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROSTER = [
    PUPIL_HEADERS + ["Телефон", "Любимый предмет"],
    ["УЧ-101", "Зайцева", "Дарья", "Олеговна", "ж", "14.02.2012", "6А", "+7 914 000-11-22", "биология"],
    ["УЧ-102", "Гусев", "Тимофей", "Андреевич", "м", "03.11.2011", "6Б", "", "история"],
    ["УЧ-103", "Белкина", "Ксения", "Игоревна", "", "22.07.2012", "6А", "", ""],
]


@pytest.fixture
def school_administrator():
    organization = OrganizationFactory()
    return UserFactory(username="zavuch", organization=organization, roles=[Role.ADMINISTRATOR])


def log_in(page, username, password="pass-for-tests"):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def test_administrator_uploads_a_roster_previews_confirms_and_finds_the_pupils(
    page, school_administrator, tmp_path, screenshot_dir
):
    roster = tmp_path / "обучающиеся 6 классов.xlsx"
    roster.write_bytes(xlsx_bytes(ROSTER))
    log_in(page, "zavuch")
    page.get_by_test_id("main-nav").get_by_role("link", name="Загрузка списков").click()
    page.get_by_role("link", name="Загрузить список").click()
    page.get_by_label("Что загружаем").select_option(label="обучающиеся")
    page.get_by_label("Файл списка").set_input_files(str(roster))
    page.get_by_role("button", name="Проверить файл").click()

    page.get_by_test_id("preview-notice").wait_for()
    assert page.get_by_test_id("import-status").inner_text() == "ожидает подтверждения"
    assert page.get_by_test_id("stat-created").inner_text() == "3"
    assert page.get_by_test_id("stat-updated").inner_text() == "0"
    assert "«Любимый предмет»" in page.get_by_test_id("unknown-columns").inner_text()
    assert "строка 4" in page.get_by_test_id("import-notes").inner_text()  # Белкина's sex came from her patronymic
    assert page.get_by_test_id("change-table").locator("tbody tr").count() == 3
    page.screenshot(path=os.path.join(screenshot_dir, "import-preview.png"), full_page=True)

    page.get_by_test_id("confirm-import").click()
    page.get_by_test_id("done-notice").wait_for()
    assert page.get_by_test_id("import-status").inner_text() == "загружен"
    assert page.get_by_test_id("stat-created").inner_text() == "3"
    page.screenshot(path=os.path.join(screenshot_dir, "import-done.png"), full_page=True)

    page.get_by_role("link", name="Открыть участников").click()
    names = page.locator("table tbody").inner_text()
    for name in ("Зайцева Дарья Олеговна", "Гусев Тимофей Андреевич", "Белкина Ксения Игоревна"):
        assert name in names

    page.get_by_test_id("main-nav").get_by_role("link", name="Загрузка списков").click()
    history = page.get_by_test_id("import-table").inner_text()
    assert "обучающиеся 6 классов.xlsx" in history and "загружен" in history and "3 / 0 / 0" in history


def test_progress_page_follows_a_background_import_until_it_is_loaded(page, school_administrator, screenshot_dir):
    roster_import = service.roster_import_create(
        organization=school_administrator.organization,
        kind="pupils",
        uploaded_file=xlsx_upload(ROSTER),
        uploaded_by=school_administrator,
    )
    running = RosterImport.objects.filter(pk=roster_import.pk)
    running.update(status=RosterImport.Status.RUNNING, total_rows=3000, processed_rows=1500)
    log_in(page, "zavuch")
    with run_lock_held_elsewhere(roster_import.pk):  # a live worker runs it, so the page shows the progress
        page.goto(roster_import.get_absolute_url())
    progress = page.get_by_test_id("import-progress")
    assert progress.locator("progress").get_attribute("value") == "50"
    assert "Проверка строк" in progress.inner_text()
    running.update(processed_rows=2100)
    # the page's CSP forbids string evaluation, so wait with locators rather than wait_for_function
    expect(page.locator("[data-counter]")).to_have_text(re.compile(r"^2100"))
    assert progress.locator("progress").get_attribute("value") == "70"
    page.screenshot(path=os.path.join(screenshot_dir, "import-progress.png"), full_page=True)
    running.update(processed_rows=3000)  # every row checked: the write transaction runs
    expect(page.locator("[data-stage]")).to_have_text(re.compile(r"^Запись в базу"))
    assert progress.locator("progress").get_attribute("value") is None
    running.update(status=RosterImport.Status.DONE, created_count=3000)
    page.get_by_test_id("done-notice").wait_for()
    assert page.get_by_test_id("import-status").inner_text() == "загружен"


def test_a_roster_with_errors_shows_them_by_row_and_cannot_be_loaded(
    page, school_administrator, tmp_path, screenshot_dir
):
    broken = [list(row) for row in ROSTER]
    broken[2][5] = "31.02.2011"  # row 3
    broken[3][6] = "16А"  # row 4
    roster = tmp_path / "с ошибками.xlsx"
    roster.write_bytes(xlsx_bytes(broken))
    log_in(page, "zavuch")
    page.goto("/people/imports/new/")
    page.get_by_label("Что загружаем").select_option(label="обучающиеся")
    page.get_by_label("Файл списка").set_input_files(str(roster))
    page.get_by_role("button", name="Проверить файл").click()
    page.get_by_test_id("invalid-notice").wait_for()
    rows = page.get_by_test_id("error-table").locator("tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().startswith("3\tДата рождения\t«31.02.2011» — такой даты нет")
    assert rows.nth(1).inner_text().startswith("4\tКласс\t«16А» не похоже на класс")
    assert page.get_by_test_id("confirm-import").count() == 0
    page.screenshot(path=os.path.join(screenshot_dir, "import-errors.png"), full_page=True)
    page.get_by_role("link", name="Загрузить исправленный файл").click()
    assert page.get_by_label("Что загружаем").input_value() == "pupils"
    page.screenshot(path=os.path.join(screenshot_dir, "import-new.png"), full_page=True)
