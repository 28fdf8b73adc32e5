"""Browser test: the curator creates a program from a form, runs the matching and accepts the proposal."""

import os

import pytest

from mentorship.academic_year import AcademicYear
from people.models import MentorProfile
from people.services import mentee_request_add
from programs.models import Meeting, Pair, Program
from programs.services import program_title_for
from programs.tests.participants import make_mentee, make_mentor
from programs.tests.program_data import days_ago, teacher_pupil_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username, password="pass-for-tests"):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def bank_of(organization):
    """Two teachers with one free place each and three pupils waiting for a mentor."""
    mentors = []
    for last_name, first_name, middle_name, competencies in (
        ("Соколова", "Анна", "Викторовна", ["математика", "олимпиады"]),
        ("Лебедев", "Павел", "Сергеевич", ["робототехника", "программирование"]),
    ):
        mentor = make_mentor(
            organization,
            capacity=1,
            last_name=last_name,
            first_name=first_name,
            middle_name=middle_name,
            sex="F" if last_name.endswith("а") else "M",
        )
        MentorProfile.objects.filter(person=mentor).update(competencies=competencies)
        mentors.append(mentor)
    mentees = []
    for last_name, first_name, school_class, tags in (
        ("Кузнецов", "Артём", "7Б", ["математика", "олимпиады"]),
        ("Морозова", "Дарья", "6А", ["робототехника"]),
        ("Волков", "Никита", "8В", ["рисование"]),
    ):
        pupil = make_mentee(
            organization, last_name=last_name, first_name=first_name, middle_name="", school_class=school_class
        )
        mentee_request_add(profile=pupil.mentee_profile, text="Запрос наставляемого", source="self", tags=tags)
        mentees.append(pupil)
    return mentors, mentees


def test_curator_creates_a_program_matches_the_bank_and_accepts_the_proposal(
    page, screenshot_dir, organization, curator
):
    form = teacher_pupil_form()
    mentors, mentees = bank_of(organization)
    year = AcademicYear.current()

    log_in(page, "curator")
    page.get_by_test_id("main-nav").get_by_role("link", name="Программы").click()
    page.get_by_role("link", name="Новая программа").click()
    page.get_by_label("Форма наставничества").select_option(label=form.name)
    # the title follows the chosen form and year (static/js/program-form.js)
    assert page.get_by_label("Название").input_value() == program_title_for(form, year)
    page.get_by_role("button", name="Создать программу").click()

    page.get_by_test_id("program-title").wait_for()
    program = Program.objects.get()
    assert page.get_by_test_id("program-title").inner_text() == program_title_for(form, year)
    assert "Программа создана" in page.content()
    assert form.goal in page.content()
    page.screenshot(path=os.path.join(screenshot_dir, "program-detail.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=os.path.join(screenshot_dir, "program-detail-print.png"), full_page=True)
    page.emulate_media(media="screen")

    page.get_by_test_id("program-tabs").get_by_role("link", name="Дорожная карта").click()
    page.get_by_test_id("stage-6").wait_for()
    page.screenshot(path=os.path.join(screenshot_dir, "program-roadmap.png"), full_page=True)

    page.get_by_test_id("program-tabs").get_by_role("link", name="Подбор").click()
    proposal = page.get_by_test_id("proposal")
    proposal.wait_for()
    assert page.get_by_test_id("proposed-pair").count() == 2
    assert "общие темы: математика, олимпиады" in proposal.inner_text()
    unmatched = page.get_by_test_id("unmatched")
    assert "Нуждаются в сопровождении" in unmatched.inner_text()
    assert "Волков Никита" in unmatched.inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "program-matching.png"), full_page=True)

    page.get_by_test_id("accept-all").click()
    assert "Соколова Анна Викторовна — Кузнецов Артём" in page.get_by_test_id("confirm-items").inner_text()
    page.get_by_role("button", name="Принять все").click()

    page.get_by_text("Сформировано пар: 2.").wait_for()
    assert page.get_by_test_id("proposed-pair").count() == 0
    assert "Волков Никита" in page.get_by_test_id("unmatched").inner_text()
    pairs = {
        (pair.members.get(role="mentor").person_id, pair.members.get(role="mentee").person_id)
        for pair in Pair.objects.filter(program=program)
    }
    assert pairs == {(mentors[0].pk, mentees[0].pk), (mentors[1].pk, mentees[1].pk)}
    page.screenshot(path=os.path.join(screenshot_dir, "program-matching-accepted.png"), full_page=True)

    # the pair page, with a meeting long ago so that the inactivity badge shows
    pair = Pair.objects.get(members__person=mentees[0])
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE, starts_on=days_ago(50))
    Meeting.objects.create(pair=pair, held_on=days_ago(40), topic="Первая встреча: знакомство", kind="first")
    page.get_by_test_id("program-tabs").get_by_role("link", name="Пары и группы").click()
    page.get_by_test_id(f"pair-row-{pair.pk}").get_by_role("link").first.click()
    page.get_by_test_id("pair-title").wait_for()
    assert "Кузнецов Артём" in page.get_by_test_id("pair-members").inner_text()
    assert page.get_by_test_id("inactive").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "program-pair.png"), full_page=True)
