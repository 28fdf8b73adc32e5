"""Browser test: the curator keeps the banks and the consents through the real pages."""

import datetime as dt
import os

import pytest
from PIL import Image

from people.models import MenteeProfile, MentorProfile, Person
from people.roles import Role
from people.services import consent_create, consent_revoke, mentor_criteria_assess, mentor_profile_create
from people.tests.factories import LegalRepresentativeFactory, OrganizationFactory, PersonFactory, UserFactory
from programs.models import MentoringForm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-for-tests"


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_test_id("main-nav").wait_for()


@pytest.fixture
def school():
    """A school with a pupil and his mother, a few classmates and two mentors (one with a revoked consent)."""
    organization = OrganizationFactory(short_name="МБОУ СОШ № 7")
    curator_person = PersonFactory(
        organization=organization, category=Person.Category.TEACHER, birth_date=dt.date(1978, 3, 1)
    )
    UserFactory(username="kurator", organization=organization, roles=[Role.CURATOR], person=curator_person)
    link = LegalRepresentativeFactory(
        minor__organization=organization,
        minor__last_name="Фёдоров",
        minor__first_name="Семён",
        minor__middle_name="Алексеевич",
        minor__school_class="6А",
        minor__birth_date=dt.date(2014, 4, 12),
        representative__last_name="Фёдорова",
        representative__first_name="Елена",
        representative__middle_name="Петровна",
        representative__sex=Person.Sex.FEMALE,
        representative__phone="+7 914 555-12-34",
    )
    for last_name in ("Фролов", "Фомин", "Федотова"):
        PersonFactory(organization=organization, last_name=last_name, school_class="6А")
    form = MentoringForm.objects.create(
        code="teacher-pupil", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )
    mentor = mentor_profile_create(
        person=PersonFactory(
            organization=organization,
            category=Person.Category.TEACHER,
            last_name="Громова",
            first_name="Инна",
            middle_name="Сергеевна",
            sex=Person.Sex.FEMALE,
            birth_date=dt.date(1985, 1, 1),
        ),
        forms=[form],
        competencies=["математика", "олимпиады"],
        capacity=3,
        hours_per_month=8,
    )
    mentor_criteria_assess(
        profile=mentor, assessed_on=dt.date.today(), criterion_desire=True, criterion_experience=True
    )
    consent_create(person=mentor.person, signed_on=dt.date.today())
    revoked = mentor_profile_create(
        person=PersonFactory(
            organization=organization,
            category=Person.Category.TEACHER,
            last_name="Беляев",
            birth_date=dt.date(1990, 1, 1),
        )
    )
    consent = consent_create(person=revoked.person, signed_on=dt.date.today() - dt.timedelta(days=30))
    consent_revoke(consent=consent, revoked_on=dt.date.today(), reason="личное заявление")
    return {"pupil": link.minor, "mother": link.representative, "mentor": mentor, "revoked": revoked}


def test_curator_adds_a_consent_and_puts_the_pupil_into_the_mentee_bank(page, school, screenshot_dir, tmp_path):
    def shot(name):
        page.screenshot(path=os.path.join(screenshot_dir, f"banks-{name}.png"), full_page=True)

    scan_path = tmp_path / "согласие.png"
    Image.new("RGB", (60, 40), "white").save(scan_path)

    log_in(page, "kurator")
    nav = page.get_by_test_id("main-nav")
    nav.get_by_test_id("nav-group").click()  # the people pages share one dropdown
    for label in ("Банк наставников", "Банк наставляемых", "Согласия"):
        assert nav.get_by_role("link", name=label).is_visible()

    # find the pupil: search ignores case and ё
    nav.get_by_role("link", name="Участники").click()
    page.get_by_label("Поиск").fill("федоров семен")
    page.get_by_role("button", name="Найти").click()
    assert page.get_by_test_id("result-count").inner_text() == "Найдено: 1"
    shot("person-list")
    page.locator("table tbody a", has_text="Фёдоров Семён").click()
    assert page.locator("h1").inner_text() == "Фёдоров Семён Алексеевич"
    assert page.get_by_test_id("consent-banner").is_visible()
    shot("person-without-consent")

    # a consent with a scan, signed by the linked mother
    page.get_by_role("link", name="Внести согласие").first.click()
    page.get_by_label("Подписал(а)").select_option(label="Фёдорова Елена Петровна")
    page.get_by_label("Скан согласия").set_input_files(str(scan_path))
    shot("consent-form")
    page.get_by_role("button", name="Внести согласие").click()
    page.get_by_text("внесено").wait_for()
    row = page.get_by_test_id("consent-row")
    assert row.get_by_test_id("consent-record-state").inner_text() == "действует"
    assert "Фёдорова Е. П." in row.inner_text()
    assert row.get_by_test_id("scan-link").is_visible()
    assert page.get_by_test_id("consent-banner").count() == 0
    shot("person-with-consent")

    # into the mentee bank with a first request
    page.get_by_role("link", name="Добавить в банк наставляемых").click()
    page.get_by_label("Запрос*", exact=True).fill("Трудности с дробями, готовится к олимпиаде")
    page.get_by_label("Источник запроса").select_option(label="классный руководитель")
    page.get_by_label("Темы").fill("математика, олимпиада")
    page.get_by_role("button", name="Внести в банк наставляемых").click()
    page.get_by_text("внесён(а) в банк наставляемых").wait_for()
    assert "ожидает подбора" in page.locator("main").inner_text()
    shot("mentee-detail")
    assert MenteeProfile.objects.filter(person=school["pupil"]).exists()

    page.get_by_test_id("main-nav").get_by_test_id("nav-group").click()
    page.get_by_test_id("main-nav").get_by_role("link", name="Банк наставляемых").click()
    table = page.locator("table tbody")
    assert "Фёдоров Семён Алексеевич" in table.inner_text()
    assert "классный руководитель" in table.inner_text()
    shot("mentee-list")


def test_curator_sees_the_mentor_bank_and_the_missing_consents(page, school, screenshot_dir):
    def shot(name):
        page.screenshot(path=os.path.join(screenshot_dir, f"banks-{name}.png"), full_page=True)

    log_in(page, "kurator")
    page.get_by_test_id("main-nav").get_by_test_id("nav-group").click()
    page.get_by_test_id("main-nav").get_by_role("link", name="Банк наставников").click()
    table = page.locator("table tbody")
    assert "Громова Инна Сергеевна" in table.inner_text()
    assert f"отозвано {dt.date.today():%d.%m.%Y}" in table.inner_text()
    shot("mentor-list")

    page.get_by_role("link", name="Беляев Иван Иванович").click()
    assert page.get_by_test_id("consent-banner").is_visible()
    page.get_by_role("link", name="Изменить статус").click()
    page.get_by_label("Новый статус").select_option(label="одобрен")
    page.get_by_label("Основание").fill("решение педагогического совета № 1 от 30.08.2025")
    shot("mentor-status")
    page.get_by_role("button", name="Изменить статус").click()
    page.get_by_text("статус изменён на «одобрен»").wait_for()
    assert "решение педагогического совета № 1 от 30.08.2025" in page.get_by_test_id("status-history").inner_text()
    shot("mentor-detail")
    assert MentorProfile.objects.get(pk=school["revoked"].pk).status == MentorProfile.Status.APPROVED

    page.get_by_test_id("main-nav").get_by_test_id("nav-group").click()
    page.get_by_test_id("main-nav").get_by_role("link", name="Согласия").click()
    coverage = page.get_by_test_id("coverage")
    assert "4 / 4" in coverage.inner_text()  # nobody of the four in 6А has a consent yet
    shot("consent-missing")
