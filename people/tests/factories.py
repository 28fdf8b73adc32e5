"""factory_boy factories of the people app."""

import datetime as dt

import factory

from people.models import LegalRepresentative, Organization, PartnerOrganization, Person, User
from people.services import user_set_roles


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    full_name = factory.Sequence(lambda n: f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n + 1}»")
    short_name = factory.Sequence(lambda n: f"Школа № {n + 1}")
    kind = Organization.Kind.GENERAL
    locality = "г. Хабаровск"
    head_full_name = "Петрова Анна Сергеевна"


class PartnerOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganization

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"ООО «Партнёр {n + 1}»")
    agreement_number = factory.Sequence(lambda n: f"{n + 1}-НП")
    agreement_date = dt.date(2024, 8, 30)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    last_name = factory.Sequence(lambda n: f"Иванов{'ab'[n % 2]}{n}")
    first_name = "Иван"
    middle_name = "Иванович"
    sex = Person.Sex.MALE
    category = Person.Category.PUPIL
    birth_date = dt.date(2011, 5, 17)
    school_class = factory.LazyAttribute(lambda person: "7Б" if person.category == Person.Category.PUPIL else "")
    position = factory.LazyAttribute(
        lambda person: "учитель математики" if person.category == Person.Category.TEACHER else ""
    )


class LegalRepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalRepresentative

    minor = factory.SubFactory(PersonFactory)
    representative = factory.SubFactory(
        PersonFactory,
        organization=factory.SelfAttribute("..minor.organization"),
        category=Person.Category.PARENT,
        birth_date=dt.date(1985, 3, 2),
    )
    relation = LegalRepresentative.Relation.MOTHER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    organization = factory.SubFactory(OrganizationFactory)
    password = factory.django.Password("pass-for-tests")

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if create and extracted:
            user_set_roles(user=user, roles=extracted)


# Banks and consents. Factories build rows directly; tests of the rules go through people.services.


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.MentorProfile"
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory, category=Person.Category.TEACHER, birth_date=dt.date(1980, 4, 12))
    status = "active"
    approved_on = dt.date(2025, 8, 30)
    approval_basis = "решение педагогического совета № 1 от 30.08.2025"
    competencies = factory.LazyFunction(lambda: ["методика преподавания"])
    capacity = 2
    hours_per_month = 4

    @factory.post_generation
    def forms(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.forms.set(extracted)


class MenteeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.MenteeProfile"

    person = factory.SubFactory(PersonFactory)
    status = "waiting"


class ConsentFactory(factory.django.DjangoModelFactory):
    """An adult's own consent; for a minor pass ``signed_by`` (one of his representatives)."""

    class Meta:
        model = "people.Consent"

    person = factory.SubFactory(PersonFactory, category=Person.Category.TEACHER, birth_date=dt.date(1980, 4, 12))
    signed_by = None
    signed_on = dt.date(2025, 9, 1)
    purposes = "организация и сопровождение участия в программе наставничества"
    data_list = "фамилия, имя, отчество; класс (группа) или должность"
    operator = factory.LazyAttribute(lambda consent: consent.person.organization.full_name)
    revocation_procedure = "письменным заявлением оператору"
