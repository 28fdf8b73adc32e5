"""Who may open each page of monitoring: the curator runs campaigns, the principal reads, a mentor reaches
only his own questionnaires, nobody else gets in; another organization's campaign is «not found»."""

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfReader

from monitoring.models import Campaign, Invitation
from monitoring.services import response_submit
from monitoring.tests.test_campaigns_support import (
    complete_values,
    invitation_of,
    launched,
    person_in,
    running_program,
    standard,
    today,
)
from people.models import Consent
from people.services import consent_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(organization, mentor, other_mentor):
    """A running satisfaction campaign for mentors of two pairs, the accounts mentor and mentor2 among them."""
    program, pairs = running_program(organization, pairs=2)
    for user, pair in ((mentor, pairs[0]), (other_mentor, pairs[1])):
        user.person = person_in(pair, "mentor")
        user.save()
    campaign = launched(standard("satisfaction-mentors"), program)
    return campaign, invitation_of(campaign, mentor.person), invitation_of(campaign, other_mentor.person)


@pytest.fixture
def users(curator, principal, mentor, administrator, user_without_role):
    return {
        "curator": curator,
        "principal": principal,
        "mentor": mentor,
        "administrator": administrator,
        "norole": user_without_role,
        "anonymous": None,
    }


READ_PAGES = [
    "campaign-list",
    "impact",
    "questionnaire-list",
    "questionnaire-detail",
    "campaign-detail",
    "campaign-results",
    "campaign-results-xlsx",
]
CURATOR_PAGES = ["campaign-create", "campaign-links", "campaign-links-pdf"]
ACTIONS = ["campaign-launch", "campaign-close", "campaign-send-links"]
NEEDS_CAMPAIGN = {
    "campaign-detail",
    "campaign-results",
    "campaign-results-xlsx",
    "campaign-links",
    "campaign-links-pdf",
    *ACTIONS,
}


def url_of(name, campaign):
    if name == "questionnaire-detail":
        return reverse("monitoring:questionnaire-detail", args=[campaign.questionnaire_id])
    return reverse(f"monitoring:{name}", args=[campaign.pk] if name in NEEDS_CAMPAIGN else [])


def status_for(client, user, method, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url).status_code


@pytest.mark.parametrize("name", READ_PAGES)
def test_reading_pages_are_for_the_curator_and_the_principal(client, users, school, name):
    url = url_of(name, school[0])
    expected = {"curator": 200, "principal": 200, "mentor": 403, "administrator": 403, "norole": 403, "anonymous": 302}
    assert {who: status_for(client, user, "get", url) for who, user in users.items()} == expected


@pytest.mark.parametrize("name", CURATOR_PAGES)
def test_pages_that_act_are_for_the_curator_only(client, users, school, name):
    url = url_of(name, school[0])
    expected = {"curator": 200, "principal": 403, "mentor": 403, "administrator": 403, "norole": 403, "anonymous": 302}
    assert {who: status_for(client, user, "get", url) for who, user in users.items()} == expected


@pytest.mark.parametrize("name", [*ACTIONS, "campaign-create"])
def test_nobody_but_the_curator_may_post(client, users, school, name):
    url = url_of(name, school[0])
    expected = {"principal": 403, "mentor": 403, "administrator": 403, "norole": 403, "anonymous": 302}
    users = {who: user for who, user in users.items() if who != "curator"}
    assert {who: status_for(client, user, "post", url) for who, user in users.items()} == expected
    assert Campaign.objects.get().status == Campaign.Status.RUNNING


def test_anonymous_users_are_sent_to_the_login_page(client, school):
    response = client.get(reverse("monitoring:campaign-list"))
    assert response["Location"].startswith(reverse("login"))


def test_reading_pages_do_not_take_posts(client_for, principal, school):
    client = client_for(principal)
    for name in ("campaign-detail", "campaign-results"):
        assert client.post(url_of(name, school[0])).status_code == 405


def test_another_organizations_campaign_is_not_found(client, curator, principal, other_organization):
    program, _ = running_program(other_organization)
    foreign = launched(standard("satisfaction-mentees"), program)
    client.force_login(curator)
    for name in (
        "campaign-detail",
        "campaign-results",
        "campaign-results-xlsx",
        "campaign-links",
        "campaign-links-pdf",
    ):
        assert client.get(url_of(name, foreign)).status_code == 404, name
    for name in ACTIONS:
        assert client.post(url_of(name, foreign)).status_code == 404, name
    client.force_login(principal)
    for name in ("campaign-detail", "campaign-results", "campaign-results-xlsx"):
        assert client.get(url_of(name, foreign)).status_code == 404, name
    assert Campaign.objects.get().status == Campaign.Status.RUNNING


def test_own_questionnaire_pages(client, users, school):
    _, own, others = school
    own_url = reverse("monitoring:my-questionnaire", args=[own.pk])
    expected = {"curator": 403, "principal": 403, "mentor": 200, "administrator": 403, "norole": 403, "anonymous": 302}
    assert {who: status_for(client, user, "get", own_url) for who, user in users.items()} == expected
    others_url = reverse("monitoring:my-questionnaire", args=[others.pk])
    assert status_for(client, users["mentor"], "get", others_url) == 404
    assert status_for(client, users["mentor"], "get", reverse("monitoring:my-questionnaire", args=[10**9])) == 404


def test_the_personal_link_needs_no_login(client, school):
    _, own, _ = school
    assert client.get(reverse("monitoring:respond", args=[own.token])).status_code == 200


# --- What the pages show -------------------------------------------------------------------------------


def test_the_principal_reads_the_campaign_without_buttons(client_for, principal, school):
    page = client_for(principal).get(url_of("campaign-detail", school[0])).content.decode()
    assert "Не ответили (2)" in page
    assert reverse("monitoring:campaign-close", args=[school[0].pk]) not in page
    assert reverse("monitoring:campaign-links", args=[school[0].pk]) not in page


def test_the_campaign_page_lists_who_has_and_has_not_answered(client_for, curator, school):
    campaign, own, others = school
    response_submit(invitation=own, values=complete_values(campaign.questionnaire))
    page = client_for(curator).get(url_of("campaign-detail", campaign)).content.decode()
    answered = page.split('data-testid="answered"')[1]
    not_answered = page.split('data-testid="not-answered"')[1].split('data-testid="answered"')[0]
    assert own.person.full_name in answered and others.person.full_name not in answered
    assert others.person.full_name in not_answered
    assert "Ответили (1)" in page and 'data-testid="stat-invited">2<' in page


def test_the_link_list_has_a_qr_code_per_person_and_a_pdf(client_for, curator, school):
    campaign, own, others = school
    client = client_for(curator)
    page = client.get(url_of("campaign-links", campaign)).content.decode()
    assert page.count('class="qr-code"') == 2
    assert f"http://testserver/monitoring/q/{own.token}/" in page
    assert 'id="qr-path"' not in page and "style=" not in page.split("<main")[1]
    pdf = client.get(url_of("campaign-links-pdf", campaign))
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert own.person.last_name in text and others.person.last_name in text


def test_the_curator_creates_a_campaign_through_the_form_and_sees_who_was_skipped(client_for, curator, organization):
    program, pairs = running_program(organization, pairs=2)
    without = person_in(pairs[1])
    consent_revoke(consent=Consent.objects.get(person=without), revoked_on=today())
    questionnaire = standard("satisfaction-mentees")
    client = client_for(curator)
    assert client.get(reverse("monitoring:campaign-create")).status_code == 200
    response = client.post(
        reverse("monitoring:campaign-create"),
        {
            "questionnaire": questionnaire.pk,
            "program": program.pk,
            "scope": "all",
            "deadline": today().isoformat(),
            "title": "",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("1 приглашение" in message for message in messages)
    assert any(without.full_name in message and "согласия" in message for message in messages)
    assert list(Invitation.objects.values_list("person", flat=True)) == [person_in(pairs[0]).pk]

    client.post(reverse("monitoring:campaign-launch", args=[campaign.pk]))
    assert Campaign.objects.get().status == Campaign.Status.RUNNING


def test_the_form_asks_for_pairs_when_only_chosen_pairs_are_wanted(client_for, curator, organization):
    program, _ = running_program(organization)
    page = client_for(curator).post(
        reverse("monitoring:campaign-create"),
        {
            "questionnaire": standard("satisfaction-mentees").pk,
            "program": program.pk,
            "scope": "pairs",
            "deadline": today().isoformat(),
        },
    )
    assert page.status_code == 200
    assert "Выберите хотя бы одну пару или группу." in page.content.decode()
    assert not Campaign.objects.exists()


def test_the_menu_shows_questionnaires_to_the_curator_and_the_principal_only(client_for, curator, principal, mentor):
    label = "Анкетирование"
    assert label in client_for(curator).get(reverse("home")).content.decode()
    assert label in client_for(principal).get(reverse("home")).content.decode()
    assert label not in client_for(mentor).get(reverse("home")).content.decode()
