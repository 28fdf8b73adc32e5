"""Everything that writes in monitoring: campaigns and their invitations, responses, link e-mails, reminders.

A response is written once: ``response_submit`` locks the invitation, refuses a used, expired or
closed one, checks every answer and stores the response, its answers and (for the group-meeting form)
the participant's preferences in one transaction. There is no service that changes a response.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from monitoring import selectors
from monitoring.models import Answer, Audience, Campaign, Invitation, Question, Questionnaire, Response
from people.models import MenteeRequest, Organization, Person, User
from people.services import mentee_request_add, mentor_profile_update
from programs.models import Pair, Program
from programs.services import MAX_PREFERENCES, preference_set

# Hours a personal link keeps working after the end of the deadline day (settings may change it).
DEFAULT_LINK_GRACE_HOURS = 0
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 4000
SCALE_MIN, SCALE_MAX = 1, 10

MESSAGE_USED = "Анкета уже заполнена. Спасибо!"
MESSAGE_EXPIRED = "Срок действия ссылки истёк."
MESSAGE_NOT_STARTED = "Анкетирование ещё не началось."
MESSAGE_CLOSED = "Анкетирование завершено."
MESSAGE_WITHDRAWN = "Анкета недоступна: согласие на обработку персональных данных отозвано."
REQUIRED = "Ответьте на этот вопрос."


def link_grace() -> dt.timedelta:
    """How long a link keeps working after the deadline day (settings.MONITORING_LINK_GRACE_HOURS)."""
    return dt.timedelta(hours=getattr(settings, "MONITORING_LINK_GRACE_HOURS", DEFAULT_LINK_GRACE_HOURS))


def link_expiry(deadline: dt.date) -> dt.datetime:
    """The end of the deadline day (local time) plus the grace."""
    end_of_day = dt.datetime.combine(
        deadline + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return end_of_day + link_grace()


# --- Campaigns -------------------------------------------------------------------------------------


@dataclass
class SkippedPerson:
    person: Person
    reason: str


@dataclass
class CampaignCreation:
    campaign: Campaign
    skipped: list[SkippedPerson] = field(default_factory=list)


def _campaign_validate(
    *, organization: Organization, questionnaire: Questionnaire, program: Program, deadline: dt.date, pairs, today
) -> None:
    errors = {}
    if questionnaire.organization_id not in (None, organization.pk) or not questionnaire.is_active:
        errors["questionnaire"] = f"Анкета «{questionnaire}» недоступна организации."
    elif questionnaire.audience == Audience.CURATOR:
        errors["questionnaire"] = f"Анкета «{questionnaire}» заполняется куратором, участникам её не рассылают."
    if program.organization_id != organization.pk:
        errors["program"] = f"Программа «{program}» относится к другой организации."
    if deadline < today:
        errors["deadline"] = f"Срок {deadline:%d.%m.%Y} уже прошёл: укажите сегодняшний или более поздний день."
    strangers = [pair for pair in pairs if pair.program_id != program.pk]
    if strangers:
        errors["pairs"] = f"{', '.join(str(pair) for pair in strangers)} не из программы «{program}»."
    elif pairs and questionnaire.audience not in selectors.PAIR_ROLE:
        errors["pairs"] = (
            f"Анкета «{questionnaire}» рассылается по банку ({questionnaire.get_audience_display()}): "
            "пары для неё не выбирают."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(
    *,
    organization: Organization,
    questionnaire: Questionnaire,
    program: Program,
    deadline: dt.date,
    pairs: Sequence[Pair] = (),
    title: str = "",
    created_by: User | None = None,
    today: dt.date | None = None,
) -> CampaignCreation:
    """Prepare a campaign (not yet running) with one invitation per respondent of its audience.

    People without a valid consent today are not invited; they come back in ``skipped``.
    """
    today = today or timezone.localdate()
    pairs = list(pairs)
    _campaign_validate(
        organization=organization,
        questionnaire=questionnaire,
        program=program,
        deadline=deadline,
        pairs=pairs,
        today=today,
    )
    members = selectors.audience_members(questionnaire=questionnaire, program=program, pairs=pairs, today=today)
    audience_label = questionnaire.get_audience_display()
    if not members:
        raise ValidationError(
            f"Некому отправить анкету «{questionnaire}»: в программе «{program}» нет участников ({audience_label})."
        )
    invited = [member for member in members if member.has_consent]
    skipped = [
        SkippedPerson(member.person, "нет действующего согласия на обработку персональных данных")
        for member in members
        if not member.has_consent
    ]
    if not invited:
        names = ", ".join(item.person.full_name for item in skipped)
        raise ValidationError(
            f"Ни у кого из участников нет действующего согласия на обработку персональных данных: {names}."
        )
    campaign = Campaign(
        organization=organization,
        questionnaire=questionnaire,
        program=program,
        title=title.strip() or questionnaire.title,
        deadline=deadline,
        created_by=created_by,
    )
    campaign.full_clean()
    campaign.save()
    expires_at = link_expiry(deadline)
    Invitation.objects.bulk_create(
        Invitation(
            campaign=campaign,
            person=member.person,
            pair=member.pair,
            role=questionnaire.audience,
            expires_at=expires_at,
        )
        for member in invited
    )
    return CampaignCreation(campaign=campaign, skipped=skipped)


@transaction.atomic
def campaign_launch(*, campaign: Campaign, today: dt.date | None = None) -> Campaign:
    """Start the survey: the personal links begin to work."""
    today = today or timezone.localdate()
    if campaign.status != Campaign.Status.DRAFT:
        raise ValidationError(f"Кампания «{campaign}» уже {campaign.get_status_display()}: запустить её нельзя.")
    if campaign.deadline < today:
        raise ValidationError(f"Срок кампании {campaign.deadline:%d.%m.%Y} уже прошёл.")
    if not campaign.invitations.exists():
        raise ValidationError(f"В кампании «{campaign}» нет ни одного приглашения.")
    campaign.status = Campaign.Status.RUNNING
    campaign.save(update_fields=["status"])
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    """Finish the survey: links stop working, the answers stay as they are."""
    if campaign.status != Campaign.Status.RUNNING:
        raise ValidationError(
            f"Завершить можно только идущий опрос; кампания «{campaign}» — {campaign.get_status_display()}."
        )
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    return campaign


# --- Answers ---------------------------------------------------------------------------------------


def invitation_refusal(invitation: Invitation, now: dt.datetime | None = None) -> str:
    """Why the invitation cannot be answered now ("" when it can)."""
    state = selectors.invitation_state(invitation, now)
    if state != selectors.InvitationState.ANSWERED and selectors.invitation_consent_withdrawn(invitation):
        return MESSAGE_WITHDRAWN  # processing stops at once on revocation (152-ФЗ ст. 21 ч. 5)
    return {
        selectors.InvitationState.ANSWERED: MESSAGE_USED,
        selectors.InvitationState.EXPIRED: MESSAGE_EXPIRED,
        selectors.InvitationState.NOT_STARTED: MESSAGE_NOT_STARTED,
        selectors.InvitationState.CLOSED: MESSAGE_CLOSED,
    }.get(state, "")


def _is_blank(value) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _answer_clean(question: Question, value, candidate_ids: set[int]) -> Answer | None:
    """One answer checked against its question; None for an optional question left blank."""
    if _is_blank(value):
        if question.required:
            raise ValidationError(REQUIRED)
        return None
    kind = question.kind
    if kind == Question.Kind.SCALE:
        if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
            raise ValidationError(f"Оценка — целое число от {SCALE_MIN} до {SCALE_MAX}.")
        return Answer(question=question, number=value)
    if kind in (Question.Kind.SINGLE, Question.Kind.YES_NO):
        options = selectors.YES_NO if kind == Question.Kind.YES_NO else [str(option) for option in question.choices]
        if value not in options:
            raise ValidationError("Выберите один из предложенных вариантов.")
        return Answer(question=question, text=value)
    if kind == Question.Kind.MULTIPLE:
        options = [str(option) for option in question.choices]
        values = list(value) if isinstance(value, list | tuple) else [value]
        if any(item not in options for item in values):
            raise ValidationError("Выберите варианты из предложенного списка.")
        return Answer(question=question, choices=[option for option in options if option in values])
    if kind == Question.Kind.RANKING:
        ranked = list(value) if isinstance(value, list | tuple) else [value]
        if len(ranked) > MAX_PREFERENCES:
            raise ValidationError(f"Можно выбрать не больше {MAX_PREFERENCES} участников.")
        if len(set(ranked)) != len(ranked):
            raise ValidationError("Один и тот же участник выбран дважды: каждый выбор должен быть другим.")
        if any(person_id not in candidate_ids for person_id in ranked):
            raise ValidationError("Выберите участников из предложенного списка.")
        return Answer(question=question, choices=ranked)
    text = str(value).strip()
    limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        raise ValidationError(f"Ответ длиннее {limit} символов: сократите его.")
    return Answer(question=question, text=text)


def answers_validate(questions: Sequence[Question], values: Mapping[int, object], candidate_ids=()) -> list[Answer]:
    """Check every answer (required questions, scale 1–10, options from the list, distinct ranked choices);
    errors come keyed ``q<question pk>``."""
    candidate_ids = set(candidate_ids)
    answers, errors = [], {}
    for question in questions:
        try:
            answer = _answer_clean(question, values.get(question.pk), candidate_ids)
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
            continue
        if answer is not None:
            answers.append(answer)
    if errors:
        raise ValidationError(errors)
    return answers


def questionnaire_questions(questionnaire: Questionnaire) -> list[Question]:
    """The questions in the order the respondent sees them."""
    return list(
        Question.objects.filter(section__questionnaire=questionnaire).order_by(
            "section__order", "section__pk", "order", "pk"
        )
    )


@transaction.atomic
def response_submit(
    *, invitation: Invitation, values: Mapping[int, object], now: dt.datetime | None = None
) -> Response:
    """Store the respondent's answers once: the invitation is locked, a used, expired or closed one refused.

    The group-meeting form also records the ranked choices as the respondent's preferences in the
    program; the standard candidate questionnaires also fill the respondent's record in the bank.
    """
    now = now or timezone.now()
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("campaign__questionnaire", "campaign__program", "person")
        .get(pk=invitation.pk)
    )
    refusal = invitation_refusal(locked, now)
    if refusal:
        raise ValidationError(refusal)
    campaign = locked.campaign
    questions = questionnaire_questions(campaign.questionnaire)
    has_ranking = any(question.kind == Question.Kind.RANKING for question in questions)
    candidates = list(selectors.preference_candidates(locked)) if has_ranking else []
    answers = answers_validate(questions, values, [person.pk for person in candidates])

    response = Response(
        campaign=campaign,
        questionnaire=campaign.questionnaire,
        invitation=locked,
        respondent=locked.person,
        role=locked.role,
        pair=locked.pair,
        submitted_at=now,
    )
    response.full_clean()
    response.save()
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    locked.used_at = now
    locked.save(update_fields=["used_at"])

    if has_ranking and campaign.program_id is not None:
        by_id = {person.pk: person for person in candidates}
        ranked = [
            by_id[person_id]
            for answer in answers
            if answer.question.kind == Question.Kind.RANKING
            for person_id in answer.choices
        ]
        preference_set(program=campaign.program, chooser=locked.person, ranked_people=ranked)
    _bank_update_from(response, answers)
    invitation.used_at = now
    return response


# The standard candidate questionnaires (fixtures/020_questionnaires.json, fixed primary keys) feed the
# banks that the matching reads: a mentor's competencies and interests, a mentee's request and its tags.
MENTOR_CANDIDATE_CODE = "candidate-mentors"
MENTEE_CANDIDATE_CODE = "candidate-mentees"
MENTOR_QUESTIONS = {"competencies": 33, "interests": 34, "experience": 35, "hours": 36, "capacity": 37}
MENTOR_MOTIVATION_QUESTIONS = (38, 39)
MENTEE_QUESTIONS = {"tags": 40, "text": 41, "source": 42}
HOURS_PER_MONTH = {"1–2 часа": 2, "3–4 часа": 4, "5–8 часов": 8, "больше 8 часов": 10}
CAPACITY = {"1": 1, "2": 2, "3": 3, "4 и больше": 4}
REQUEST_SOURCES = {
    "сам(а)": MenteeRequest.Source.SELF,
    "классный руководитель": MenteeRequest.Source.CLASS_TEACHER,
    "педагог-психолог": MenteeRequest.Source.PSYCHOLOGIST,
    "социальный педагог": MenteeRequest.Source.SOCIAL_TEACHER,
    "родители": MenteeRequest.Source.PARENTS,
}


def _bank_update_from(response: Response, answers: list[Answer]) -> None:
    by_question = {answer.question_id: answer for answer in answers}
    person = response.respondent
    code = response.questionnaire.code
    if code == MENTOR_CANDIDATE_CODE and hasattr(person, "mentor_profile"):
        values = {}
        for name in ("competencies", "interests"):
            if MENTOR_QUESTIONS[name] in by_question:
                values[name] = by_question[MENTOR_QUESTIONS[name]].choices
        if MENTOR_QUESTIONS["experience"] in by_question:
            values["experience"] = by_question[MENTOR_QUESTIONS["experience"]].text
        if MENTOR_QUESTIONS["hours"] in by_question:
            values["hours_per_month"] = HOURS_PER_MONTH.get(by_question[MENTOR_QUESTIONS["hours"]].text)
        if MENTOR_QUESTIONS["capacity"] in by_question:
            values["capacity"] = CAPACITY.get(by_question[MENTOR_QUESTIONS["capacity"]].text, 1)
        motivation = [
            "; ".join(answer.choices) if answer.choices else answer.text
            for pk in MENTOR_MOTIVATION_QUESTIONS
            if (answer := by_question.get(pk)) is not None
        ]
        if motivation:
            values["motivation"] = ". ".join(part for part in motivation if part)
        mentor_profile_update(profile=person.mentor_profile, **values)
    elif code == MENTEE_CANDIDATE_CODE and hasattr(person, "mentee_profile"):
        tags = by_question[MENTEE_QUESTIONS["tags"]].choices if MENTEE_QUESTIONS["tags"] in by_question else []
        text = by_question[MENTEE_QUESTIONS["text"]].text if MENTEE_QUESTIONS["text"] in by_question else ""
        source = by_question.get(MENTEE_QUESTIONS["source"])
        mentee_request_add(
            profile=person.mentee_profile,
            text=text or ("Нужна помощь: " + ", ".join(tags)),
            tags=tags,
            source=REQUEST_SOURCES.get(source.text if source else "", MenteeRequest.Source.SELF),
            received_on=timezone.localdate(response.submitted_at),
        )


# --- Links by e-mail and reminders -------------------------------------------------------------------


def invitation_url(invitation: Invitation, site_url: str) -> str:
    """The personal link: the portal's address and the token."""
    return f"{site_url.rstrip('/')}{reverse('monitoring:respond', args=[invitation.token])}"


def _letter(invitation: Invitation, recipient: selectors.Recipient, site_url: str, *, kind: str) -> EmailMessage:
    campaign = invitation.campaign
    context = {
        "invitation": invitation,
        "campaign": campaign,
        "person": invitation.person,
        "recipient": recipient,
        "organization": campaign.organization,
        "url": invitation_url(invitation, site_url),
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    subject = render_to_string(f"emails/campaign_{kind}_subject.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string(f"emails/campaign_{kind}.txt", context),
        to=[recipient.email],
    )


@dataclass
class Mailing:
    sent: list[Invitation] = field(default_factory=list)
    without_email: list[Invitation] = field(default_factory=list)


def invitation_links_email(*, campaign: Campaign, site_url: str, now: dt.datetime | None = None) -> Mailing:
    """E-mail each open invitation's personal link once: to the person, or to a minor's legal representative.

    Each letter is recorded as it goes (``emailed_at``), so a second press sends only what is left.
    """
    now = now or timezone.now()
    if campaign.status != Campaign.Status.RUNNING:
        raise ValidationError("Ссылки рассылаются, когда опрос идёт: сначала начните анкетирование.")
    mailing = Mailing()
    for invitation in selectors.invitations_to_email(campaign, now):
        recipient = selectors.invitation_recipient(invitation)
        if recipient is None:
            mailing.without_email.append(invitation)
            continue
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if locked.emailed_at is not None or locked.used_at is not None:
                continue  # another press got there first, or the answer came meanwhile
            _letter(invitation, recipient, site_url, kind="link").send()
            locked.emailed_at = now
            locked.save(update_fields=["emailed_at"])
        mailing.sent.append(invitation)
    return mailing


def invitation_remind(*, invitation: Invitation, site_url: str, now: dt.datetime | None = None) -> bool:
    """Send the reminder of one invitation if it is still due and never sent; True when a letter went out.

    The invitation row is locked while the letter goes, so two runs at once remind only once.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    recipient = selectors.invitation_recipient(invitation)
    if recipient is None:
        return False
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        # Checked again under the lock: another run may have reminded, or the answer may have come.
        if not selectors.invitations_due_reminder(today, now).filter(pk=locked.pk).exists():
            return False
        _letter(invitation, recipient, site_url, kind="reminder").send()
        locked.reminded_at = now
        locked.save(update_fields=["reminded_at"])
        Campaign.objects.filter(pk=locked.campaign_id).update(reminder_sent_on=today)
    invitation.reminded_at = now
    return True
