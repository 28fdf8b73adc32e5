"""Ready-to-pair participants for tests: an approved mentor and a mentee in the bank, with consents."""

import datetime as dt

from people.models import MentorProfile, Person
from people.services import consent_create, mentee_profile_create, mentor_profile_create
from people.tests.factories import LegalRepresentativeFactory, PersonFactory

TODAY = dt.date.today()


def make_mentor(organization, *, capacity=2, status=MentorProfile.Status.ACTIVE, consent=True, **person_fields):
    fields = {"category": Person.Category.TEACHER, "birth_date": dt.date(1985, 1, 1), **person_fields}
    teacher = PersonFactory(organization=organization, **fields)
    mentor_profile_create(
        person=teacher,
        status=status,
        capacity=capacity,
        approved_on=None if status == MentorProfile.Status.CANDIDATE else dt.date(2025, 8, 30),
        approval_basis="решение педагогического совета № 1",
    )
    if consent:
        consent_create(person=teacher, signed_on=TODAY)
    return teacher


def make_mentee(organization, *, consent=True, in_bank=True, **person_fields):
    pupil = PersonFactory(organization=organization, birth_date=TODAY.replace(year=TODAY.year - 13), **person_fields)
    mother = LegalRepresentativeFactory(minor=pupil).representative
    if in_bank:
        mentee_profile_create(person=pupil)
    if consent:
        consent_create(person=pupil, signed_by=mother, signed_on=TODAY)
    return pupil
