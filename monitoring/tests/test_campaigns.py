"""Campaigns: who is invited, launching and closing, answering once, the rules of answers, the group-meeting
choice written as preferences, the candidate questionnaires feeding the banks, mentors' own questionnaires."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from monitoring import selectors, services
from monitoring import urls as monitoring_urls
from monitoring.forms import QuestionnaireForm
from monitoring.models import Answer, Campaign, Invitation, Question, Questionnaire, QuestionnaireSection, Response
from monitoring.tests.test_campaigns_support import (
    complete_values,
    form_data,
    invitation_of,
    launched,
    person_in,
    questions_of,
    running_program,
    standard,
    today,
)
from people.models import Consent, MenteeProfile
from people.services import consent_revoke
from programs.models import MatchPreference, Pair, Program
from programs.services import pair_terminate
from programs.tests.participants import make_mentee, make_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def satisfaction():
    return standard("satisfaction-mentees")


# --- Creating, launching, closing ------------------------------------------------------------------


def test_a_mentee_questionnaire_invites_every_mentee_of_the_program_once(organization, curator, satisfaction):
    program, pairs = running_program(organization, pairs=2)
    shared_mentee, second_mentee = person_in(pairs[0]), person_in(pairs[1])
    Pair.objects.get(pk=pairs[1].pk).members.create(person=shared_mentee, role="mentee")  # in two pairs now
    deadline = today() + dt.timedelta(days=10)

    creation = services.campaign_create(
        organization=organization, questionnaire=satisfaction, program=program, deadline=deadline, created_by=curator
    )

    campaign = creation.campaign
    assert campaign.status == Campaign.Status.DRAFT and campaign.title == satisfaction.title
    invited = {invitation.person: invitation for invitation in campaign.invitations.all()}
    assert set(invited) == {shared_mentee, second_mentee}
    assert all(invitation.role == "mentee" for invitation in invited.values())
    assert invited[second_mentee].pair == pairs[1]
    end_of_deadline = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time.min, timezone.get_current_timezone())
    assert all(invitation.expires_at == end_of_deadline for invitation in invited.values())
    assert creation.skipped == []


def test_the_link_expiry_adds_the_configured_grace(settings):
    settings.MONITORING_LINK_GRACE_HOURS = 36
    expiry = services.link_expiry(dt.date(2026, 5, 20))
    assert timezone.localtime(expiry).replace(tzinfo=None) == dt.datetime(2026, 5, 22, 12, 0)


def test_tokens_are_unguessable_and_distinct(organization, satisfaction):
    program, _ = running_program(organization, pairs=3)
    campaign = launched(satisfaction, program)
    tokens = list(campaign.invitations.values_list("token", flat=True))
    assert len(set(tokens)) == 3
    assert all(len(token) >= 43 for token in tokens)  # 32 random bytes, base64url: 256 bits


def test_a_mentor_questionnaire_goes_to_the_mentors_of_chosen_pairs_only(organization):
    program, pairs = running_program(organization, pairs=3)
    creation = services.campaign_create(
        organization=organization,
        questionnaire=standard("satisfaction-mentors"),
        program=program,
        deadline=today(),
        pairs=pairs[:2],
    )
    invited = set(creation.campaign.invitations.values_list("person", "role"))
    assert invited == {(person_in(pair, "mentor").pk, "mentor") for pair in pairs[:2]}


def test_people_without_a_valid_consent_are_not_invited_and_are_listed(organization, satisfaction):
    program, pairs = running_program(organization, pairs=2)
    without = person_in(pairs[0])
    consent_revoke(consent=Consent.objects.get(person=without), revoked_on=today())

    creation = services.campaign_create(
        organization=organization, questionnaire=satisfaction, program=program, deadline=today()
    )

    assert list(creation.campaign.invitations.values_list("person", flat=True)) == [person_in(pairs[1]).pk]
    assert [item.person for item in creation.skipped] == [without]
    assert "согласия" in creation.skipped[0].reason


def test_terminated_pairs_and_archived_people_are_left_out(organization, satisfaction):
    program, pairs = running_program(organization, pairs=3)
    pair_terminate(pair=pairs[0], ended_on=today(), reason="переезд наставляемого")
    archived = person_in(pairs[1])
    archived.is_archived = True
    archived.save()
    creation = services.campaign_create(
        organization=organization, questionnaire=satisfaction, program=program, deadline=today()
    )
    assert list(creation.campaign.invitations.values_list("person", flat=True)) == [person_in(pairs[2]).pk]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"deadline": dt.date(2020, 1, 1)}, "deadline", "уже прошёл"),
        ({"questionnaire_code": "nobody"}, "questionnaire", "заполняется куратором"),
        ({"foreign_program": True}, "program", "другой организации"),
        ({"foreign_pair": True}, "pairs", "не из программы"),
    ],
)
def test_a_campaign_is_refused_with_a_russian_reason(organization, other_organization, change, field, message):
    program, pairs = running_program(organization)
    questionnaire = standard("satisfaction-mentees")
    if change.get("questionnaire_code"):
        questionnaire = type(questionnaire).objects.create(
            code="curator-self", title="Анкета куратора", audience="curator", purpose="interim"
        )
    chosen = []
    if change.get("foreign_pair"):
        _, chosen = running_program(other_organization)
    if change.get("foreign_program"):
        program, _ = running_program(other_organization)
    with pytest.raises(ValidationError) as refused:
        services.campaign_create(
            organization=organization,
            questionnaire=questionnaire,
            program=program,
            deadline=change.get("deadline", today()),
            pairs=chosen,
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert not Campaign.objects.exists()


def test_a_program_without_participants_gets_no_campaign(organization, satisfaction):
    program, _ = running_program(organization, pairs=0)
    with pytest.raises(ValidationError, match="Некому отправить анкету"):
        services.campaign_create(
            organization=organization, questionnaire=satisfaction, program=program, deadline=today()
        )


def test_candidate_questionnaires_go_to_the_banks(organization):
    program, _ = running_program(organization, pairs=1)
    waiting = make_mentee(organization)
    candidate_mentor = make_mentor(organization, status="candidate")
    mentees = services.campaign_create(
        organization=organization, questionnaire=standard("candidate-mentees"), program=program, deadline=today()
    ).campaign
    mentors = services.campaign_create(
        organization=organization, questionnaire=standard("candidate-mentors"), program=program, deadline=today()
    ).campaign
    choice = services.campaign_create(
        organization=organization, questionnaire=standard("group-meeting-mentors"), program=program, deadline=today()
    ).campaign
    assert list(mentees.invitations.values_list("person", "role")) == [(waiting.pk, "mentee_candidate")]
    assert candidate_mentor.pk in set(mentors.invitations.values_list("person", flat=True))
    assert candidate_mentor.pk not in set(choice.invitations.values_list("person", flat=True))  # not approved yet


def test_launch_and_close_follow_the_workflow(organization, satisfaction):
    program, _ = running_program(organization)
    campaign = services.campaign_create(
        organization=organization, questionnaire=satisfaction, program=program, deadline=today()
    ).campaign
    with pytest.raises(ValidationError, match="Завершить можно только идущий опрос"):
        services.campaign_close(campaign=campaign)
    services.campaign_launch(campaign=campaign)
    assert campaign.status == Campaign.Status.RUNNING
    with pytest.raises(ValidationError, match="запустить её нельзя"):
        services.campaign_launch(campaign=campaign)
    services.campaign_close(campaign=campaign)
    assert Campaign.objects.get().status == Campaign.Status.CLOSED


# --- The personal link -------------------------------------------------------------------------------


@pytest.fixture
def link(organization, satisfaction):
    """A running satisfaction campaign for two pairs: the first mentee's invitation and the campaign."""
    program, pairs = running_program(organization, pairs=2)
    campaign = launched(satisfaction, program)
    return invitation_of(campaign, person_in(pairs[0])), campaign


def test_a_link_shows_only_its_questionnaire_and_the_first_name(client, link, satisfaction):
    invitation, campaign = link
    page = client.get(reverse("monitoring:respond", args=[invitation.token]))
    assert page.status_code == 200
    html = page.content.decode()
    assert satisfaction.title in html
    assert f"Здравствуйте, {invitation.person.first_name}!" in html
    assert invitation.person.last_name not in html  # nothing more of the person
    assert 'data-testid="main-nav"' not in html and "navbar" not in html
    assert reverse("home") + '"' not in html  # no way into the portal
    assert page["Cache-Control"].startswith("max-age=0") and page["Referrer-Policy"] == "same-origin"


def test_a_link_works_once(client, link, satisfaction):
    invitation, _ = link
    url = reverse("monitoring:respond", args=[invitation.token])
    answered = client.post(url, form_data(satisfaction, complete_values(satisfaction, scale=9)))
    assert answered.status_code == 302
    response = Response.objects.get(invitation=invitation)
    assert response.role == "mentee" and response.respondent == invitation.person
    assert set(response.answers.values_list("number", flat=True)) == {9, None}

    again = client.post(url, form_data(satisfaction, complete_values(satisfaction, scale=1)))
    assert again.status_code == 200
    assert "Анкета уже заполнена" in again.content.decode()
    assert Response.objects.count() == 1
    assert set(Answer.objects.exclude(number=None).values_list("number", flat=True)) == {9}
    assert "Анкета уже заполнена" in client.get(url).content.decode()


def test_the_service_refuses_a_second_response(link, satisfaction):
    invitation, _ = link
    services.response_submit(invitation=invitation, values=complete_values(satisfaction))
    with pytest.raises(ValidationError, match="Анкета уже заполнена"):
        services.response_submit(
            invitation=Invitation.objects.get(pk=invitation.pk), values=complete_values(satisfaction)
        )
    assert Response.objects.count() == 1


def test_a_link_reaches_only_its_own_questionnaire(client, link):
    invitation, campaign = link
    other_questionnaire = standard("satisfaction-mentors")
    mentors = launched(other_questionnaire, campaign.program)
    other = mentors.invitations.first()
    page = client.get(reverse("monitoring:respond", args=[invitation.token])).content.decode()
    assert other_questionnaire.title not in page
    for question in questions_of(other_questionnaire):
        assert f'name="q{question.pk}"' not in page
    # answers to another questionnaire's questions are ignored, and leave the other invitation untouched
    data = form_data(other_questionnaire, complete_values(other_questionnaire))
    client.post(reverse("monitoring:respond", args=[invitation.token]), data)
    other.refresh_from_db()
    assert other.used_at is None and not Response.objects.filter(invitation=other).exists()


def test_an_expired_link_is_refused(client, link, satisfaction):
    invitation, _ = link
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    url = reverse("monitoring:respond", args=[invitation.token])
    assert "Срок действия ссылки истёк" in client.get(url).content.decode()
    page = client.post(url, form_data(satisfaction, complete_values(satisfaction)))
    assert "Срок действия ссылки истёк" in page.content.decode()
    assert not Response.objects.exists()


def test_links_of_a_draft_or_closed_campaign_take_no_answers(client, organization, satisfaction):
    program, pairs = running_program(organization)
    campaign = services.campaign_create(
        organization=organization, questionnaire=satisfaction, program=program, deadline=today()
    ).campaign
    url = reverse("monitoring:respond", args=[campaign.invitations.get().token])
    assert "Анкетирование ещё не началось" in client.get(url).content.decode()
    services.campaign_launch(campaign=campaign)
    services.campaign_close(campaign=campaign)
    assert (
        "Анкетирование завершено"
        in client.post(url, form_data(satisfaction, complete_values(satisfaction))).content.decode()
    )
    assert not Response.objects.exists()


@pytest.mark.parametrize("token", ["x" * 43, "not-a-token", "a" * 65])
def test_an_unknown_token_is_not_found(client, link, token):
    assert client.get(f"/monitoring/q/{token}/").status_code == 404


def test_there_is_no_way_to_change_a_submitted_response(client, link, satisfaction):
    invitation, _ = link
    services.response_submit(invitation=invitation, values=complete_values(satisfaction, scale=6))
    response = Response.objects.get()
    for suffix in ("edit/", f"{response.pk}/edit/", "change/"):
        assert client.get(f"/monitoring/q/{invitation.token}/{suffix}").status_code == 404
    assert not any(word in name for name in _monitoring_url_names() for word in ("edit", "change", "update"))
    assert set(Answer.objects.exclude(number=None).values_list("number", flat=True)) == {6}


def _monitoring_url_names():
    """The names of the questionnaire and campaign pages (the dashboard's own pages aside)."""
    return [
        pattern.name for pattern in monitoring_urls.urlpatterns if pattern.callback.__module__ == "monitoring.views"
    ]


# --- The rules of answers ------------------------------------------------------------------------------


def _submit(invitation, questionnaire, **overrides):
    return services.response_submit(invitation=invitation, values=complete_values(questionnaire, **overrides))


def test_required_questions_must_be_answered(link, satisfaction):
    invitation, _ = link
    first = questions_of(satisfaction)[0]
    with pytest.raises(ValidationError) as refused:
        _submit(invitation, satisfaction, **{f"q{first.pk}": None})
    assert refused.value.message_dict == {f"q{first.pk}": ["Ответьте на этот вопрос."]}
    free_text = questions_of(satisfaction)[-1]
    _submit(invitation, satisfaction, **{f"q{free_text.pk}": ""})  # the free text is optional
    assert not Response.objects.get().answers.filter(question=free_text).exists()


@pytest.mark.parametrize("value", [0, 11, "7", True])
def test_a_scale_takes_a_whole_number_from_1_to_10(link, satisfaction, value):
    invitation, _ = link
    first = questions_of(satisfaction)[0]
    with pytest.raises(ValidationError, match="от 1 до 10"):
        _submit(invitation, satisfaction, **{f"q{first.pk}": value})
    assert not Response.objects.exists()
    assert Invitation.objects.get(pk=invitation.pk).used_at is None


def test_the_page_shows_russian_messages_and_keeps_the_answers(client, link, satisfaction):
    invitation, _ = link
    first, second = questions_of(satisfaction)[:2]
    values = complete_values(satisfaction, scale=7, **{f"q{first.pk}": None, f"q{second.pk}": 12})
    page = client.post(reverse("monitoring:respond", args=[invitation.token]), form_data(satisfaction, values))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ответьте на этот вопрос." in html and "Выберите оценку от 1 до 10." in html
    third = questions_of(satisfaction)[2]
    assert f'id="q{third.pk}-7" value="7" autocomplete="off" checked' in html
    assert not Response.objects.exists()


def test_a_link_page_reads_the_invitation_with_its_consent_check_and_the_questions_in_three_queries(
    client, link, satisfaction, django_assert_max_num_queries
):
    invitation, _ = link
    with django_assert_max_num_queries(3):  # the invitation (and whether consent is withdrawn), sections, questions
        page = client.get(reverse("monitoring:respond", args=[invitation.token]))
    assert page.status_code == 200 and f"Здравствуйте, {invitation.person.first_name}!" in page.content.decode()


def test_the_options_of_every_kind_of_question_are_drawn_escaped_and_keep_what_was_chosen(organization):
    questionnaire = Questionnaire.objects.create(title="Проверка", code="escaping", audience="mentor")
    section = QuestionnaireSection.objects.create(questionnaire=questionnaire, title="Раздел", order=1)
    single = Question.objects.create(
        section=section, text="Один", kind=Question.Kind.SINGLE, choices=["<b>жирно</b>", 'в "кавычках"'], order=1
    )
    several = Question.objects.create(
        section=section, text="Несколько", kind=Question.Kind.MULTIPLE, choices=["а & б", "в"], order=2
    )
    yes_no = Question.objects.create(section=section, text="Да или нет", kind=Question.Kind.YES_NO, order=3)
    scale = Question.objects.create(section=section, text="Оценка", kind=Question.Kind.SCALE, order=4)
    data = QueryDict(mutable=True)
    data.update({f"q{single.pk}": 'в "кавычках"', f"q{yes_no.pk}": "нет", f"q{scale.pk}": "10"})
    data.setlist(f"q{several.pk}", ["а & б"])
    blocks = {
        block.question.pk: block.options_html
        for section_block in QuestionnaireForm(data, sections=selectors.questionnaire_sections(questionnaire)).blocks()
        for block in section_block.questions
    }
    assert "&lt;b&gt;жирно&lt;/b&gt;</label>" in blocks[single.pk] and "<b>" not in blocks[single.pk]
    assert f'id="q{single.pk}-2" value="в &quot;кавычках&quot;" checked>' in blocks[single.pk]
    assert f'type="checkbox" name="q{several.pk}" id="q{several.pk}-1" value="а &amp; б" checked>' in blocks[several.pk]
    assert f'id="q{several.pk}-2" value="в">' in blocks[several.pk]
    assert '<div class="form-check form-check-inline">' in blocks[yes_no.pk]
    assert f'id="q{yes_no.pk}-2" value="нет" checked>' in blocks[yes_no.pk]
    assert f'id="q{scale.pk}-10" value="10" autocomplete="off" checked>' in blocks[scale.pk]
    assert blocks[scale.pk].count("scale-option") == 10 and blocks[scale.pk].count("checked") == 1


def test_options_must_come_from_the_list(organization):
    program, _ = running_program(organization)
    questionnaire = standard("candidate-mentors")
    mentor = make_mentor(organization)
    campaign = launched(questionnaire, program)
    invitation = invitation_of(campaign, mentor)
    competencies = services.MENTOR_QUESTIONS["competencies"]
    hours = services.MENTOR_QUESTIONS["hours"]
    with pytest.raises(ValidationError) as refused:
        _submit(invitation, questionnaire, **{f"q{competencies}": ["вязание"], f"q{hours}": "сколько угодно"})
    assert refused.value.message_dict == {
        f"q{competencies}": ["Выберите варианты из предложенного списка."],
        f"q{hours}": ["Выберите один из предложенных вариантов."],
    }


# --- The group-meeting choice and the candidate questionnaires ------------------------------------------


@pytest.fixture
def group_meeting(organization):
    program, _ = running_program(organization, pairs=0)
    mentee = make_mentee(organization, first_name="Оля")
    mentors = [make_mentor(organization, last_name=name) for name in ("Антонова", "Борисова", "Васильева")]
    campaign = launched(standard("group-meeting-mentees"), program)
    return program, invitation_of(campaign, mentee), mentors


def test_the_choice_after_the_group_meeting_becomes_the_mentees_preferences(client, group_meeting):
    program, invitation, mentors = group_meeting
    questionnaire = invitation.campaign.questionnaire
    ranking = questions_of(questionnaire)[0]
    page = client.get(reverse("monitoring:respond", args=[invitation.token])).content.decode()
    for mentor in mentors:
        assert mentor.full_name in page
    assert "ОВЗ" not in page and "группа риска" not in page

    values = complete_values(questionnaire, **{f"q{ranking.pk}": [mentors[2].pk, mentors[0].pk]})
    client.post(reverse("monitoring:respond", args=[invitation.token]), form_data(questionnaire, values))

    chosen = list(
        MatchPreference.objects.filter(program=program, chooser=invitation.person).values_list("chosen", "rank")
    )
    assert chosen == [(mentors[2].pk, 1), (mentors[0].pk, 2)]


def test_the_same_mentor_cannot_be_ranked_twice(client, group_meeting):
    _, invitation, mentors = group_meeting
    questionnaire = invitation.campaign.questionnaire
    ranking = questions_of(questionnaire)[0]
    with pytest.raises(ValidationError, match="выбран дважды"):
        _submit(invitation, questionnaire, **{f"q{ranking.pk}": [mentors[0].pk, mentors[0].pk]})
    data = form_data(
        questionnaire, complete_values(questionnaire, **{f"q{ranking.pk}": [mentors[1].pk, mentors[1].pk]})
    )
    page = client.post(reverse("monitoring:respond", args=[invitation.token]), data)
    assert "выбран дважды" in page.content.decode()
    assert not MatchPreference.objects.exists() and not Response.objects.exists()


def test_only_the_offered_people_can_be_ranked(group_meeting, organization):
    _, invitation, _ = group_meeting
    questionnaire = invitation.campaign.questionnaire
    ranking = questions_of(questionnaire)[0]
    stranger = make_mentee(organization)  # a mentee, not a mentor
    with pytest.raises(ValidationError, match="из предложенного списка"):
        _submit(invitation, questionnaire, **{f"q{ranking.pk}": [stranger.pk]})


def test_a_mentor_ranks_mentees_waiting_in_the_bank(organization):
    program, _ = running_program(organization, pairs=1)
    waiting = make_mentee(organization)
    mentor = make_mentor(organization)
    campaign = launched(standard("group-meeting-mentors"), program)
    invitation = invitation_of(campaign, mentor)
    assert list(selectors.preference_candidates(invitation)) == [waiting]  # the paired mentee is not waiting


def test_the_mentor_candidate_questionnaire_fills_the_mentor_bank(organization):
    program, _ = running_program(organization, pairs=0)
    mentor = make_mentor(organization, status="candidate")
    questionnaire = standard("candidate-mentors")
    invitation = invitation_of(launched(questionnaire, program), mentor)
    q = services.MENTOR_QUESTIONS
    _submit(
        invitation,
        questionnaire,
        **{
            f"q{q['competencies']}": ["робототехника", "программирование"],
            f"q{q['interests']}": ["спорт"],
            f"q{q['hours']}": "5–8 часов",
            f"q{q['capacity']}": "3",
        },
    )
    profile = type(mentor.mentor_profile).objects.get(person=mentor)
    assert profile.competencies == ["робототехника", "программирование"]
    assert profile.interests == ["спорт"]
    assert (profile.hours_per_month, profile.capacity) == (8, 3)
    assert profile.motivation


def test_the_mentee_candidate_questionnaire_adds_a_request_with_tags(organization):
    program, _ = running_program(organization, pairs=0)
    mentee = make_mentee(organization)
    questionnaire = standard("candidate-mentees")
    invitation = invitation_of(launched(questionnaire, program), mentee)
    q = services.MENTEE_QUESTIONS
    _submit(
        invitation,
        questionnaire,
        **{
            f"q{q['tags']}": ["подготовка к ОГЭ", "олимпиадная математика"],
            f"q{q['text']}": "Хочу подготовиться к олимпиаде",
            f"q{q['source']}": "классный руководитель",
        },
    )
    request = MenteeProfile.objects.get(person=mentee).requests.get()
    assert request.text == "Хочу подготовиться к олимпиаде"
    assert request.tags == ["олимпиадная математика", "подготовка к огэ"]
    assert request.source == "class_teacher"


# --- A mentor's own questionnaires ------------------------------------------------------------------------


@pytest.fixture
def mentor_invitation(organization, mentor, other_mentor):
    program, pairs = running_program(organization, pairs=2)
    for user, pair in ((mentor, pairs[0]), (other_mentor, pairs[1])):
        user.person = person_in(pair, "mentor")
        user.save()
    campaign = launched(standard("satisfaction-mentors"), program)
    return invitation_of(campaign, mentor.person), invitation_of(campaign, other_mentor.person)


def test_a_mentor_sees_his_open_questionnaires(mentor, mentor_invitation):
    own, _ = mentor_invitation
    assert list(selectors.open_invitations_for(mentor)) == [own]
    Invitation.objects.filter(pk=own.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert list(selectors.open_invitations_for(mentor)) == []


def test_a_mentor_fills_his_questionnaire_and_it_leaves_his_list(client_for, mentor, mentor_invitation):
    own, _ = mentor_invitation
    client = client_for(mentor)
    url = reverse("monitoring:my-questionnaire", args=[own.pk])
    assert client.get(url).status_code == 200
    questionnaire = own.campaign.questionnaire
    done = client.post(url, form_data(questionnaire, complete_values(questionnaire, scale=10)))
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert Response.objects.get().role == "mentor"
    assert list(selectors.open_invitations_for(mentor)) == []
    assert "Анкета уже заполнена" in client.get(url).content.decode()


def test_a_mentor_cannot_open_another_mentors_questionnaire(client_for, mentor, mentor_invitation):
    _, others = mentor_invitation
    client = client_for(mentor)
    url = reverse("monitoring:my-questionnaire", args=[others.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_the_mentors_panel_include_lists_open_questionnaires(mentor, mentor_invitation):
    own, _ = mentor_invitation
    html = render_to_string(
        "monitoring/_my_questionnaires.html", {"invitations": selectors.open_invitations_for(mentor)}
    )
    assert own.campaign.questionnaire.title in html
    assert reverse("monitoring:my-questionnaire", args=[own.pk]) in html
    assert "Анкет для заполнения нет" in render_to_string("monitoring/_my_questionnaires.html", {"invitations": []})


def test_a_completed_program_takes_no_more_preferences(group_meeting):
    program, invitation, mentors = group_meeting
    Program.objects.filter(pk=program.pk).update(status=Program.Status.COMPLETED)
    questionnaire = invitation.campaign.questionnaire
    ranking = questions_of(questionnaire)[0]
    with pytest.raises(ValidationError, match="завершена"):
        _submit(invitation, questionnaire, **{f"q{ranking.pk}": [mentors[0].pk]})
    assert not Response.objects.exists()  # the whole submission rolled back
    assert Invitation.objects.get(pk=invitation.pk).used_at is None
