"""Builders for the campaign tests (no tests here): a running program with pairs, the standard
questionnaires, a launched campaign, and complete answers to a questionnaire."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from monitoring.models import Campaign, Invitation, Question, Questionnaire
from monitoring.services import campaign_create, campaign_launch
from programs.models import Pair, PairMember, Program
from programs.tests.program_data import make_pair, make_program


def today() -> dt.date:
    return timezone.localdate()


def reference() -> None:
    """Load the reference fixtures once per test, before any factory makes a form of its own."""
    if not Questionnaire.objects.filter(organization__isnull=True).exists():
        call_command("load_reference", stdout=io.StringIO())


def standard(code: str) -> Questionnaire:
    """A standard questionnaire of fixtures/020."""
    reference()
    return Questionnaire.objects.get(code=code)


def running_program(organization, *, pairs: int = 1, curator=None) -> tuple[Program, list[Pair]]:
    reference()
    program = make_program(organization, curator=curator, status=Program.Status.RUNNING)
    return program, [make_pair(program, status=Pair.Status.ACTIVE) for _ in range(pairs)]


def person_in(pair: Pair, role: str = PairMember.Role.MENTEE):
    return next(member.person for member in pair.members.all() if member.role == role)


def launched(
    questionnaire: Questionnaire, program: Program, *, deadline: dt.date | None = None, pairs=(), user=None
) -> Campaign:
    creation = campaign_create(
        organization=program.organization,
        questionnaire=questionnaire,
        program=program,
        deadline=deadline or today() + dt.timedelta(days=7),
        pairs=pairs,
        created_by=user,
    )
    return campaign_launch(campaign=creation.campaign)


def invitation_of(campaign: Campaign, person) -> Invitation:
    return campaign.invitations.get(person=person)


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(section__questionnaire=questionnaire).order_by(
            "section__order", "section__pk", "order", "pk"
        )
    )


def complete_values(questionnaire: Questionnaire, *, scale: int = 8, text: str = "Всё понравилось", **by_pk):
    """Answers to every question as the service takes them; ``q<pk>=value`` overrides one."""
    values = {}
    for question in questions_of(questionnaire):
        if question.kind == Question.Kind.SCALE:
            values[question.pk] = scale
        elif question.kind == Question.Kind.SINGLE:
            values[question.pk] = question.choices[0]
        elif question.kind == Question.Kind.MULTIPLE:
            values[question.pk] = [question.choices[0]]
        elif question.kind == Question.Kind.YES_NO:
            values[question.pk] = "да"
        elif question.kind == Question.Kind.RANKING:
            values[question.pk] = []
        else:
            values[question.pk] = text
    for key, value in by_pk.items():
        values[int(key.removeprefix("q"))] = value
    return values


def form_data(questionnaire: Questionnaire, values: dict) -> dict:
    """The POST body the questionnaire page sends for these values."""
    data = {}
    kinds = {question.pk: question.kind for question in questions_of(questionnaire)}
    for pk, value in values.items():
        if kinds[pk] == Question.Kind.RANKING:
            for rank, person_id in enumerate(value, start=1):
                data[f"q{pk}_{rank}"] = str(person_id)
        elif isinstance(value, list):
            data[f"q{pk}"] = value
        elif value is not None:
            data[f"q{pk}"] = str(value)
    return data
