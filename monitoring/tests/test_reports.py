"""Reports of monitoring: the mentor's quarterly report and its check, the year-end report of a pair,
the annual monitoring report (page, PDF, xlsx), the statistical form and the deadlines on home pages."""

import datetime as dt
import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from mentorship.academic_year import AcademicYear
from monitoring import dashboard_selectors, dashboard_services
from monitoring.models import MentorReport, MonitoringReport, YearEndReport
from monitoring.tests.test_dashboard_support import YEAR, build_school, make_pair, questionnaire, respond
from people.models import Person
from people.roles import Role
from people.tests.factories import OrganizationFactory, UserFactory
from programs.models import Meeting, MentoringForm, Pair, Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(organization):
    return build_school(organization)


ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
REPORT_FIELDS = {
    "year": "2026",
    "quarter": "1",
    "project_culture": "Наставляемый защитил проект «Умная теплица».",
    "clubs_attendance": "Посещает кружок робототехники.",
    "projects_done": "1",
    "contests_activity": "Призёр муниципальной олимпиады по физике.",
    "comment": "",
}


@pytest.fixture
def pairs(school, mentor, other_mentor):
    """The mentor's own pair (his person the mentor) and another mentor's pair in the same school."""
    for user in (mentor, other_mentor):
        user.person.birth_date = dt.date(1980, 1, 1)
        user.person.save()
    own = make_pair(school.program, school.form, Pair.Status.ACTIVE, [mentor.person], [school.pupils["Васильев"]])
    other = make_pair(
        school.program, school.form, Pair.Status.ACTIVE, [other_mentor.person], [school.pupils["Григорьев"]]
    )
    return own, other


def report_of(pair, mentor_person, **fields):
    values = {"year": 2026, "quarter": 1, "project_culture": "Проект сделан.", **fields}
    return dashboard_services.mentor_report_create(
        pair=pair, mentor=mentor_person, today=dt.date(2026, 11, 1), **values
    )


# --- The quarterly report: submit, return, resubmit, accept ----------------------------------------


def test_quarterly_report_workflow_from_draft_to_accepted(client_for, mentor, curator, pairs):
    own, _ = pairs
    response = client_for(mentor).post(reverse("monitoring:mentor-report-create", args=[own.pk]), REPORT_FIELDS)
    report = MentorReport.objects.get()
    assert response.status_code == 302 and report.status == MentorReport.Status.DRAFT
    assert report.mentor == mentor.person and (report.year, report.quarter) == (2026, 1)

    client_for(mentor).post(reverse("monitoring:mentor-report-submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == MentorReport.Status.SUBMITTED and report.submitted_at is not None
    # on review the mentor cannot change it
    edit = client_for(mentor).post(reverse("monitoring:mentor-report-edit", args=[report.pk]), REPORT_FIELDS)
    assert "на проверке у куратора" in edit.content.decode()

    listing = client_for(curator).get(reverse("monitoring:mentor-report-list")).content.decode()
    assert f'data-testid="report-{report.pk}"' in listing
    client_for(curator).post(
        reverse("monitoring:mentor-report-review", args=[report.pk]),
        {"decision": "return", "comment": "Добавьте результаты олимпиады."},
    )
    report.refresh_from_db()
    assert report.status == MentorReport.Status.RETURNED
    detail = client_for(mentor).get(reverse("monitoring:mentor-report-detail", args=[report.pk])).content.decode()
    assert "Добавьте результаты олимпиады." in detail

    client_for(mentor).post(
        reverse("monitoring:mentor-report-edit", args=[report.pk]),
        {**REPORT_FIELDS, "contests_activity": "Победитель олимпиады.", "submit": "1"},
    )
    report.refresh_from_db()
    assert report.status == MentorReport.Status.SUBMITTED and report.contests_activity == "Победитель олимпиады."

    client_for(curator).post(reverse("monitoring:mentor-report-review", args=[report.pk]), {"decision": "accept"})
    report.refresh_from_db()
    assert report.status == MentorReport.Status.ACCEPTED and report.reviewed_at is not None

    locked = client_for(mentor).post(reverse("monitoring:mentor-report-edit", args=[report.pk]), REPORT_FIELDS)
    assert "принят куратором: изменить его нельзя" in locked.content.decode()
    report.refresh_from_db()
    assert report.contests_activity == "Победитель олимпиады."
    with pytest.raises(ValidationError, match="принят куратором"):
        dashboard_services.mentor_report_submit(report=report)


def test_a_report_can_be_sent_straight_away(client_for, mentor, pairs):
    own, _ = pairs
    client_for(mentor).post(reverse("monitoring:mentor-report-create", args=[own.pk]), {**REPORT_FIELDS, "submit": "1"})
    assert MentorReport.objects.get().status == MentorReport.Status.SUBMITTED


def test_curator_lists_reports_awaiting_check_and_not_drafts(client_for, mentor, curator, pairs):
    own, _ = pairs
    draft = report_of(own, mentor.person, quarter=1)
    sent = report_of(own, mentor.person, quarter=2, submit=True)
    html = client_for(curator).get(reverse("monitoring:mentor-report-list")).content.decode()
    assert f'data-testid="report-{sent.pk}"' in html and f'data-testid="report-{draft.pk}"' not in html
    mine = client_for(mentor).get(reverse("monitoring:mentor-report-list")).content.decode()
    assert f'data-testid="report-{draft.pk}"' in mine and "Квартальный отчёт" in mine


def test_returning_needs_a_comment(mentor, pairs):
    report = report_of(pairs[0], mentor.person, submit=True)
    with pytest.raises(ValidationError, match="что нужно доработать"):
        dashboard_services.mentor_report_return(report=report, comment="  ")


def test_a_draft_cannot_be_accepted(mentor, pairs):
    report = report_of(pairs[0], mentor.person)
    with pytest.raises(ValidationError, match="только отчёт на проверке"):
        dashboard_services.mentor_report_accept(report=report)


def test_an_empty_report_cannot_be_sent(mentor, pairs):
    with pytest.raises(ValidationError, match="хотя бы один критерий"):
        report_of(pairs[0], mentor.person, project_culture="", submit=True)


def test_one_report_per_quarter(mentor, pairs):
    report_of(pairs[0], mentor.person)
    with pytest.raises(ValidationError, match="уже есть"):
        report_of(pairs[0], mentor.person)


def test_a_future_quarter_or_one_outside_the_pair_is_refused(mentor, pairs):
    with pytest.raises(ValidationError, match="ещё не наступил"):
        report_of(pairs[0], mentor.person, year=2027, quarter=1)
    with pytest.raises(ValidationError, match="не входит в этот срок"):
        report_of(pairs[0], mentor.person, year=2025, quarter=2)  # the pair began on 1 October 2025


def test_a_forming_pair_takes_no_report(mentor, school):
    pair = make_pair(school.program, school.form, Pair.Status.FORMING, [mentor.person], [school.pupils["Васильев"]])
    with pytest.raises(ValidationError, match="ещё формируется"):
        report_of(pair, mentor.person)


def test_only_the_pairs_mentor_reports_on_it(mentor, other_mentor, pairs):
    with pytest.raises(ValidationError, match="не наставник пары"):
        report_of(pairs[1], mentor.person)


def test_mentor_cannot_touch_another_pairs_report(client_for, mentor, other_mentor, pairs):
    own, other = pairs
    others_report = report_of(other, other_mentor.person, submit=True)
    client = client_for(mentor)
    assert client.get(reverse("monitoring:mentor-report-create", args=[other.pk])).status_code == 404
    assert client.post(reverse("monitoring:mentor-report-create", args=[other.pk]), REPORT_FIELDS).status_code == 404
    for name in ("mentor-report-detail", "mentor-report-edit"):
        assert client.get(reverse(f"monitoring:{name}", args=[others_report.pk])).status_code == 404
    assert client.post(reverse("monitoring:mentor-report-submit", args=[others_report.pk])).status_code == 404
    listing = client.get(reverse("monitoring:mentor-report-list")).content.decode()
    assert f'data-testid="report-{others_report.pk}"' not in listing
    assert not MentorReport.objects.filter(pair=other, mentor=mentor.person).exists()


def test_report_pages_access(client_for, client, mentor, curator, principal, administrator, user_without_role, pairs):
    report = report_of(pairs[0], mentor.person, submit=True)
    detail = reverse("monitoring:mentor-report-detail", args=[report.pk])
    review = reverse("monitoring:mentor-report-review", args=[report.pk])
    listing = reverse("monitoring:mentor-report-list")
    for user in (curator, principal, mentor):
        assert client_for(user).get(detail).status_code == 200
        assert client_for(user).get(listing).status_code == 200
    for user in (administrator, user_without_role):
        assert client_for(user).get(detail).status_code == 403
        assert client_for(user).get(listing).status_code == 403
    # only the curator checks; the principal reads, the mentor cannot accept his own report
    for user in (principal, mentor):
        assert client_for(user).post(review, {"decision": "accept"}).status_code == 403
    # the curator does not edit the mentor's text
    assert client_for(curator).get(reverse("monitoring:mentor-report-edit", args=[report.pk])).status_code == 403
    client.logout()
    assert client.get(detail).status_code == 302 and "/accounts/login/" in client.get(detail)["Location"]


def test_another_schools_curator_gets_not_found(client_for, mentor, pairs):
    report = report_of(pairs[0], mentor.person, submit=True)
    stranger = UserFactory(organization=OrganizationFactory(), roles=[Role.CURATOR])
    client = client_for(stranger)
    assert client.get(reverse("monitoring:mentor-report-detail", args=[report.pk])).status_code == 404
    assert (
        client.post(reverse("monitoring:mentor-report-review", args=[report.pk]), {"decision": "accept"}).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.status == MentorReport.Status.SUBMITTED


# --- The year-end report ---------------------------------------------------------------------------

YEAR_END = {"results": "Наставляемый освоил проектную работу.", "difficulties": "", "proposals": "Продолжить."}


def test_year_end_report_filled_by_curator_mentor_and_mentee(client_for, curator, mentor, pairs, school):
    own, _ = pairs
    client_for(curator).post(reverse("monitoring:year-report-edit", args=[own.pk, "curator"]), YEAR_END)
    mentee = school.pupils["Васильев"]
    client_for(curator).post(
        reverse("monitoring:year-report-edit", args=[own.pk, "mentee"]), {**YEAR_END, "author": mentee.pk}
    )
    client_for(mentor).post(reverse("monitoring:year-report-edit", args=[own.pk, "mentor"]), YEAR_END)
    reports = {report.author_role: report.author for report in YearEndReport.objects.filter(pair=own)}
    assert reports == {"curator": curator.person, "mentee": mentee, "mentor": mentor.person}
    listing = client_for(curator).get(reverse("monitoring:year-report-list", args=[school.program.pk]))
    pair = next(pair for pair in listing.context["pairs"] if pair.pk == own.pk)
    assert pair.filled == 3
    page = client_for(curator).get(reverse("monitoring:year-report-pair", args=[own.pk])).content.decode()
    assert "Наставляемый освоил проектную работу." in page
    # the mentor corrects his part: still one report per role
    client_for(mentor).post(
        reverse("monitoring:year-report-edit", args=[own.pk, "mentor"]), {**YEAR_END, "results": "Уточнено."}
    )
    assert YearEndReport.objects.get(pair=own, author_role="mentor").results == "Уточнено."


def test_mentor_fills_only_his_own_part_of_his_own_pair(client_for, mentor, pairs):
    own, other = pairs
    client = client_for(mentor)
    assert client.get(reverse("monitoring:year-report-edit", args=[own.pk, "mentee"])).status_code == 403
    assert client.get(reverse("monitoring:year-report-edit", args=[other.pk, "mentor"])).status_code == 404
    assert client.get(reverse("monitoring:year-report-list", args=[own.program_id])).status_code == 403


def test_year_end_report_access(client_for, principal, administrator, curator, pairs, school):
    own, _ = pairs
    listing = reverse("monitoring:year-report-list", args=[school.program.pk])
    assert client_for(principal).get(listing).status_code == 200
    assert client_for(principal).get(reverse("monitoring:year-report-programs")).status_code == 200
    assert (
        client_for(principal).get(reverse("monitoring:year-report-edit", args=[own.pk, "curator"])).status_code == 403
    )
    assert client_for(administrator).get(listing).status_code == 403
    foreign_program = Program.objects.create(
        organization=OrganizationFactory(), title="Чужая", year_start=2025,
        starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 5, 31),
    )  # fmt: skip
    assert client_for(curator).get(reverse("monitoring:year-report-list", args=[foreign_program.pk])).status_code == 404


def test_year_end_author_must_belong_to_the_pair(pairs, school):
    with pytest.raises(ValidationError, match="не наставляемый пары"):
        dashboard_services.year_end_report_save(
            pair=pairs[0], author_role="mentee", author=school.pupils["Алексеев"], results="Есть."
        )


# --- The annual monitoring report ------------------------------------------------------------------


@pytest.fixture
def reported_school(school, curator):
    """The crafted school with entry/final answers, a meeting, an accepted report and the SWOT texts."""
    areas = [("Интерес", "scale", False, "motivation"), ("Команда", "scale", False, "soft_skills")]
    entry = questionnaire("test-entry", "mentee", "entry", areas)
    final = questionnaire("test-final", "mentee", "final", areas)
    pupil = school.pupils["Алексеев"]
    respond(pupil, "mentee", dt.date(2025, 10, 5), entry, 4, 5)
    respond(school.pupils["Борисов"], "mentee", dt.date(2025, 10, 6), entry, 6, 5)
    respond(pupil, "mentee", dt.date(2026, 5, 20), final, 8, 7)
    Meeting.objects.create(pair=school.active_pair, held_on=dt.date(2025, 10, 10), topic="Знакомство")
    report = report_of(school.active_pair, school.teachers["Старший"], projects_done=2, submit=True)
    dashboard_services.mentor_report_accept(report=report)
    dashboard_services.monitoring_report_save(
        organization=school.organization,
        year=YEAR,
        strengths="Высокая вовлечённость педагогов.",
        weaknesses="Мало партнёров.",
        opportunities="Новый технопарк.",
        threats='=HYPERLINK("http://evil")',
        conclusions="Упаковать программу в лучшую практику.",
    )
    return school


def test_impact_compares_entry_and_final_means_of_the_year(reported_school):
    areas = {area.code: area for area in dashboard_selectors.impact_by_area([reported_school.organization.pk], YEAR)}
    assert (areas["motivation"].entry, areas["motivation"].final, areas["motivation"].change) == (
        Decimal("5.0"), Decimal("8.0"), Decimal("3.0"),
    )  # fmt: skip
    assert (areas["motivation"].entry_respondents, areas["motivation"].final_respondents) == (2, 1)
    assert areas["adaptation"].entry is None


def test_participants_by_form_count_distinct_people_in_counted_pairs(reported_school):
    school = reported_school
    other_form = MentoringForm.objects.create(
        code="test-teacher-teacher",
        name="учитель – учитель",
        mentor_categories=["teacher"],
        mentee_categories=["teacher"],
    )
    make_pair(
        school.program, other_form, Pair.Status.COMPLETED, [school.teachers["Старший"]], [school.teachers["Молодой"]]
    )
    participants = dashboard_selectors.participants_by_form([school.organization.pk], YEAR)
    rows = {row.form: (row.pairs, row.mentors, row.mentees) for row in participants.rows}
    # the forming pair does not count; Старший mentors in both forms but is one person in the total
    assert rows == {"учитель – ученик": (2, 1, 2), "учитель – учитель": (1, 1, 1)}
    assert (participants.total.pairs, participants.total.mentors, participants.total.mentees) == (3, 1, 2)


def test_process_figures(reported_school):
    process = dashboard_selectors.process_figures(reported_school.organization, YEAR)
    assert (process.pairs, process.meetings, process.reports_accepted, process.projects_done) == (2, 1, 1, 2)


def test_annual_report_pdf_reads_back(client_for, principal, reported_school):
    response = client_for(principal).get(reverse("monitoring:annual-report-pdf", args=[2025]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, "monitoring-report.pdf")
    with open(path, "wb") as file:
        file.write(response.content)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", path, path[:-4]], check=True)
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Отчёт о мониторинге" in text and "2025/2026" in text
    assert "Доля обучающихся ОО, вовлечённых" in text
    assert "Уровень удовлетворённости наставляемых" in text
    assert "25,0" in text and "-45,0" in text and "88,9" in text
    assert "Высокая вовлечённость педагогов." in text and "Упаковать программу в лучшую практику." in text
    assert "учитель – ученик" in text
    assert "А. С. Петрова" in text


def test_annual_report_xlsx_cells(client_for, curator, reported_school):
    response = client_for(curator).get(reverse("monitoring:annual-report-xlsx", args=[2025]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Показатели", "Участники по формам", "Влияние (вход и выход)", "Процесс", "SWOT"]
    indicators = workbook["Показатели"]
    assert indicators["A1"].value == "Показатель" and indicators["C1"].value == "Факт, %"
    rows = {row[0]: row for row in indicators.iter_rows(min_row=2, values_only=True)}
    pupils = rows["Доля обучающихся ОО, вовлечённых в различные формы сопровождения и наставничества, %"]
    assert pupils[1:6] == (70.0, 25.0, -45.0, 1, 4)
    swot = {row[0]: row[1] for row in workbook["SWOT"].iter_rows(min_row=2, values_only=True)}
    assert swot["Сильные стороны"] == "Высокая вовлечённость педагогов."
    assert swot["Угрозы"].startswith("'=")  # not a formula
    assert workbook["SWOT"]["B5"].data_type == "s"


def test_annual_report_page_and_swot_editing(client_for, curator, principal, reported_school):
    page = client_for(principal).get(reverse("monitoring:annual-report") + "?year=2025").content.decode()
    assert "Высокая вовлечённость педагогов." in page and "Отчёт о мониторинге за 2025/2026" in page
    edit = reverse("monitoring:annual-report-edit", args=[2025])
    assert client_for(principal).get(edit).status_code == 403
    client_for(curator).post(
        edit,
        {
            "strengths": "Сильные наставники.",
            "weaknesses": "",
            "opportunities": "",
            "threats": "",
            "conclusions": "Выводы.",
        },
    )
    stored = MonitoringReport.objects.get(organization=reported_school.organization, year_start=2025)
    assert (stored.strengths, stored.conclusions) == ("Сильные наставники.", "Выводы.")


def test_annual_report_access(client_for, client, mentor, administrator, reported_school):
    urls = [
        reverse("monitoring:annual-report"),
        reverse("monitoring:annual-report-pdf", args=[2025]),
        reverse("monitoring:annual-report-xlsx", args=[2025]),
        reverse("monitoring:statistical-form"),
        reverse("monitoring:statistical-form-xlsx", args=[2025]),
    ]
    for url in urls:
        assert client_for(mentor).get(url).status_code == 403
        assert client_for(administrator).get(url).status_code == 403
        client.logout()
        assert client.get(url).status_code == 302


def test_another_schools_principal_sees_only_his_own_figures(client_for, reported_school):
    stranger = UserFactory(organization=OrganizationFactory(), roles=[Role.PRINCIPAL])
    page = client_for(stranger).get(reverse("monitoring:annual-report") + "?year=2025").content.decode()
    assert "Высокая вовлечённость педагогов." not in page
    assert (
        client_for(stranger)
        .get(reverse("monitoring:indicators") + "?year=2025")
        .context["dashboard"]
        .rows[0]
        .figure.denominator
        == 0
    )


# --- The statistical form and the deadlines --------------------------------------------------------


def test_statistical_form_counts_distinct_people_by_category(client_for, principal, reported_school):
    school = reported_school
    school.pupils["Алексеев"].is_archived = True  # left after taking part: still counted
    school.pupils["Алексеев"].save()
    form = client_for(principal).get(reverse("monitoring:statistical-form") + "?year=2025").context["form"]
    rows = {row.category: (row.mentors, row.mentees, row.people) for row in form.rows}
    assert rows[Person.Category.PUPIL] == (0, 1, 1)
    assert rows[Person.Category.TEACHER] == (1, 1, 2)
    assert (form.total.mentors, form.total.mentees, form.total.people) == (1, 2, 3)
    assert form.learners_on_roll == 3 and form.federal_share == Decimal("100.0")
    assert form.due_on == dt.date(2026, 1, 20)
    response = client_for(principal).get(reverse("monitoring:statistical-form-xlsx", args=[2025]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[sheet.max_row]] == ["Всего", 1, 2, 3]


@pytest.mark.parametrize(
    ("today", "first", "days", "year"),
    [
        (dt.date(2026, 11, 23), "statistical-form", 58, 2026),
        (dt.date(2026, 10, 20), "monitoring-report", 0, 2025),
        (dt.date(2027, 1, 21), "monitoring-report", 272, 2026),
    ],
)
def test_next_monitoring_deadlines(organization, today, first, days, year):
    deadlines = dashboard_selectors.monitoring_deadlines(organization.pk, today=today)
    assert [deadline.key for deadline in deadlines][0] == first
    assert (deadlines[0].days_left, deadlines[0].year) == (days, AcademicYear(year))


def test_deadline_labels_and_fixed_note(organization):
    dashboard_services.indicator_snapshot_fix(
        organization=organization, year=AcademicYear(2025), fixed_by=None, today=dt.date(2026, 10, 1)
    )
    deadlines = {
        d.key: d for d in dashboard_selectors.monitoring_deadlines(organization.pk, today=dt.date(2026, 10, 18))
    }
    report = deadlines["monitoring-report"]
    assert report.days_left_label == "через 2 дня" and report.done_note.startswith("показатели зафиксированы")


def test_home_pages_show_the_deadlines_to_curator_and_principal(client_for, curator, principal, mentor):
    for user in (curator, principal):
        html = client_for(user).get(reverse("home")).content.decode()
        assert 'data-testid="monitoring-deadlines"' in html and "Отчёт о мониторинге за" in html
    assert 'data-testid="monitoring-deadlines"' not in client_for(mentor).get(reverse("home")).content.decode()
