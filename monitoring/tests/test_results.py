"""Results of a campaign on crafted answers: distributions, means, charts, free texts; entry vs exit per
participant and on average; the xlsx export is formula-safe; the pages' query counts do not grow."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from monitoring import selectors, services
from monitoring.models import Question
from monitoring.tests.test_campaigns_support import (
    complete_values,
    invitation_of,
    launched,
    person_in,
    questions_of,
    running_program,
    standard,
)
from programs.models import Pair
from programs.tests.participants import make_mentor
from programs.tests.program_data import make_pair

pytestmark = pytest.mark.django_db
INJECTION = "=cmd|' /C calc'!A0"


def answer_all(campaign, pairs, numbers, texts=None):
    """The i-th pair's mentee answers every scale with numbers[i] (and the free text with texts[i])."""
    questionnaire = campaign.questionnaire
    free_text = next(q for q in questions_of(questionnaire) if q.kind == Question.Kind.LONG_TEXT)
    for index, (pair, number) in enumerate(zip(pairs, numbers, strict=True)):
        text = texts[index] if texts else ""
        services.response_submit(
            invitation=invitation_of(campaign, person_in(pair)),
            values=complete_values(questionnaire, scale=number, **{f"q{free_text.pk}": text}),
        )


def test_a_scale_gets_its_distribution_and_mean(organization):
    program, pairs = running_program(organization, pairs=4)
    campaign = launched(standard("satisfaction-mentees"), program)
    answer_all(campaign, pairs, [10, 7, 7, 3], texts=["Очень полезно", "", "Больше встреч", "  "])

    results = selectors.campaign_results(campaign)

    assert results.respondents == 4
    first = results.sections[0].questions[0]
    assert first.number == 1 and first.answered == 4
    counts = {option.label: option.count for option in first.options}
    assert counts == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 0, "6": 0, "7": 2, "8": 0, "9": 0, "10": 1}
    assert {option.label: option.share for option in first.options}["7"] == 50
    assert str(first.mean) == "6.8"  # (10 + 7 + 7 + 3) / 4 = 6.75, rounded half up
    free = results.sections[1].questions[0]
    assert free.texts == ["Очень полезно", "Больше встреч"] and free.answered == 2
    assert free.chart == ""
    chart = str(first.chart)
    assert chart.startswith('<svg class="chart chart-columns"') and chart.count('class="chart-bar"') == 10
    assert "среднее 6,8" in chart and "style=" not in chart


def test_options_are_counted_per_respondent(organization):
    program, _ = running_program(organization, pairs=0)
    mentors = [make_mentor(organization) for _ in range(3)]
    questionnaire = standard("candidate-mentors")
    campaign = launched(questionnaire, program)
    competencies, hours = services.MENTOR_QUESTIONS["competencies"], services.MENTOR_QUESTIONS["hours"]
    chosen = [["спорт", "робототехника"], ["спорт"], ["<script>alert(1)</script>"]]
    chosen[2] = ["программирование"]
    for mentor, competences, hour in zip(mentors, chosen, ["3–4 часа", "3–4 часа", "1–2 часа"], strict=True):
        services.response_submit(
            invitation=invitation_of(campaign, mentor),
            values=complete_values(questionnaire, **{f"q{competencies}": competences, f"q{hours}": hour}),
        )
    by_pk = {
        result.question.pk: result
        for section in selectors.campaign_results(campaign).sections
        for result in section.questions
    }
    counts = {option.label: option.count for option in by_pk[competencies].options}
    assert counts["спорт"] == 2 and counts["робототехника"] == 1 and counts["программирование"] == 1
    assert counts["волонтёрство"] == 0 and len(counts) == 13
    assert [(o.label, o.count) for o in by_pk[hours].options][:2] == [("1–2 часа", 1), ("3–4 часа", 2)]
    assert by_pk[hours].mean is None
    assert 'class="chart chart-bars"' in str(by_pk[hours].chart)


def test_the_results_page_shows_charts_and_escapes_free_text(client_for, principal, organization):
    program, pairs = running_program(organization, pairs=2)
    campaign = launched(standard("satisfaction-mentees"), program)
    answer_all(campaign, pairs, [9, 5], texts=["<b>жирно</b>", INJECTION])
    page = client_for(principal).get(reverse("monitoring:campaign-results", args=[campaign.pk])).content.decode()
    assert page.count('<svg class="chart chart-columns"') == 5
    assert "&lt;b&gt;жирно&lt;/b&gt;" in page and "<b>жирно</b>" not in page
    assert 'data-testid="mean">7,0<' in page


# --- Entry and exit ------------------------------------------------------------------------------------


def test_entry_and_exit_are_compared_per_participant_and_on_average(organization, curator):
    program, pairs = running_program(organization, pairs=3)
    entry = launched(standard("entry-mentees"), program)
    final = launched(standard("final-mentees"), program)
    areas = {q.pk: q.impact_area for q in questions_of(entry.questionnaire) if q.impact_area}
    final_areas = {q.pk: q.impact_area for q in questions_of(final.questionnaire) if q.impact_area}

    def sit(campaign, pair, by_area, when):
        area_of = areas if campaign == entry else final_areas
        values = complete_values(campaign.questionnaire)
        values.update({pk: by_area[area] for pk, area in area_of.items()})
        services.response_submit(invitation=invitation_of(campaign, person_in(pair)), values=values, now=when)

    start, end = timezone.now() - dt.timedelta(days=200), timezone.now()
    sit(entry, pairs[0], {"motivation": 4, "soft_skills": 5, "involvement": 3, "adaptation": 6}, start)
    sit(final, pairs[0], {"motivation": 8, "soft_skills": 6, "involvement": 7, "adaptation": 6}, end)
    sit(entry, pairs[1], {"motivation": 6, "soft_skills": 7, "involvement": 5, "adaptation": 9}, start)
    sit(final, pairs[1], {"motivation": 7, "soft_skills": 9, "involvement": 5, "adaptation": 8}, end)
    sit(entry, pairs[2], {"motivation": 2, "soft_skills": 2, "involvement": 2, "adaptation": 2}, start)  # no exit yet

    comparison = selectors.entry_exit_comparison(curator, program)

    assert [p.person for p in comparison.participants] == sorted(
        [person_in(pairs[0]), person_in(pairs[1])], key=lambda person: (person.last_name, person.first_name)
    )
    first = next(p for p in comparison.participants if p.person == person_in(pairs[0]))
    assert [(a.code, str(a.entry), str(a.final), str(a.change)) for a in first.areas] == [
        ("motivation", "4.0", "8.0", "4.0"),
        ("soft_skills", "5.0", "6.0", "1.0"),
        ("involvement", "3.0", "7.0", "4.0"),
        ("adaptation", "6.0", "6.0", "0.0"),
    ]
    averages = {a.code: (str(a.entry), str(a.final), str(a.change)) for a in comparison.averages}
    assert averages == {
        "motivation": ("5.0", "7.5", "2.5"),
        "soft_skills": ("6.0", "7.5", "1.5"),
        "involvement": ("4.0", "6.0", "2.0"),
        "adaptation": ("7.5", "7.0", "-0.5"),
    }
    assert (comparison.entry_only, comparison.final_only) == (1, 0)


def test_the_impact_page_shows_the_averages(client_for, principal, organization):
    program, pairs = running_program(organization, pairs=1)
    entry = launched(standard("entry-mentees"), program)
    final = launched(standard("final-mentees"), program)
    mentee = person_in(pairs[0])
    services.response_submit(
        invitation=invitation_of(entry, mentee),
        values=complete_values(entry.questionnaire, scale=4),
        now=timezone.now() - dt.timedelta(days=100),
    )
    services.response_submit(
        invitation=invitation_of(final, mentee), values=complete_values(final.questionnaire, scale=7)
    )
    page = client_for(principal).get(reverse("monitoring:impact") + f"?program={program.pk}").content.decode()
    motivation = page.split('data-testid="impact-motivation"')[1].split("</tr>")[0]
    assert "4,0" in motivation and "7,0" in motivation and "+3,0" in motivation
    assert mentee.full_name in page


# --- Export --------------------------------------------------------------------------------------------


def test_the_xlsx_export_keeps_a_formula_as_text(client_for, curator, organization):
    program, pairs = running_program(organization, pairs=2)
    campaign = launched(standard("satisfaction-mentees"), program)
    answer_all(campaign, pairs, [9, 4], texts=[INJECTION, "обычный ответ"])

    response = client_for(curator).get(reverse("monitoring:campaign-results-xlsx", args=[campaign.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Респондент", "Отвечал как", "Пара", "Отправлена"]
    assert header[4].startswith("1. Насколько оправдались")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    injected = rows[person_in(pairs[0]).full_name][-1]
    assert injected.value == "'" + INJECTION and injected.data_type == "s"
    assert rows[person_in(pairs[1]).full_name][4].value == 4
    assert rows[person_in(pairs[1]).full_name][1].value == "наставляемый"


# --- Query counts --------------------------------------------------------------------------------------


def _grow(program, campaign_questionnaire, respondents):
    for _ in range(respondents):
        make_pair(program, status=Pair.Status.ACTIVE)
    campaign = launched(campaign_questionnaire, program)
    pairs = list(program.pairs.prefetch_related("members__person"))
    answered = pairs[: len(pairs) // 2]
    answer_all(campaign, answered, [7] * len(answered), texts=["текст"] * len(answered))
    return campaign


@pytest.mark.parametrize("page", ["campaign-detail", "campaign-results", "campaign-results-xlsx", "campaign-links"])
def test_pages_read_in_a_fixed_number_of_queries(
    client_for, curator, organization, django_assert_max_num_queries, page
):
    questionnaire = standard("satisfaction-mentees")
    client = client_for(curator)
    small_program, _ = running_program(organization, pairs=2)
    small = _grow(small_program, questionnaire, 0)
    client.get(reverse(f"monitoring:{page}", args=[small.pk]))  # warm up the session and the caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(f"monitoring:{page}", args=[small.pk]))
    big_program, _ = running_program(organization, pairs=12)
    big = _grow(big_program, questionnaire, 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(f"monitoring:{page}", args=[big.pk]))
    assert response.status_code == 200
    assert big.invitations.count() == 12


def test_the_campaign_list_reads_in_one_query_for_its_rows(
    client_for, curator, organization, django_assert_max_num_queries
):
    questionnaire = standard("satisfaction-mentees")
    program, _ = running_program(organization, pairs=2)
    client = client_for(curator)
    launched(questionnaire, program)
    client.get(reverse("monitoring:campaign-list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("monitoring:campaign-list"))
    for _ in range(4):
        launched(questionnaire, program)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("monitoring:campaign-list"))
