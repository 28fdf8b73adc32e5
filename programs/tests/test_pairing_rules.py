"""Every pairing rule, each refused with a Russian message naming the person."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from people.models import MenteeProfile, MentorProfile
from people.services import consent_revoke, mentee_profile_create, mentor_profile_create
from programs.models import MentoringForm, Pair, Program, RoleModel
from programs.services import pair_complete, pair_create, pair_terminate, pair_violations
from programs.tests.participants import make_mentee, make_mentor

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def teacher_pupil_form():
    return MentoringForm.objects.create(
        code="t-p", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )


@pytest.fixture
def program(organization, teacher_pupil_form):
    program = Program.objects.create(
        organization=organization,
        title="Учитель – ученик 2025/2026",
        year_start=2025,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 5, 31),
    )
    program.forms.add(teacher_pupil_form)
    return program


def rules(violations):
    return {violation.rule for violation in violations}


def check(program, form, mentors, mentees, role_model=None):
    return pair_violations(program=program, form=form, mentors=mentors, mentees=mentees, role_model=role_model)


def test_a_pair_that_keeps_every_rule_is_formed(program, teacher_pupil_form, organization):
    mentor, mentee = make_mentor(organization), make_mentee(organization)
    assert check(program, teacher_pupil_form, [mentor], [mentee]) == []
    pair = pair_create(
        program=program,
        form=teacher_pupil_form,
        mentors=[mentor],
        mentees=[mentee],
        starts_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 5, 31),
    )
    assert pair.status == Pair.Status.FORMING
    assert not pair.is_group
    mentee.mentee_profile.refresh_from_db()
    assert mentee.mentee_profile.status == MenteeProfile.Status.PAIRED


def test_participants_must_fit_the_form(program, teacher_pupil_form, organization):
    pupil_as_mentor = make_mentee(organization)
    mentor_profile_create(person=pupil_as_mentor, status=MentorProfile.Status.ACTIVE, approved_on=dt.date(2025, 8, 30))
    teacher_as_mentee = make_mentor(organization)
    mentee_profile_create(person=teacher_as_mentee)
    violations = check(program, teacher_pupil_form, [pupil_as_mentor], [teacher_as_mentee])
    assert {"mentor_form_mismatch", "mentee_form_mismatch"} <= rules(violations)
    message = next(v.message for v in violations if v.rule == "mentor_form_mismatch")
    assert pupil_as_mentor.full_name in message and "учитель – ученик" in message


def test_role_model_mark_is_required(program, teacher_pupil_form, organization):
    ovz = RoleModel.objects.create(
        form=teacher_pupil_form, code="ovz", name="учитель – ученик с ОВЗ", mentee_mark="disability"
    )
    mentor, mentee = make_mentor(organization), make_mentee(organization)
    violations = check(program, teacher_pupil_form, [mentor], [mentee], role_model=ovz)
    assert rules(violations) == {"mentee_mark_missing"}
    assert mentee.full_name in violations[0].message and "ОВЗ" in violations[0].message
    marked = make_mentee(organization, has_disability=True)
    assert check(program, teacher_pupil_form, [mentor], [marked], role_model=ovz) == []


def test_everyone_needs_a_valid_consent(program, teacher_pupil_form, organization):
    mentor = make_mentor(organization, consent=False)
    mentee = make_mentee(organization, consent=False)
    violations = [v for v in check(program, teacher_pupil_form, [mentor], [mentee]) if v.rule == "no_consent"]
    assert {v.person for v in violations} == {mentor, mentee}
    mentee_message = next(v.message for v in violations if v.person == mentee)
    assert "законного представителя" in mentee_message


def test_revoked_consent_blocks_pairing(program, teacher_pupil_form, organization):
    mentor, mentee = make_mentor(organization), make_mentee(organization)
    consent_revoke(consent=mentee.consents.get(), revoked_on=TODAY, reason="заявление")
    assert rules(check(program, teacher_pupil_form, [mentor], [mentee])) == {"no_consent"}


def test_mentor_must_be_approved_and_mentee_in_the_bank(program, teacher_pupil_form, organization):
    candidate = make_mentor(organization, status=MentorProfile.Status.CANDIDATE)
    outsider = make_mentee(organization, in_bank=False)
    violations = check(program, teacher_pupil_form, [candidate], [outsider])
    assert rules(violations) == {"mentor_not_approved", "mentee_not_in_bank"}
    assert "кандидат" in next(v.message for v in violations if v.rule == "mentor_not_approved")


def test_mentor_capacity_is_not_exceeded(program, teacher_pupil_form, organization):
    mentor = make_mentor(organization, capacity=2)
    for _ in range(2):
        pair_create(
            program=program,
            form=teacher_pupil_form,
            mentors=[mentor],
            mentees=[make_mentee(organization)],
            starts_on=dt.date(2025, 10, 1),
            planned_end_on=dt.date(2026, 5, 31),
        )
    third = make_mentee(organization)
    violations = check(program, teacher_pupil_form, [mentor], [third])
    assert rules(violations) == {"capacity_exceeded"}
    assert "2" in violations[0].message and "3" in violations[0].message
    with pytest.raises(ValidationError, match="превышена наибольшая нагрузка"):
        pair_create(
            program=program,
            form=teacher_pupil_form,
            mentors=[mentor],
            mentees=[third],
            starts_on=dt.date(2025, 10, 1),
            planned_end_on=dt.date(2026, 5, 31),
        )


def test_a_closed_pair_frees_the_mentors_place(program, teacher_pupil_form, organization):
    mentor = make_mentor(organization, capacity=1)
    first = pair_create(
        program=program,
        form=teacher_pupil_form,
        mentors=[mentor],
        mentees=[make_mentee(organization)],
        starts_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 5, 31),
    )
    assert rules(check(program, teacher_pupil_form, [mentor], [make_mentee(organization)])) == {"capacity_exceeded"}
    pair_terminate(pair=first, ended_on=TODAY, reason="переезд семьи")
    assert check(program, teacher_pupil_form, [mentor], [make_mentee(organization)]) == []


def test_nobody_mentors_himself(program, teacher_pupil_form, organization):
    teacher_pupil_form.mentee_categories = ["pupil", "teacher"]
    teacher_pupil_form.save()
    teacher = make_mentor(organization)
    mentee_profile_create(person=teacher)
    violations = check(program, teacher_pupil_form, [teacher], [teacher])
    assert "self_mentoring" in rules(violations)
    assert f"{teacher.full_name} не может быть наставником самому себе" in str(violations)


def test_no_duplicate_open_pair_in_the_same_program(program, teacher_pupil_form, organization):
    mentor, mentee = make_mentor(organization, capacity=3), make_mentee(organization)
    existing = pair_create(
        program=program,
        form=teacher_pupil_form,
        mentors=[mentor],
        mentees=[mentee],
        starts_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 5, 31),
    )
    # the mentee is already paired, so only the duplicate rule and the bank status speak
    violations = check(program, teacher_pupil_form, [mentor], [mentee])
    assert "duplicate_pair" in rules(violations)
    assert f"№ {existing.pk}" in next(v.message for v in violations if v.rule == "duplicate_pair")


def test_a_group_has_several_mentees(program, teacher_pupil_form, organization):
    mentor = make_mentor(organization, capacity=3)
    pair = pair_create(
        program=program,
        form=teacher_pupil_form,
        mentors=[mentor],
        mentees=[make_mentee(organization), make_mentee(organization)],
        starts_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 5, 31),
    )
    assert pair.is_group
    assert str(pair).startswith("Группа")


def test_completion_marks_the_full_cycle(program, teacher_pupil_form, organization):
    mentor, mentee = make_mentor(organization), make_mentee(organization)
    pair = pair_create(
        program=program,
        form=teacher_pupil_form,
        mentors=[mentor],
        mentees=[mentee],
        starts_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 5, 31),
    )
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE)
    pair.refresh_from_db()
    pair_complete(
        pair=pair, ended_on=dt.date(2026, 5, 25), results="Победа в олимпиаде", full_cycle_mentee_ids=[mentee.pk]
    )
    mentee.mentee_profile.refresh_from_db()
    assert mentee.mentee_profile.status == MenteeProfile.Status.COMPLETED
    assert mentee.mentee_profile.full_cycle_completed_on == dt.date(2026, 5, 25)
    assert pair.members.get(person=mentee).full_cycle
