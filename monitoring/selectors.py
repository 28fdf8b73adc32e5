"""Everything that reads questionnaires, campaigns and responses for a page, scoped to the user.

Campaigns and their results are the curator's and the principal's (their organization only); a
respondent reaches one invitation at a time — his own when logged in, or the one a token names.
Every page reads in a fixed number of queries, whatever the number of respondents.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property

from monitoring.models import Answer, Audience, Campaign, Invitation, Question, Questionnaire, QuestionnaireSection
from people import personal_data
from people.models import Consent, LegalRepresentative, MenteeProfile, MentorProfile, Person, User
from people.personal_data import consent_withdrawn
from people.roles import Role
from people.services import MENTOR_APPROVED_STATUSES
from programs.models import Pair, PairMember, Program

KEEPERS = (Role.CURATOR, Role.PRINCIPAL)
EDITORS = (Role.CURATOR,)
REMINDER_DAYS_BEFORE = 2
MAX_TOKEN_LENGTH = 64
YES_NO = ("да", "нет")

# Who answers a questionnaire, by its audience: the pair role, or the bank for candidates.
PAIR_ROLE = {Audience.MENTOR: PairMember.Role.MENTOR, Audience.MENTEE: PairMember.Role.MENTEE}
MENTOR_SIDE = (Audience.MENTOR, Audience.MENTOR_CANDIDATE)
# A mentor bank record that may still fill the candidate questionnaire (everyone but those who left).
MENTOR_BANK_STATUSES = (*MENTOR_APPROVED_STATUSES, MentorProfile.Status.CANDIDATE, MentorProfile.Status.RESERVE)


def can_view_campaigns(user: User) -> bool:
    """The curator and the principal see campaigns and results."""
    return user.is_authenticated and user.has_role(*KEEPERS)


def can_edit_campaigns(user: User) -> bool:
    """The curator runs campaigns; the principal only looks."""
    return user.is_authenticated and user.has_role(*EDITORS)


def _valid_consent(day: dt.date, person_ref: str = "pk") -> Exists:
    return Exists(Consent.objects.filter(Consent.valid_on_q(day), person=OuterRef(person_ref)))


# --- Questionnaires --------------------------------------------------------------------------------


def questionnaires_visible_to(user: User) -> QuerySet[Questionnaire]:
    """The standard questionnaires and the organization's own, for the curator and the principal."""
    if not can_view_campaigns(user):
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(Q(organization__isnull=True) | Q(organization_id=user.organization_id))


def questionnaires_for_campaign(user: User) -> QuerySet[Questionnaire]:
    """Questionnaires a campaign may send: active ones addressed to participants (not the curator's)."""
    return (
        questionnaires_visible_to(user)
        .filter(is_active=True)
        .exclude(audience=Audience.CURATOR)
        .order_by("organization_id", "pk")
    )


def questionnaire_get_visible(user: User, questionnaire_id: int) -> Questionnaire:
    """One questionnaire the user may see (standard or the organization's own), or 404."""
    try:
        return questionnaires_visible_to(user).get(pk=questionnaire_id)
    except Questionnaire.DoesNotExist:
        raise Http404("Анкета не найдена") from None


def questionnaire_sections(questionnaire: Questionnaire) -> list[QuestionnaireSection]:
    """The sections in order, each with its questions prefetched in order (two queries)."""
    questions = Question.objects.order_by("order", "pk")
    return list(
        questionnaire.sections.order_by("order", "pk").prefetch_related(Prefetch("questions", queryset=questions))
    )


def questionnaire_list_for(user: User) -> QuerySet[Questionnaire]:
    """The questionnaires the user may see, each with its number of questions."""
    return questionnaires_visible_to(user).annotate(questions_total=Count("sections__questions")).order_by("pk")


# --- Campaigns -------------------------------------------------------------------------------------


def campaigns_visible_to(user: User) -> QuerySet[Campaign]:
    """Campaigns of the user's organization, with how many were invited and how many answered."""
    if not can_view_campaigns(user):
        return Campaign.objects.none()
    return (
        Campaign.objects.filter(organization_id=user.organization_id)
        .select_related("questionnaire", "program")
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count("invitations", filter=Q(invitations__used_at__isnull=False), distinct=True),
        )
    )


def campaign_get_visible(user: User, campaign_id: int) -> Campaign:
    """One campaign of the user's organization, or 404 (another school's campaign is «not found»)."""
    try:
        return campaigns_visible_to(user).get(pk=campaign_id)
    except Campaign.DoesNotExist:
        raise Http404("Кампания не найдена") from None


class InvitationState:
    """Where an invitation stands, as the campaign page and the link page tell it."""

    ANSWERED = "answered"
    OPEN = "open"
    EXPIRED = "expired"
    NOT_STARTED = "not_started"
    CLOSED = "closed"

    LABELS = {
        ANSWERED: "анкета заполнена",
        OPEN: "ждём ответа",
        EXPIRED: "срок ссылки истёк",
        NOT_STARTED: "опрос не начат",
        CLOSED: "опрос завершён",
    }


def invitation_state(invitation: Invitation, now: dt.datetime | None = None) -> str:
    """answered, open, expired, not_started (a draft campaign) or closed (a finished one)."""
    now = now or timezone.now()
    if invitation.used_at is not None:
        return InvitationState.ANSWERED
    status = invitation.campaign.status
    if status == Campaign.Status.DRAFT:
        return InvitationState.NOT_STARTED
    if status == Campaign.Status.CLOSED:
        return InvitationState.CLOSED
    if invitation.expires_at <= now:
        return InvitationState.EXPIRED
    return InvitationState.OPEN


@dataclass(frozen=True)
class CampaignProgress:
    invited: int
    answered: int
    waiting: int
    expired: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


def campaign_invitations(campaign: Campaign, now: dt.datetime | None = None) -> list[Invitation]:
    """The campaign's invitations by class and name, each with ``state`` and ``state_label`` (one query)."""
    now = now or timezone.now()
    invitations = list(
        campaign.invitations.select_related("person", "pair")
        .prefetch_related("pair__members")  # a pair's name says «Пара» or «Группа» by its members
        .order_by("person__school_class", "person__last_name", "person__first_name", "person__middle_name", "pk")
    )
    for invitation in invitations:
        invitation.campaign = campaign
        invitation.state = invitation_state(invitation, now)
        invitation.state_label = InvitationState.LABELS[invitation.state]
    return invitations


def campaign_progress(invitations: list[Invitation]) -> CampaignProgress:
    """Counts of the invitations marked by ``campaign_invitations``."""
    states = Counter(invitation.state for invitation in invitations)
    return CampaignProgress(
        invited=len(invitations),
        answered=states[InvitationState.ANSWERED],
        waiting=len(invitations) - states[InvitationState.ANSWERED] - states[InvitationState.EXPIRED],
        expired=states[InvitationState.EXPIRED],
    )


@dataclass(frozen=True)
class AudienceMember:
    person: Person
    pair: Pair | None
    has_consent: bool


def audience_members(
    *, questionnaire: Questionnaire, program: Program, pairs=(), today: dt.date | None = None
) -> list[AudienceMember]:
    """Who a campaign of the questionnaire reaches in the program, each once, with his consent today.

    Mentor and mentee questionnaires go to that side of the program's pairs (all but terminated
    ones, or the chosen pairs); candidate questionnaires go to the organization's bank: mentors not
    gone from it (approved ones only for the group-meeting choice) or mentees waiting for a mentor.
    """
    today = today or timezone.localdate()
    audience = questionnaire.audience
    if audience in PAIR_ROLE:
        members = (
            PairMember.objects.filter(pair__program=program, role=PAIR_ROLE[audience], person__is_archived=False)
            .exclude(pair__status=Pair.Status.TERMINATED)
            .annotate(has_consent=_valid_consent(today, "person"))
            .select_related("person", "pair")
            .order_by("person__last_name", "person__first_name", "person__middle_name", "pair_id")
        )
        if pairs:
            members = members.filter(pair__in=list(pairs))
        seen: dict[int, AudienceMember] = {}
        for member in members:
            seen.setdefault(member.person_id, AudienceMember(member.person, member.pair, member.has_consent))
        return list(seen.values())
    people = Person.objects.filter(organization_id=program.organization_id, is_archived=False)
    if audience == Audience.MENTOR_CANDIDATE:
        approved_only = questionnaire.purpose == Questionnaire.Purpose.GROUP_MEETING
        people = people.filter(
            mentor_profile__status__in=MENTOR_APPROVED_STATUSES if approved_only else MENTOR_BANK_STATUSES
        )
    elif audience == Audience.MENTEE_CANDIDATE:
        people = people.filter(mentee_profile__status=MenteeProfile.Status.WAITING)
    else:
        return []
    people = people.annotate(has_consent=_valid_consent(today)).order_by("last_name", "first_name", "middle_name")
    return [AudienceMember(person, None, person.has_consent) for person in people]


# --- What a respondent reaches -----------------------------------------------------------------------


def open_invitations_for(user: User, now: dt.datetime | None = None) -> QuerySet[Invitation]:
    """The user's questionnaires to fill now: running campaigns, not answered, link not expired."""
    if not user.is_authenticated or user.person_id is None or user.organization_id is None:
        return Invitation.objects.none()
    now = now or timezone.now()
    return (
        Invitation.objects.filter(
            person_id=user.person_id,
            campaign__organization_id=user.organization_id,
            campaign__status=Campaign.Status.RUNNING,
            used_at__isnull=True,
            expires_at__gt=now,
        )
        .exclude(consent_withdrawn(timezone.localdate(), "person"))
        .select_related("campaign__questionnaire", "campaign__program")
        .order_by("campaign__deadline", "pk")
    )


def invitation_get_for_user(user: User, invitation_id: int) -> Invitation:
    """One of the user's own invitations (answered or not), or 404 for anybody else's."""
    if not user.is_authenticated or user.person_id is None:
        raise Http404("Анкета не найдена")
    try:
        return Invitation.objects.select_related("campaign__questionnaire", "campaign__program", "person").get(
            pk=invitation_id, person_id=user.person_id, campaign__organization_id=user.organization_id
        )
    except Invitation.DoesNotExist:
        raise Http404("Анкета не найдена") from None


def invitation_by_token(token: str) -> Invitation:
    """The invitation a personal link names, or 404; the token is the only key, so nothing else is reachable.

    It carries ``person_consent_withdrawn`` (people.personal_data.consent_withdrawn today), so the link page
    learns in the same query whether it may still be answered (monitoring.services.invitation_refusal).
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise Http404("Анкета не найдена")
    try:
        return (
            Invitation.objects.select_related("campaign__questionnaire", "campaign__program", "person")
            .annotate(
                person_consent_withdrawn=ExpressionWrapper(consent_withdrawn(person_ref="person"), BooleanField())
            )
            .get(token=token)
        )
    except Invitation.DoesNotExist:
        raise Http404("Анкета не найдена") from None


def invitation_consent_withdrawn(invitation: Invitation) -> bool:
    """The respondent's consent is withdrawn today: read from ``invitation_by_token``'s annotation when there
    is one, else asked of the database."""
    withdrawn = getattr(invitation, "person_consent_withdrawn", None)
    return personal_data.person_consent_withdrawn(invitation.person_id) if withdrawn is None else withdrawn


def is_mentor_side(role: str) -> bool:
    """A mentor or a mentor candidate answers (else a mentee or a mentee candidate)."""
    return role in MENTOR_SIDE


def preference_candidates(invitation: Invitation, today: dt.date | None = None) -> QuerySet[Person]:
    """Whom the group-meeting form offers: a mentee chooses among approved mentors of the organization,
    a mentor among mentees waiting in the bank — those with a valid consent, never the respondent."""
    today = today or timezone.localdate()
    people = Person.objects.filter(organization_id=invitation.campaign.organization_id, is_archived=False).exclude(
        pk=invitation.person_id
    )
    if is_mentor_side(invitation.role):
        people = people.filter(mentee_profile__status=MenteeProfile.Status.WAITING)
    else:
        people = people.filter(mentor_profile__status__in=MENTOR_APPROVED_STATUSES)
    return (
        people.filter(_valid_consent(today))
        .only("pk", "last_name", "first_name", "middle_name")
        .order_by("last_name", "first_name", "middle_name")
    )


# --- Reminders and e-mails (for jobs: no user scope) ---------------------------------------------------


def invitations_with_recipients(queryset: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Invitations with what ``invitation_recipient`` reads: the account and the legal representatives."""
    representatives = LegalRepresentative.objects.select_related("representative").order_by("pk")
    return queryset.select_related(
        "person__user", "campaign__questionnaire", "campaign__program", "campaign__organization"
    ).prefetch_related(Prefetch("person__representatives", queryset=representatives))


def invitations_due_reminder(today: dt.date | None = None, now: dt.datetime | None = None) -> QuerySet[Invitation]:
    """Unanswered invitations of running campaigns whose deadline is at most two days away, never
    reminded before and still open — a daily run reminds each once."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    due = Invitation.objects.filter(
        campaign__status=Campaign.Status.RUNNING,
        campaign__deadline__gte=today,
        campaign__deadline__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE),
        used_at__isnull=True,
        reminded_at__isnull=True,
        expires_at__gt=now,
    ).exclude(consent_withdrawn(today, "person"))
    return invitations_with_recipients(due).order_by("campaign_id", "person__last_name", "pk")


def invitations_to_email(campaign: Campaign, now: dt.datetime | None = None) -> QuerySet[Invitation]:
    """The campaign's open invitations whose link has not been e-mailed yet."""
    now = now or timezone.now()
    pending = campaign.invitations.filter(used_at__isnull=True, emailed_at__isnull=True, expires_at__gt=now).exclude(
        consent_withdrawn(timezone.localdate(), "person")
    )
    return invitations_with_recipients(pending).order_by("person__last_name", "person__first_name", "pk")


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str  # how the letter greets him: «Мария Петровна»
    is_representative: bool


def _greeting_name(person: Person) -> str:
    return " ".join(part for part in (person.first_name, person.middle_name) if part)


def invitation_recipient(invitation: Invitation) -> Recipient | None:
    """Where the link goes: an adult's own e-mail (his account's first), a minor's legal representative's;
    None when there is no address."""
    person = invitation.person
    if person.is_minor():
        for link in person.representatives.all():
            if link.representative.email and not link.representative.is_archived:
                return Recipient(link.representative.email, _greeting_name(link.representative), True)
        return None
    user = getattr(person, "user", None)
    email = user.email if user is not None and user.is_active and user.email else person.email
    return Recipient(email, _greeting_name(person), False) if email else None


# --- Results ---------------------------------------------------------------------------------------


def _round(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class OptionCount:
    label: str
    count: int
    share: int  # per cent of those who answered the question


@dataclass
class RankedChoice:
    person_name: str
    by_rank: list[int]  # how many named him first, second, third
    total: int


@dataclass
class QuestionResult:
    question: Question
    number: int
    answered: int
    options: list[OptionCount] = field(default_factory=list)
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    ranked: list[RankedChoice] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    @cached_property
    def chart(self) -> str:
        """The bar chart of the distribution as SVG markup ("" for free text)."""
        from monitoring import charts

        return charts.question_chart(self)


@dataclass
class SectionResults:
    section: QuestionnaireSection
    questions: list[QuestionResult]


@dataclass
class CampaignResults:
    campaign: Campaign
    respondents: int
    sections: list[SectionResults]

    @property
    def measures_impact(self) -> bool:
        """Whether the questionnaire has questions of the entry/exit comparison."""
        return any(result.question.impact_area for section in self.sections for result in section.questions)


def _options_of(question: Question) -> list[str]:
    if question.kind == Question.Kind.SCALE:
        return [str(number) for number in range(1, 11)]
    if question.kind == Question.Kind.YES_NO:
        return list(YES_NO)
    return [str(option) for option in question.choices]


def _option_counts(question: Question, values: list[str], answered: int) -> list[OptionCount]:
    counts = Counter(values)
    labels = _options_of(question)
    labels += sorted(label for label in counts if label not in labels)  # answers to options since removed
    return [
        OptionCount(label, counts[label], round(100 * counts[label] / answered) if answered else 0) for label in labels
    ]


def _question_result(question: Question, number: int, answers: list[dict], names: dict[int, str]) -> QuestionResult:
    kind = question.kind
    if kind == Question.Kind.SCALE:
        numbers = [answer["number"] for answer in answers if answer["number"] is not None]
        result = QuestionResult(question, number, len(numbers))
        result.options = _option_counts(question, [str(value) for value in numbers], len(numbers))
        result.mean = _round(sum(numbers) / len(numbers)) if numbers else None
    elif kind in (Question.Kind.SINGLE, Question.Kind.YES_NO):
        values = [answer["text"] for answer in answers if answer["text"]]
        result = QuestionResult(question, number, len(values))
        result.options = _option_counts(question, values, len(values))
    elif kind == Question.Kind.MULTIPLE:
        chosen = [answer["choices"] for answer in answers if answer["choices"]]
        result = QuestionResult(question, number, len(chosen))
        result.options = _option_counts(question, [str(value) for values in chosen for value in values], len(chosen))
    elif kind == Question.Kind.RANKING:
        chosen = [answer["choices"] for answer in answers if answer["choices"]]
        result = QuestionResult(question, number, len(chosen))
        by_person: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        for ranked in chosen:
            for rank, person_id in enumerate(ranked[:3]):
                by_person[int(person_id)][rank] += 1
        result.ranked = sorted(
            (
                RankedChoice(names.get(person_id, "участник удалён"), ranks, sum(ranks))
                for person_id, ranks in by_person.items()
            ),
            key=lambda choice: (-choice.by_rank[0], -choice.total, choice.person_name),
        )
    else:
        texts = [answer["text"].strip() for answer in answers if answer["text"].strip()]
        result = QuestionResult(question, number, len(texts), texts=texts)
    return result


def _campaign_answers(campaign: Campaign) -> dict[int, list[dict]]:
    answers: dict[int, list[dict]] = defaultdict(list)
    rows = Answer.objects.filter(response__campaign=campaign).order_by("response__submitted_at", "pk")
    for answer in rows.values("question_id", "number", "text", "choices"):
        answers[answer["question_id"]].append(answer)
    return answers


def _ranked_names(questions: list[Question], answers: dict[int, list[dict]]) -> dict[int, str]:
    ids = {
        int(person_id)
        for question in questions
        if question.kind == Question.Kind.RANKING
        for answer in answers[question.pk]
        for person_id in answer["choices"]
    }
    if not ids:
        return {}
    return {person.pk: person.full_name for person in Person.objects.filter(pk__in=ids)}


def campaign_results(campaign: Campaign) -> CampaignResults:
    """Per question: counts per value or option, the mean of a scale, the free-text answers, the ranked
    choices — in five queries whatever the number of respondents."""
    sections = questionnaire_sections(campaign.questionnaire)
    questions = [question for section in sections for question in section.questions.all()]
    answers = _campaign_answers(campaign)
    names = _ranked_names(questions, answers)
    number = 0
    section_results = []
    for section in sections:
        results = []
        for question in section.questions.all():
            number += 1
            results.append(_question_result(question, number, answers[question.pk], names))
        section_results.append(SectionResults(section, results))
    respondents = campaign.responses.count()
    return CampaignResults(campaign=campaign, respondents=respondents, sections=section_results)


def answer_display(question: Question, answer: Answer | None, names: dict[int, str]) -> object:
    """An answer as a spreadsheet cell shows it: a number, an option, options joined, names in rank order."""
    if answer is None:
        return None
    if question.kind == Question.Kind.SCALE:
        return answer.number
    if question.kind == Question.Kind.MULTIPLE:
        return ", ".join(str(value) for value in answer.choices)
    if question.kind == Question.Kind.RANKING:
        return ", ".join(
            f"{rank}. {names.get(int(person_id), '—')}" for rank, person_id in enumerate(answer.choices, start=1)
        )
    return answer.text


@dataclass
class ResponseExport:
    questions: list[Question]
    rows: list[list]


def campaign_export(campaign: Campaign) -> ResponseExport:
    """One row per response: respondent, role, pair, time, then every answer (four queries)."""
    questions = list(
        Question.objects.filter(section__questionnaire=campaign.questionnaire).order_by(
            "section__order", "section__pk", "order", "pk"
        )
    )
    responses = list(
        campaign.responses.select_related("respondent", "pair")
        .prefetch_related("answers", "pair__members")
        .order_by("respondent__last_name", "respondent__first_name", "pk")
    )
    ranking_questions = {question.pk for question in questions if question.kind == Question.Kind.RANKING}
    ranked_ids = {
        int(person_id)
        for response in responses
        for answer in response.answers.all()
        if answer.question_id in ranking_questions
        for person_id in answer.choices
    }
    names = {person.pk: person.full_name for person in Person.objects.filter(pk__in=ranked_ids)} if ranked_ids else {}
    rows = []
    for response in responses:
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        rows.append(
            [
                response.respondent.full_name,
                response.get_role_display(),
                str(response.pair) if response.pair_id else "",
                response.submitted_at,
                *[answer_display(question, by_question.get(question.pk), names) for question in questions],
            ]
        )
    return ResponseExport(questions=questions, rows=rows)


# --- Entry and exit questionnaires: the impact on participants (seed 001 §5.3, stage 2) ---------------

IMPACT_AREAS = [area for area in Question.ImpactArea if area.value]


@dataclass
class AreaScore:
    code: str
    label: str
    entry: Decimal | None
    final: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.entry is None or self.final is None:
            return None
        return self.final - self.entry


@dataclass
class ParticipantImpact:
    person: Person
    entry_on: dt.datetime
    final_on: dt.datetime
    areas: list[AreaScore]


@dataclass
class ImpactComparison:
    participants: list[ParticipantImpact]
    averages: list[AreaScore]
    entry_only: int  # answered the entry questionnaire, not yet the final one
    final_only: int


@dataclass
class _Sitting:
    """One submitted response: when, and the numbers given per impact area."""

    submitted_at: dt.datetime
    numbers: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def mean(self, area: str) -> Decimal | None:
        values = self.numbers.get(area)
        return _round(sum(values) / len(values)) if values else None


def entry_exit_comparison(user: User, program: Program | None = None) -> ImpactComparison:
    """Each respondent's latest final response paired with his latest entry response before it:
    the mean per impact area at entry and at exit, per participant and on average (two queries).

    Only scale answers to questions tagged with an impact area count; a program narrows it to the
    responses of that program's campaigns.
    """
    if not can_view_campaigns(user):
        return ImpactComparison([], [], 0, 0)
    purposes = (Questionnaire.Purpose.ENTRY, Questionnaire.Purpose.FINAL)
    answers = Answer.objects.filter(
        number__isnull=False,
        question__kind=Question.Kind.SCALE,
        response__questionnaire__purpose__in=purposes,
        response__respondent__organization_id=user.organization_id,
    ).exclude(question__impact_area="")
    if program is not None:
        answers = answers.filter(response__campaign__program=program)
    sittings: dict[int, dict[str, dict[int, _Sitting]]] = defaultdict(lambda: {purpose: {} for purpose in purposes})
    for row in answers.values(
        "response_id",
        "response__respondent_id",
        "response__questionnaire__purpose",
        "response__submitted_at",
        "question__impact_area",
        "number",
    ):
        by_response = sittings[row["response__respondent_id"]][row["response__questionnaire__purpose"]]
        sitting = by_response.setdefault(row["response_id"], _Sitting(row["response__submitted_at"]))
        sitting.numbers[row["question__impact_area"]].append(row["number"])

    pairs: dict[int, tuple[_Sitting, _Sitting]] = {}
    entry_only = final_only = 0
    for person_id, by_purpose in sittings.items():
        finals = sorted(by_purpose[Questionnaire.Purpose.FINAL].values(), key=lambda sitting: sitting.submitted_at)
        entries = sorted(by_purpose[Questionnaire.Purpose.ENTRY].values(), key=lambda sitting: sitting.submitted_at)
        if not finals:
            entry_only += 1
            continue
        final = finals[-1]
        earlier = [sitting for sitting in entries if sitting.submitted_at <= final.submitted_at]
        if not earlier:
            final_only += 1
            continue
        pairs[person_id] = (earlier[-1], final)

    people = Person.objects.filter(pk__in=list(pairs)).order_by("last_name", "first_name", "middle_name")
    participants = []
    for person in people if pairs else []:
        entry, final = pairs[person.pk]
        areas = [
            AreaScore(area.value, area.label, entry.mean(area.value), final.mean(area.value)) for area in IMPACT_AREAS
        ]
        participants.append(ParticipantImpact(person, entry.submitted_at, final.submitted_at, areas))

    averages = []
    for index, area in enumerate(IMPACT_AREAS):
        scores = [p.areas[index] for p in participants if p.areas[index].change is not None]
        averages.append(
            AreaScore(
                area.value,
                area.label,
                _round(sum(score.entry for score in scores) / len(scores)) if scores else None,
                _round(sum(score.final for score in scores) / len(scores)) if scores else None,
            )
        )
    return ImpactComparison(participants, averages, entry_only, final_only)


def programs_with_campaigns(user: User) -> QuerySet[Program]:
    """The programs that have a campaign, for the filter of the impact page."""
    if not can_view_campaigns(user):
        return Program.objects.none()
    return (
        Program.objects.filter(organization_id=user.organization_id, campaigns__isnull=False)
        .distinct()
        .order_by("-year_start", "title")
    )
