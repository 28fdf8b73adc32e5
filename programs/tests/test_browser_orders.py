"""Browser test: the principal drafts the pair order of a program, previews it, signs it and downloads it."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from people.models import Person
from programs.models import MentoringForm, Order, Pair
from programs.services import pair_create
from programs.tests.participants import make_mentee, make_mentor
from programs.tests.test_documents import make_program, school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username, password="pass-for-tests"):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def pdf_text(pdf: bytes) -> str:
    return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_principal_drafts_previews_signs_and_downloads_the_pair_order(page, screenshot_dir, principal, organization):
    school(organization)
    form = MentoringForm.objects.create(
        code="browser-t-p", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )
    program = make_program(organization, form, with_roadmap=False)
    people = [
        ("Иванова", "Мария", "Петровна", Person.Sex.FEMALE, "Петров", "Никита", "Ильич", Person.Sex.MALE),
        ("Кузьмич", "Никита", "Сергеевич", Person.Sex.MALE, "Белых", "Анна", "Олеговна", Person.Sex.FEMALE),
    ]
    for mentor_last, mentor_first, mentor_middle, mentor_sex, last, first, middle, sex in people:
        mentor = make_mentor(
            organization, last_name=mentor_last, first_name=mentor_first, middle_name=mentor_middle, sex=mentor_sex
        )
        mentee = make_mentee(organization, last_name=last, first_name=first, middle_name=middle, sex=sex)
        pair_create(
            program=program,
            form=form,
            mentors=[mentor],
            mentees=[mentee],
            starts_on=dt.date(2025, 10, 1),
            planned_end_on=dt.date(2026, 5, 31),
        )

    log_in(page, "principal")
    page.get_by_test_id("home-principal").wait_for()
    page.get_by_test_id("main-nav").get_by_role("link", name="Приказы").click()
    page.get_by_role("heading", name="Журнал приказов").wait_for()
    page.get_by_role("link", name="Новый приказ").click()
    page.get_by_test_id("order-kinds").get_by_role("link", name="Об утверждении наставнических пар/групп").click()
    page.get_by_label("Программа наставничества").select_option(label=program.title)
    page.get_by_label("Все пары программы, ожидающие приказа").check()
    page.screenshot(path=os.path.join(screenshot_dir, "orders-create.png"), full_page=True)
    page.get_by_role("button", name="Подготовить проект").click()

    order = Order.objects.get()
    page.get_by_test_id("order-title").wait_for()
    assert "Проект приказа" in page.get_by_test_id("order-title").inner_text()
    preview = page.frame_locator("[data-testid=order-preview]")
    preview.get_by_text("ПРИКАЗЫВАЮ:").wait_for()
    items = preview.locator(".doc-items").inner_text()
    assert "Назначить Иванову Марию Петровну, учителя математики, наставником Петрова Никиты Ильича" in items
    assert "Назначить Кузьмича Никиту Сергеевича" in items and "наставником Белых Анны Олеговны" in items
    page.screenshot(path=os.path.join(screenshot_dir, "orders-draft.png"), full_page=True)

    page.get_by_test_id("order-sign").click()
    assert page.get_by_label("Дата приказа").input_value() == dt.date.today().isoformat()
    page.get_by_role("button", name="Подписать").click()
    page.get_by_text("Приказ подписан: № 1-о").wait_for()
    assert set(Pair.objects.values_list("status", flat=True)) == {Pair.Status.APPROVED}
    assert page.get_by_test_id("order-sign").count() == 0
    page.screenshot(path=os.path.join(screenshot_dir, "orders-signed.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_test_id("order-download").click()
    download = download_info.value
    assert download.suggested_filename == f"Приказ № 1-о от {dt.date.today():%d.%m.%Y}.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert "№ 1-о" in text and "ПРОЕКТ" not in text
    assert "Назначить Иванову Марию Петровну" in text and "Петрова Никиты Ильича" in text

    page.get_by_test_id("main-nav").get_by_role("link", name="Приказы").click()
    table = page.get_by_test_id("order-table").inner_text()
    assert "1-о" in table and "подписан" in table
    page.screenshot(path=os.path.join(screenshot_dir, "orders-list.png"), full_page=True)
    page.get_by_test_id("main-nav").get_by_role("link", name="Главная").click()
    assert "Приказов, ожидающих подписи, нет." in page.get_by_test_id("orders-to-sign").inner_text()
    order.refresh_from_db()
    assert order.status == Order.Status.SIGNED


def test_curator_prints_the_consents_of_a_class_from_the_documents_page(page, screenshot_dir, curator, organization):
    school(organization)
    for last, first in (("Алексеев", "Павел"), ("Шевченко", "Илья"), ("Белых", "Никита")):
        make_mentee(organization, last_name=last, first_name=first, middle_name="Петрович", school_class="7Б")
    log_in(page, "curator")
    page.goto("/programs/documents/")
    page.get_by_role("heading", name="Документы", exact=True).wait_for()
    page.get_by_label("Поиск участника").fill("шевченко")
    page.get_by_role("button", name="Найти").click()
    page.get_by_test_id("consent-people").get_by_role("link", name="Шевченко Илья Петрович").wait_for()
    page.screenshot(path=os.path.join(screenshot_dir, "documents-hub.png"), full_page=True)
    page.get_by_test_id("consent-people").get_by_role("link", name="Шевченко Илья Петрович").click()
    page.get_by_test_id("consent-form").wait_for()
    assert "Скачать PDF" in page.locator(".doc-toolbar").inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "documents-consent-preview.png"), full_page=True)
    page.go_back()
    page.get_by_test_id("consent-batch-form").get_by_label("Класс").fill("7б")
    page.get_by_role("button", name="Подготовить PDF").click()
    page.get_by_test_id("batch-message").wait_for()
    assert "PDF готов: форм — 3." in page.get_by_test_id("batch-message").inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "documents-batch.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_test_id("batch-download").click()
    text = pdf_text(Path(download_info.value.path()).read_bytes())
    for name in ("Алексеев Павел Петрович", "Шевченко Илья Петрович", "Белых Никита Петрович"):
        assert name in text


def test_the_batch_page_follows_the_progress_until_the_pdf_is_ready(page, curator, organization):
    """The status page polls its JSON endpoint (static/js/document-batch.js) and shows the download."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from programs import document_tasks

    batch_id = "ab" * 16
    request_name = document_tasks._name(batch_id, "request.json")
    progress_name = document_tasks._name(batch_id, "progress.json")
    document_tasks._write_json(
        request_name, {"organization_id": organization.pk, "user_id": curator.pk, "school_class": "7Б", "task_id": ""}
    )
    document_tasks._write_json(progress_name, {"state": "running", "done": 1, "total": 3})
    log_in(page, "curator")
    page.goto(f"/programs/documents/batches/{batch_id}/")
    assert page.get_by_test_id("batch-message").inner_text() == "Готово форм: 1 из 3."
    assert not page.get_by_test_id("batch-download").is_visible()

    pdf_name = document_tasks._name(batch_id, "pdf")
    default_storage.save(pdf_name, ContentFile(b"%PDF-1.7 test"))
    document_tasks._write_json(progress_name, {"state": "done", "done": 3, "total": 3, "file": pdf_name})
    page.get_by_test_id("batch-download").wait_for(state="visible")
    assert page.get_by_test_id("batch-message").inner_text() == "PDF готов: форм — 3."
    assert page.locator("[data-batch-progress]").evaluate("element => element.value") == 100
