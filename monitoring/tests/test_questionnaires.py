"""The standard questionnaires (fixtures/020): loadable twice, complete, and what the indicators, the
entry/exit comparison and the matching read; their admin pages; the curator's read-only preview."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from monitoring import services
from monitoring.models import Audience, Question, Questionnaire, QuestionnaireSection
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VOCABULARY = {
    "олимпиадная математика",
    "проектная деятельность",
    "профориентация",
    "адаптация в коллективе",
    "методика преподавания",
    "подготовка к ОГЭ",
    "робототехника",
    "программирование",
    "публичные выступления",
    "классное руководство",
    "спорт",
    "волонтёрство",
    "финансовая грамотность",
}


@pytest.fixture
def reference():
    call_command("load_reference", verbosity=0)


def questions(code: str):
    return Question.objects.filter(section__questionnaire__code=code).order_by("section__order", "order", "pk")


def snapshot():
    return (
        list(Questionnaire.objects.order_by("pk").values()),
        list(QuestionnaireSection.objects.order_by("pk").values()),
        list(Question.objects.order_by("pk").values()),
    )


def test_loading_the_reference_twice_adds_nothing_and_changes_nothing():
    call_command("load_reference", verbosity=0)
    first = snapshot()
    call_command("load_reference", verbosity=0)
    assert snapshot() == first
    assert Questionnaire.objects.count() == 8
    assert all(questionnaire["organization_id"] is None for questionnaire in first[0])


def test_both_satisfaction_questionnaires_ask_the_five_satisfaction_scales_and_a_free_text(reference):
    for code, audience, other in (
        ("satisfaction-mentees", Audience.MENTEE, "наставником"),
        ("satisfaction-mentors", Audience.MENTOR, "наставляемым"),
    ):
        questionnaire = Questionnaire.objects.get(code=code)
        assert (questionnaire.audience, questionnaire.purpose) == (audience, Questionnaire.Purpose.SATISFACTION)
        scales = [q for q in questions(code) if q.is_satisfaction]
        assert len(scales) == 5
        assert all(q.kind == Question.Kind.SCALE and q.required for q in scales)
        texts = " ".join(q.text for q in scales)
        for topic in ("ожидания", "встречи", "отношения", "организацию программы", "продолжить"):
            assert topic in texts
        assert other in texts
        free = [q for q in questions(code) if q.kind == Question.Kind.LONG_TEXT]
        assert len(free) == 1 and not free[0].required


def test_entry_and_final_questionnaires_ask_the_same_scales_in_the_four_impact_areas(reference):
    def scales(code):
        return [(q.text, q.impact_area) for q in questions(code) if q.kind == Question.Kind.SCALE]

    entry, final = scales("entry-mentees"), scales("final-mentees")
    assert entry == final
    assert {area for _, area in entry} == {"motivation", "soft_skills", "involvement", "adaptation"}
    assert Questionnaire.objects.get(code="entry-mentees").purpose == Questionnaire.Purpose.ENTRY
    assert Questionnaire.objects.get(code="final-mentees").purpose == Questionnaire.Purpose.FINAL
    assert not Question.objects.filter(is_satisfaction=True, impact_area__gt="").exists()


def test_candidate_questionnaires_offer_the_matching_vocabulary(reference):
    mentor = {q.text: q for q in questions("candidate-mentors")}
    competencies = mentor["В чём вы можете помочь наставляемому (ваши компетенции)?"]
    assert competencies.kind == Question.Kind.MULTIPLE and set(competencies.choices) == VOCABULARY
    assert set(mentor["Ваши интересы"].choices) == VOCABULARY
    assert mentor["Сколько часов в месяц вы готовы уделять наставничеству?"].kind == Question.Kind.SINGLE
    assert mentor["Что побуждает вас стать наставником?"].kind == Question.Kind.MULTIPLE
    mentee = {q.text: q for q in questions("candidate-mentees")}
    assert set(mentee["С чем вам нужна помощь наставника?"].choices) == VOCABULARY
    assert mentee["Опишите свой запрос своими словами"].kind == Question.Kind.LONG_TEXT


def test_the_bank_reads_the_candidate_answers_by_the_fixed_primary_keys(reference):
    by_pk = Question.objects.in_bulk()
    assert "компетенции" in by_pk[services.MENTOR_QUESTIONS["competencies"]].text
    assert by_pk[services.MENTOR_QUESTIONS["interests"]].text == "Ваши интересы"
    assert set(by_pk[services.MENTOR_QUESTIONS["hours"]].choices) == set(services.HOURS_PER_MONTH)
    assert set(by_pk[services.MENTOR_QUESTIONS["capacity"]].choices) == set(services.CAPACITY)
    assert by_pk[services.MENTEE_QUESTIONS["tags"]].kind == Question.Kind.MULTIPLE
    assert set(by_pk[services.MENTEE_QUESTIONS["source"]].choices) == set(services.REQUEST_SOURCES)
    for pk in (*services.MENTOR_QUESTIONS.values(), *services.MENTOR_MOTIVATION_QUESTIONS):
        assert by_pk[pk].section.questionnaire.code == services.MENTOR_CANDIDATE_CODE
    for pk in services.MENTEE_QUESTIONS.values():
        assert by_pk[pk].section.questionnaire.code == services.MENTEE_CANDIDATE_CODE


def test_group_meeting_forms_rank_the_other_side(reference):
    for code, audience in (
        ("group-meeting-mentees", Audience.MENTEE_CANDIDATE),
        ("group-meeting-mentors", Audience.MENTOR_CANDIDATE),
    ):
        questionnaire = Questionnaire.objects.get(code=code)
        assert (questionnaire.audience, questionnaire.purpose) == (audience, Questionnaire.Purpose.GROUP_MEETING)
        assert [q.kind for q in questions(code)][0] == Question.Kind.RANKING


def test_every_standard_question_is_valid(reference):
    for question in Question.objects.all():
        question.full_clean()
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            assert len(question.choices) >= 2, question.text


@pytest.fixture
def staff_client(client, organization, reference):
    client.force_login(UserFactory(organization=organization, is_superuser=True, is_staff=True))
    return client


def test_the_admin_edits_a_questionnaire_with_its_sections_and_questions_inline(staff_client):
    questionnaire = Questionnaire.objects.get(code="satisfaction-mentees")
    page = staff_client.get(reverse("admin:monitoring_questionnaire_change", args=[questionnaire.pk]))
    assert page.status_code == 200
    assert "Оценка участия в программе" in page.content.decode()
    section = questionnaire.sections.first()
    page = staff_client.get(reverse("admin:monitoring_questionnairesection_change", args=[section.pk]))
    assert page.status_code == 200
    assert "Насколько оправдались ваши ожидания" in page.content.decode()
    for name in ("campaign", "response", "questionnaire"):
        assert staff_client.get(reverse(f"admin:monitoring_{name}_changelist")).status_code == 200


def test_the_admin_refuses_a_satisfaction_question_that_is_not_a_scale(staff_client):
    section = Questionnaire.objects.get(code="satisfaction-mentees").sections.get(order=2)
    question = section.questions.get()
    prefix = "questions"
    data = {
        "questionnaire": section.questionnaire_id,
        "title": section.title,
        "order": section.order,
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": question.pk,
        f"{prefix}-0-section": section.pk,
        f"{prefix}-0-order": 1,
        f"{prefix}-0-text": question.text,
        f"{prefix}-0-kind": "long_text",
        f"{prefix}-0-choices": "",
        f"{prefix}-0-is_satisfaction": "on",
        f"{prefix}-0-impact_area": "",
    }
    page = staff_client.post(reverse("admin:monitoring_questionnairesection_change", args=[section.pk]), data)
    assert page.status_code == 200
    assert "должен быть со шкалой 1–10" in page.content.decode()
    question.refresh_from_db()
    assert not question.is_satisfaction


def test_curator_previews_a_questionnaire_read_only(client_for, curator, reference):
    client = client_for(curator)
    page = client.get(reverse("monitoring:questionnaire-list"))
    assert page.status_code == 200
    assert "Анкета кандидата в наставники" in page.content.decode()
    questionnaire = Questionnaire.objects.get(code="candidate-mentors")
    page = client.get(reverse("monitoring:questionnaire-detail", args=[questionnaire.pk])).content.decode()
    assert "олимпиадная математика" in page and "<fieldset disabled>" in page


def test_another_organizations_own_questionnaire_is_not_found(client_for, curator, other_organization):
    foreign = Questionnaire.objects.create(
        organization=other_organization, code="foreign", title="Чужая", audience="mentee", purpose="interim"
    )
    page = client_for(curator).get(reverse("monitoring:questionnaire-detail", args=[foreign.pk]))
    assert page.status_code == 404
