"""factory_boy factories of the programs app."""

import factory

from people.models import Person
from programs.models import MentoringForm, RoleModel


class MentoringFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringForm
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"teacher-pupil-{n + 1}")
    name = factory.Sequence(lambda n: f"учитель – ученик ({n + 1})")
    mentor_categories = factory.LazyFunction(lambda: [Person.Category.TEACHER])
    mentee_categories = factory.LazyFunction(lambda: [Person.Category.PUPIL])
    goal = "Раскрытие потенциала личности наставляемого."


class RoleModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleModel

    form = factory.SubFactory(MentoringFormFactory)
    code = factory.Sequence(lambda n: f"role-model-{n + 1}")
    name = factory.Sequence(lambda n: f"ролевая модель {n + 1}")
