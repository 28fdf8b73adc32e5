"""A mentor finds his open questionnaires on the home page, and only his."""

import pytest
from django.urls import reverse

from monitoring.tests.test_campaigns_support import launched, person_in, running_program, standard

pytestmark = pytest.mark.django_db


def test_mentor_home_lists_his_open_questionnaire_only(client_for, organization, mentor, other_mentor):
    program, (own_pair, other_pair) = running_program(organization, pairs=2)
    mentor.person = person_in(own_pair, "mentor")
    mentor.save()
    other_mentor.person = person_in(other_pair, "mentor")
    other_mentor.save()
    questionnaire = standard("satisfaction-mentors")
    campaign = launched(questionnaire, program, pairs=[own_pair])

    html = client_for(mentor).get(reverse("home")).content.decode()
    invitation = campaign.invitations.get(person=mentor.person)
    assert questionnaire.title in html
    assert reverse("monitoring:my-questionnaire", args=[invitation.pk]) in html

    other_html = client_for(other_mentor).get(reverse("home")).content.decode()
    assert "Анкет для заполнения нет." in other_html
