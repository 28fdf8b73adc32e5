"""The reference fixture of forms and role models (seed 001 §4): complete, consistent, loadable twice."""

import pytest
from django.core.management import call_command

from people.models import Person
from programs.models import MentoringForm, RoleModel

pytestmark = pytest.mark.django_db

C = Person.Category


@pytest.fixture
def reference():
    call_command("load_reference", verbosity=0)


def form(name: str) -> MentoringForm:
    return MentoringForm.objects.get(name=name)


def test_loading_the_reference_twice_changes_nothing():
    call_command("load_reference", verbosity=0)
    first = (
        list(MentoringForm.objects.order_by("pk").values()),
        list(RoleModel.objects.order_by("pk").values()),
    )
    call_command("load_reference", verbosity=0)
    second = (
        list(MentoringForm.objects.order_by("pk").values()),
        list(RoleModel.objects.order_by("pk").values()),
    )
    assert second == first
    assert MentoringForm.objects.count() == 10
    assert RoleModel.objects.count() >= 20


def test_reference_keeps_to_its_primary_key_ranges(reference):
    assert max(MentoringForm.objects.values_list("pk", flat=True)) <= 20
    assert max(RoleModel.objects.values_list("pk", flat=True)) <= 60


@pytest.mark.parametrize(
    ("name", "mentors", "mentees"),
    [
        ("ученик – ученик", {C.PUPIL}, {C.PUPIL}),
        ("учитель – учитель", {C.TEACHER}, {C.TEACHER}),
        ("учитель – ученик", {C.TEACHER}, {C.PUPIL}),
        ("студент – ученик", {C.STUDENT}, {C.PUPIL}),
        ("работодатель – ученик", {C.EMPLOYER}, {C.PUPIL}),
        ("студент – студент", {C.STUDENT}, {C.STUDENT}),
        ("педагог – педагог", {C.TEACHER}, {C.TEACHER}),
        ("педагог – студент", {C.TEACHER}, {C.STUDENT}),
        ("работодатель – студент", {C.EMPLOYER}, {C.STUDENT}),
        ("социальный партнёр – ученик/студент", {C.PARTNER}, {C.PUPIL, C.STUDENT}),
    ],
)
def test_every_form_of_the_seed_fixes_who_mentors_whom(reference, name, mentors, mentees):
    mentoring_form = form(name)
    assert mentors <= set(mentoring_form.mentor_categories)
    assert set(mentoring_form.mentee_categories) == mentees
    # a parent never mentors in a form meant for learners or teachers, except as a social partner
    assert C.PARENT not in mentoring_form.mentor_categories or name.startswith("социальный партнёр")
    assert mentoring_form.goal and mentoring_form.tasks and mentoring_form.expected_results
    assert mentoring_form.is_active


def test_categories_are_valid_person_categories(reference):
    for mentoring_form in MentoringForm.objects.all():
        assert set(mentoring_form.mentor_categories) <= set(C.values)
        assert set(mentoring_form.mentee_categories) <= set(C.values)
        mentoring_form.full_clean()
    for role_model in RoleModel.objects.all():
        role_model.full_clean()


def test_variations_point_to_their_parent_form(reference):
    expected = {
        "студент – студент": "ученик – ученик",
        "педагог – педагог": "учитель – учитель",
        "педагог – студент": "учитель – ученик",
        "работодатель – студент": "работодатель – ученик",
        "социальный партнёр – ученик/студент": "работодатель – ученик",
    }
    for variation, parent in expected.items():
        assert form(variation).variation_of == form(parent)
    main_forms = MentoringForm.objects.filter(variation_of__isnull=True)
    assert set(main_forms.values_list("name", flat=True)) == {
        "ученик – ученик",
        "учитель – учитель",
        "учитель – ученик",
        "студент – ученик",
        "работодатель – ученик",
    }
    # a variation is never a variation of a variation
    assert not MentoringForm.objects.filter(variation_of__variation_of__isnull=False).exists()


def test_texts_are_the_seeds_own_words(reference):
    assert form("ученик – ученик").goal.startswith("Разносторонняя поддержка обучающегося")
    assert "раскрытие потенциала личности наставляемого" in form("учитель – ученик").goal.lower()
    assert "молодых педагогов" in form("учитель – учитель").tasks
    assert "актуализированного профессионального опыта" in form("работодатель – ученик").goal


def test_peer_role_models_belong_to_the_pupil_form(reference):
    names = set(form("ученик – ученик").role_models.values_list("name", flat=True))
    assert names == {
        "успевающий – неуспевающий",
        "лидер – пассивный",
        "равный – равному",
        "совместная работа над проектом",
    }


def test_teacher_role_models_are_listed(reference):
    names = set(form("учитель – учитель").role_models.values_list("name", flat=True))
    assert "опытный педагог – молодой специалист" in names
    assert "опытный классный руководитель – молодой специалист" in names
    assert "педагог-новатор – консервативный педагог" in names


@pytest.mark.parametrize(
    ("name", "mark"),
    [
        ("учитель – высокомотивированный ученик", MentoringForm.MenteeMark.GIFTED),
        ("учитель – ученик с ОВЗ", MentoringForm.MenteeMark.DISABILITY),
        ("учитель – обучающийся группы риска", MentoringForm.MenteeMark.AT_RISK),
    ],
)
def test_marked_role_models_carry_their_mark(reference, name, mark):
    role_model = RoleModel.objects.get(name=name)
    assert role_model.mentee_mark == mark
    assert role_model.form == form("учитель – ученик")


def test_only_the_special_needs_role_models_require_a_mark(reference):
    marked = RoleModel.objects.exclude(mentee_mark="")
    assert set(marked.values_list("form__name", flat=True)) == {"учитель – ученик", "педагог – студент"}
    assert marked.count() == 6
