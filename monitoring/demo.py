"""The demo school's monitoring: satisfaction campaigns of the first program, mostly answered,
so the principal's dashboard shows real numbers. Does nothing when campaigns already exist."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from monitoring.models import Campaign, Question, Questionnaire
from monitoring.services import campaign_create, campaign_launch, questionnaire_questions, response_submit
from people.models import Organization, User
from programs.models import Program

CAMPAIGNS = ("satisfaction-mentees", "satisfaction-mentors")


def _answers(questions: list[Question], rng: random.Random) -> dict[int, object]:
    values: dict[int, object] = {}
    for question in questions:
        if question.kind == Question.Kind.SCALE:
            values[question.pk] = rng.choice((6, 7, 8, 8, 9, 9, 10))
        elif question.kind in (Question.Kind.SINGLE, Question.Kind.YES_NO):
            values[question.pk] = question.choices[0] if question.choices else "да"
        elif question.kind == Question.Kind.MULTIPLE:
            values[question.pk] = question.choices[:1]
        elif question.kind == Question.Kind.RANKING:
            values[question.pk] = []
        elif question.required:
            values[question.pk] = rng.choice(("Полезные встречи", "Хотелось бы встречаться чаще", "Всё понравилось"))
    return values


@transaction.atomic
def demo_monitoring_seed(*, organization: Organization, curator: User, seed: int = 2025) -> dict[str, int]:
    """Two running satisfaction campaigns of the first program with about three answers in four."""
    if Campaign.objects.filter(organization=organization).exists():
        return {"campaigns": 0, "responses": 0}
    program = Program.objects.filter(organization=organization).order_by("pk").first()
    if program is None:
        return {"campaigns": 0, "responses": 0}
    rng = random.Random(seed)
    today = timezone.localdate()
    responses = 0
    for code in CAMPAIGNS:
        questionnaire = Questionnaire.objects.get(code=code)
        creation = campaign_create(
            organization=organization,
            questionnaire=questionnaire,
            program=program,
            deadline=today + dt.timedelta(days=10),
            created_by=curator,
        )
        campaign = campaign_launch(campaign=creation.campaign)
        questions = questionnaire_questions(questionnaire)
        for invitation in campaign.invitations.order_by("pk"):
            if rng.random() < 0.75:
                response_submit(invitation=invitation, values=_answers(questions, rng))
                responses += 1
    return {"campaigns": len(CAMPAIGNS), "responses": responses}
