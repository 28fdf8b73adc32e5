"""Matching from the banks: who enters the pool, the proposal page, accepting, changing, rejecting, preferences."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from people.models import MenteeProfile, MentorProfile, Person
from people.services import consent_revoke, mentee_request_add
from programs import matching_service
from programs.models import MatchPreference, Pair, PairMember
from programs.services import preference_set
from programs.tests.participants import make_mentee, make_mentor
from programs.tests.program_data import make_pair, make_program, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(organization, curator):
    return make_program(organization, curator=curator)


def mentor_with(organization, last_name, *, competencies=(), interests=(), capacity=1, **fields):
    person = make_mentor(organization, capacity=capacity, last_name=last_name, **fields)
    MentorProfile.objects.filter(person=person).update(competencies=list(competencies), interests=list(interests))
    return person


def mentee_with(organization, last_name, *tags, **fields):
    person = make_mentee(organization, last_name=last_name, **fields)
    if tags:
        mentee_request_add(profile=person.mentee_profile, text="Запрос", source="self", tags=tags)
    return person


@pytest.fixture
def bank(organization):
    """Two mentors with one place each and three pupils waiting: one of them must stay without a mentor."""
    return {
        "math": mentor_with(organization, "Математикова", competencies=["Математика", "олимпиады"]),
        "robots": mentor_with(organization, "Роботова", interests=["Робототехника"]),
        "pupil_math": mentee_with(organization, "Задачкин", "математика", "олимпиады"),
        "pupil_robots": mentee_with(organization, "Винтиков", "робототехника"),
        "pupil_art": mentee_with(organization, "Красков", "рисование"),
    }


def proposed(response) -> dict[int, int]:
    return {row.mentee.pk: row.mentor.pk for row in response.context["page"].rows}


def test_the_pool_takes_approved_mentors_and_waiting_mentees_with_a_valid_consent(organization, program, bank):
    mentor_with(organization, "Кандидатов", status=MentorProfile.Status.CANDIDATE)
    mentor_with(organization, "Безсогласиев", consent=False)
    mentee_with(organization, "Несогласный", consent=False)
    revoked = mentee_with(organization, "Отозванов")
    consent_revoke(consent=revoked.consents.get(), revoked_on=today())
    paired = make_pair(program).members.get(role="mentee").person

    pool = matching_service.matching_pool(program)
    names = {candidate.name.split()[0] for candidate in [*pool.mentors, *pool.mentees]}
    assert {"Математикова", "Роботова", "Задачкин", "Винтиков", "Красков"} <= names
    assert not names & {"Кандидатов", "Безсогласиев", "Несогласный", "Отозванов", paired.last_name}
    math = pool.mentor(bank["math"].pk)
    assert math.tags == {"математика", "олимпиады"} and math.free_places == 1
    assert pool.mentee(bank["pupil_math"].pk).tags == {"математика", "олимпиады"}
    assert [form.name for form in pool.forms] == ["учитель – ученик"]


def test_free_places_are_capacity_minus_mentees_in_open_pairs(organization, program):
    mentor = mentor_with(organization, "Занятова", capacity=3)
    make_pair(program, mentor=mentor, mentees=[make_mentee(organization), make_mentee(organization)])
    closed = make_pair(program, mentor=mentor, status=Pair.Status.COMPLETED)
    assert closed.status == Pair.Status.COMPLETED
    assert matching_service.matching_pool(program).mentor(mentor.pk).free_places == 1


def test_the_pool_is_loaded_in_a_constant_number_of_queries(organization, program, django_assert_num_queries):
    def load():
        pool = matching_service.matching_pool(program)
        return len(pool.mentors), len(pool.mentees)

    mentor_with(organization, "Первый", competencies=["математика"])
    mentee_with(organization, "Первая", "математика")
    preference_set(program=program, chooser=Person.objects.get(last_name="Первая"), ranked_people=[])
    with django_assert_num_queries(5) as few:
        assert load() == (1, 1)
    for number in range(5):
        mentor = mentor_with(organization, f"Наставник{number}", competencies=["физика"], capacity=2)
        make_pair(program, mentor=mentor)
        mentee = mentee_with(organization, f"Ученик{number}", "физика", "химия")
        preference_set(program=program, chooser=mentee, ranked_people=[mentor])
    with django_assert_num_queries(len(few.captured_queries)):
        assert load() == (6, 6)


def test_matching_page_proposes_pairs_from_the_bank_and_lists_the_unmatched(client_for, principal, program, bank):
    response = client_for(principal).get(reverse("programs:program-matching", args=[program.pk]))
    assert proposed(response) == {
        bank["pupil_math"].pk: bank["math"].pk,
        bank["pupil_robots"].pk: bank["robots"].pk,
    }
    html = response.content.decode()
    assert "общие темы: математика, олимпиады" in html
    unmatched = html.split("Нуждаются в сопровождении")[1]
    assert bank["pupil_art"].full_name in unmatched and "психологическое сопровождение" in unmatched
    assert "Принять" not in html.split('data-testid="proposal"')[1].split("</table>")[0]  # read-only for the principal


def test_accepting_a_proposal_forms_the_pair_through_the_pairing_rules(client_for, curator, program, bank):
    client = client_for(curator)
    response = client.post(
        reverse("programs:matching-accept", args=[program.pk]),
        {"mentor": bank["math"].pk, "mentee": bank["pupil_math"].pk},
        follow=True,
    )
    pair = Pair.objects.get()
    assert {(m.person_id, m.role) for m in pair.members.all()} == {
        (bank["math"].pk, PairMember.Role.MENTOR),
        (bank["pupil_math"].pk, PairMember.Role.MENTEE),
    }
    assert pair.form == program.forms.first() and pair.planned_end_on == program.ends_on
    assert pair.starts_on == max(program.starts_on, today())
    assert f"{pair} сформирована" in response.content.decode()
    assert bank["pupil_math"].pk not in proposed(response)


def test_an_accept_the_rules_refuse_shows_why_and_forms_nothing(client_for, curator, program, bank):
    consent_revoke(consent=bank["math"].consents.get(), revoked_on=today())
    response = client_for(curator).post(
        reverse("programs:matching-accept", args=[program.pk]),
        {"mentor": bank["math"].pk, "mentee": bank["pupil_math"].pk},
        follow=True,
    )
    assert "Пара не сформирована" in response.content.decode()
    assert "нет действующего согласия" in response.content.decode()
    assert not Pair.objects.exists()


def test_a_person_of_another_organization_cannot_be_accepted(client_for, curator, program, other_organization):
    stranger = make_mentor(other_organization)
    pupil = make_mentee(program.organization)
    response = client_for(curator).post(
        reverse("programs:matching-accept", args=[program.pk]), {"mentor": stranger.pk, "mentee": pupil.pk}, follow=True
    )
    assert "Участник не найден в организации программы." in response.content.decode()
    assert not Pair.objects.exists()


def test_rejecting_hides_the_proposal_for_the_session_and_restoring_brings_it_back(client_for, curator, program, bank):
    client = client_for(curator)
    url = reverse("programs:program-matching", args=[program.pk])
    client.post(
        reverse("programs:matching-reject", args=[program.pk]),
        {"mentor": bank["math"].pk, "mentee": bank["pupil_math"].pk},
    )
    response = client.get(url)
    assert bank["pupil_math"].pk not in proposed(response)
    assert "Отклонено в этом сеансе" in response.content.decode()
    assert not Pair.objects.exists()
    client.post(reverse("programs:matching-restore", args=[program.pk]))
    assert proposed(client.get(url))[bank["pupil_math"].pk] == bank["math"].pk


def test_changing_the_mentor_offers_the_eligible_ones_and_accepts_the_chosen(
    client_for, curator, organization, program, bank
):
    student_mentor = mentor_with(organization, "Студентов", category=Person.Category.STUDENT)
    client = client_for(curator)
    page = client.get(reverse("programs:matching-change", args=[program.pk, bank["pupil_math"].pk]))
    options = [option.person.pk for option in page.context["options"]]
    assert options == [bank["math"].pk, bank["robots"].pk]  # the best first; a student may not mentor here
    assert student_mentor.pk not in options
    client.post(
        reverse("programs:matching-accept", args=[program.pk]),
        {"mentor": bank["robots"].pk, "mentee": bank["pupil_math"].pk},
    )
    assert Pair.objects.get().members.get(role="mentor").person == bank["robots"]


def test_accept_all_asks_first_then_forms_every_proposed_pair(client_for, curator, program, bank):
    client = client_for(curator)
    url = reverse("programs:matching-accept-all", args=[program.pk])
    confirmation = client.get(url).content.decode()
    assert "Принять все предложенные пары?" in confirmation and bank["math"].full_name in confirmation
    assert not Pair.objects.exists()
    client.post(url)
    assert Pair.objects.count() == 2
    assert MenteeProfile.objects.get(person=bank["pupil_art"]).status == MenteeProfile.Status.WAITING


def test_preferences_after_the_group_meeting_are_entered_and_weigh_in_the_proposal(client_for, curator, program, bank):
    client = client_for(curator)
    response = client.post(
        reverse("programs:preference-edit", args=[program.pk, "mentee", bank["pupil_robots"].pk]),
        {"choice_1": bank["math"].pk, "choice_2": bank["robots"].pk},
    )
    assert response.status_code == 302
    assert list(
        MatchPreference.objects.filter(chooser=bank["pupil_robots"]).values_list("chosen__last_name", "rank")
    ) == [("Математикова", 1), ("Роботова", 2)]
    client.post(
        reverse("programs:preference-edit", args=[program.pk, "mentor", bank["math"].pk]),
        {"choice_1": bank["pupil_robots"].pk},
    )
    page = client.get(reverse("programs:program-preferences", args=[program.pk])).content.decode()
    assert page.count("Математикова") >= 2
    matching = client.get(reverse("programs:program-matching", args=[program.pk]))
    row = next(row for row in matching.context["page"].rows if row.mentee == bank["pupil_robots"])
    assert row.mentor == bank["robots"]
    assert "наставляемый назвал этого наставника 2-м в своём выборе" in row.reasons


def test_the_same_person_twice_in_the_preferences_is_refused(client_for, curator, program, bank):
    response = client_for(curator).post(
        reverse("programs:preference-edit", args=[program.pk, "mentee", bank["pupil_art"].pk]),
        {"choice_1": bank["math"].pk, "choice_2": bank["math"].pk},
    )
    assert "Один и тот же участник назван дважды" in response.content.decode()
    assert not MatchPreference.objects.exists()


def test_preference_set_allows_three_at_most_and_not_oneself(organization, program, bank):
    extra = [mentor_with(organization, f"Запасной{number}") for number in range(2)]
    with pytest.raises(ValidationError, match="не больше 3"):
        preference_set(program=program, chooser=bank["pupil_art"], ranked_people=[bank["math"], bank["robots"], *extra])
    with pytest.raises(ValidationError, match="самого себя"):
        preference_set(program=program, chooser=bank["math"], ranked_people=[bank["math"]])
    preference_set(program=program, chooser=bank["pupil_art"], ranked_people=[bank["robots"]])
    preference_set(program=program, chooser=bank["pupil_art"], ranked_people=[bank["math"]])
    assert list(MatchPreference.objects.values_list("chosen", "rank")) == [(bank["math"].pk, 1)]


def test_preferences_page_lists_only_people_of_the_matching(client_for, curator, program, bank):
    response = client_for(curator).get(
        reverse("programs:preference-edit", args=[program.pk, "mentee", bank["math"].pk])
    )
    assert response.status_code == 404
