"""Matching for one program from the database: load the banks into programs.matching, accept proposals.

The pool is what seed 003 (stage 5) compares: approved mentors with free places and mentees waiting
for a mentor, both with a valid consent, the program's forms, and the preferences both sides named
after the group meeting. It is loaded in a constant number of queries, whatever the size of the banks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from people.models import Consent, MenteeProfile, MentorProfile, Person
from people.services import MENTOR_APPROVED_STATUSES
from programs.matching import (
    FormRule,
    MenteeCandidate,
    MentorCandidate,
    Proposal,
    ProposedPair,
    explain,
    match,
    score_matrix,
)
from programs.models import MatchPreference, MentoringForm, Pair, PairMember, Program
from programs.services import pair_create

MARKS = (("is_gifted", "gifted"), ("has_disability", "disability"), ("is_at_risk", "at_risk"))


@dataclass
class MatchingPool:
    """Everything the matching of a program needs, plus the people for the page."""

    program: Program
    mentors: list[MentorCandidate]
    mentees: list[MenteeCandidate]
    forms: list[FormRule]
    preferences: dict[tuple[int, int], int]
    people: dict[int, Person] = field(default_factory=dict)

    def mentor(self, person_id: int) -> MentorCandidate | None:
        return next((mentor for mentor in self.mentors if mentor.person_id == person_id), None)

    def mentee(self, person_id: int) -> MenteeCandidate | None:
        return next((mentee for mentee in self.mentees if mentee.person_id == person_id), None)


def _valid_consent(today: dt.date) -> Exists:
    return Exists(Consent.objects.filter(Consent.valid_on_q(today), person=OuterRef("person_id")))


def _mentees_in_open_pairs_of_mentor() -> Coalesce:
    """Mentees the mentor already has in open pairs of any program (his capacity is one for all)."""
    mentees = (
        PairMember.objects.filter(
            role=PairMember.Role.MENTEE,
            pair__status__in=Pair.OPEN_STATUSES,
            pair__members__person=OuterRef("person_id"),
            pair__members__role=PairMember.Role.MENTOR,
        )
        .order_by()
        .values("pair__members__person")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(mentees, output_field=IntegerField()), Value(0))


def form_rules(forms: Iterable[MentoringForm]) -> list[FormRule]:
    return [
        FormRule(form.pk, form.name, frozenset(form.mentor_categories), frozenset(form.mentee_categories))
        for form in forms
    ]


def matching_pool(
    program: Program, *, today: dt.date | None = None, exclude_mentee_ids: Iterable[int] = ()
) -> MatchingPool:
    """The program's candidates in five queries: forms, mentors (with their load), mentees, requests, preferences."""
    today = today or timezone.localdate()
    forms = form_rules(program.forms.order_by("order", "name"))

    mentor_profiles = (
        MentorProfile.objects.filter(
            person__organization_id=program.organization_id,
            person__is_archived=False,
            status__in=MENTOR_APPROVED_STATUSES,
        )
        .filter(_valid_consent(today))
        .annotate(mentees_taken=_mentees_in_open_pairs_of_mentor())
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__middle_name")
    )
    mentee_profiles = (
        MenteeProfile.objects.filter(
            person__organization_id=program.organization_id,
            person__is_archived=False,
            status=MenteeProfile.Status.WAITING,
        )
        .exclude(person_id__in=list(exclude_mentee_ids))
        .filter(_valid_consent(today))
        .select_related("person")
        .prefetch_related("requests")
        .order_by("person__last_name", "person__first_name", "person__middle_name")
    )

    people: dict[int, Person] = {}
    mentors = []
    for profile in mentor_profiles:
        person = profile.person
        people[person.pk] = person
        person.mentor_free_places = max(profile.capacity - profile.mentees_taken, 0)
        mentors.append(
            MentorCandidate(
                person_id=person.pk,
                name=person.full_name,
                category=person.category,
                tags=frozenset(tag.strip().lower() for tag in [*profile.competencies, *profile.interests] if tag),
                free_places=person.mentor_free_places,
            )
        )
    mentees = []
    for profile in mentee_profiles:
        person = profile.person
        people[person.pk] = person
        person.mentee_requests = list(profile.requests.all())
        mentees.append(
            MenteeCandidate(
                person_id=person.pk,
                name=person.full_name,
                category=person.category,
                tags=frozenset(
                    tag.strip().lower() for request in person.mentee_requests for tag in request.tags if tag
                ),
                marks=frozenset(mark for attribute, mark in MARKS if getattr(person, attribute)),
            )
        )
    preferences = {
        (chooser, chosen): rank
        for chooser, chosen, rank in MatchPreference.objects.filter(program=program).values_list(
            "chooser_id", "chosen_id", "rank"
        )
    }
    return MatchingPool(
        program=program, mentors=mentors, mentees=mentees, forms=forms, preferences=preferences, people=people
    )


def pool_proposal(pool: MatchingPool) -> Proposal:
    """The optimal proposal for the pool (see programs.matching.match)."""
    return match(pool.mentors, pool.mentees, pool.forms, pool.preferences)


@dataclass(frozen=True)
class MentorOption:
    """A mentor who may take a given mentee, with the score and the reasons, for «Изменить»."""

    mentor: MentorCandidate
    person: Person
    form: FormRule
    score: float
    reasons: list[str]


def mentor_options(pool: MatchingPool, mentee_id: int) -> list[MentorOption]:
    """Mentors with a free place that some form of the program allows for the mentee, best first."""
    mentee = pool.mentee(mentee_id)
    mentors = [mentor for mentor in pool.mentors if mentor.free_places > 0]
    if mentee is None or not mentors:
        return []
    scores, form_index = score_matrix(mentors, [mentee], pool.forms, pool.preferences)
    options = []
    for column, mentor in enumerate(mentors):
        index = int(form_index[0, column])
        if index < 0:
            continue
        form = pool.forms[index]
        options.append(
            MentorOption(
                mentor=mentor,
                person=pool.people[mentor.person_id],
                form=form,
                score=round(float(scores[0, column]), 1),
                reasons=explain(mentor, mentee, form, pool.preferences),
            )
        )
    options.sort(key=lambda option: (-option.score, option.mentor.name))
    return options


def _allowed(forms: Sequence[FormRule], mentor: MentorCandidate, mentee: MenteeCandidate) -> bool:
    """Some form of the program lets this mentor take this mentee (and nobody mentors himself)."""
    return mentor.person_id != mentee.person_id and any(
        mentor.category in form.mentor_categories and mentee.category in form.mentee_categories for form in forms
    )


def mentee_options(pool: MatchingPool, mentor_id: int) -> list[MenteeCandidate]:
    """Mentees that some form of the program allows for the mentor (the choices of a mentor's preferences)."""
    mentor = pool.mentor(mentor_id)
    if mentor is None:
        return []
    return [mentee for mentee in pool.mentees if _allowed(pool.forms, mentor, mentee)]


def mentor_options_for_preferences(pool: MatchingPool, mentee_id: int) -> list[MentorCandidate]:
    """Mentors that some form of the program allows for the mentee, whether or not they have a free place."""
    mentee = pool.mentee(mentee_id)
    if mentee is None:
        return []
    return [mentor for mentor in pool.mentors if _allowed(pool.forms, mentor, mentee)]


def _fitting_form(program: Program, mentor: Person, mentee: Person) -> MentoringForm:
    for form in program.forms.order_by("order", "name"):
        if mentor.category in form.mentor_categories and mentee.category in form.mentee_categories:
            return form
    raise ValidationError(
        f"Ни одна форма программы «{program}» не подходит для пары: {mentor.full_name} "
        f"({mentor.get_category_display()}) — {mentee.full_name} ({mentee.get_category_display()})."
    )


def proposal_accept(
    *, program: Program, mentor_id: int, mentee_id: int, today: dt.date | None = None, goals: str = ""
) -> Pair:
    """Form the proposed pair through pair_create, which checks every pairing rule again.

    The pair runs to the end of the program; it starts with the program, or today if the program
    has already begun (a pair cannot have worked before it was formed).
    """
    today = today or timezone.localdate()
    people = {
        person.pk: person
        for person in Person.objects.filter(
            organization_id=program.organization_id, pk__in=(mentor_id, mentee_id)
        ).select_related("mentor_profile", "mentee_profile")
    }
    if mentor_id not in people or mentee_id not in people:
        raise ValidationError("Участник не найден в организации программы.")
    mentor, mentee = people[mentor_id], people[mentee_id]
    starts_on = min(max(program.starts_on, today), program.ends_on)
    return pair_create(
        program=program,
        form=_fitting_form(program, mentor, mentee),
        mentors=[mentor],
        mentees=[mentee],
        starts_on=starts_on,
        planned_end_on=program.ends_on,
        goals=goals,
    )


@dataclass(frozen=True)
class Refusal:
    proposed: ProposedPair
    messages: list[str]


def proposal_accept_all(
    *, program: Program, proposed: Sequence[ProposedPair], today: dt.date | None = None
) -> tuple[list[Pair], list[Refusal]]:
    """Accept each proposed pair on its own: the ones the rules allow are formed, the others are told why."""
    created, refused = [], []
    for item in proposed:
        try:
            created.append(
                proposal_accept(
                    program=program, mentor_id=item.mentor.person_id, mentee_id=item.mentee.person_id, today=today
                )
            )
        except ValidationError as error:
            refused.append(Refusal(item, error.messages))
    return created, refused


@dataclass(frozen=True)
class RejectedProposal:
    mentee: Person
    mentor: Person | None


def rejected_pairs(program: Program, rejected: dict[int, int]) -> list[RejectedProposal]:
    """The proposals the curator turned down in this session, with the people's names (one query)."""
    if not rejected:
        return []
    people = Person.objects.filter(
        organization_id=program.organization_id, pk__in=[*rejected.keys(), *rejected.values()]
    ).in_bulk()
    return [
        RejectedProposal(mentee=people[mentee_id], mentor=people.get(mentor_id))
        for mentee_id, mentor_id in rejected.items()
        if mentee_id in people
    ]


@dataclass(frozen=True)
class ProposalRow:
    """A proposed pair as the page shows it: the people, the form, the score and the reasons."""

    mentor: Person
    mentee: Person
    form: FormRule
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class UnmatchedMentee:
    person: Person
    tags: list[str]


@dataclass(frozen=True)
class MatchingPage:
    """The proposal of a program for the matching page, with the numbers above it."""

    rows: list[ProposalRow]
    unmatched: list[UnmatchedMentee]
    mentors_with_places: int
    mentees_waiting: int
    proposal: Proposal


def matching_page(pool: MatchingPool) -> MatchingPage:
    """Run the matching on the pool and put the people beside each proposed pair."""
    proposal = pool_proposal(pool)
    return MatchingPage(
        rows=[
            ProposalRow(
                mentor=pool.people[item.mentor.person_id],
                mentee=pool.people[item.mentee.person_id],
                form=item.form,
                score=item.score,
                reasons=item.reasons,
            )
            for item in proposal.pairs
        ],
        unmatched=[
            UnmatchedMentee(pool.people[mentee.person_id], sorted(mentee.tags)) for mentee in proposal.unmatched
        ],
        mentors_with_places=sum(1 for mentor in pool.mentors if mentor.free_places > 0),
        mentees_waiting=len(pool.mentees),
        proposal=proposal,
    )


@dataclass(frozen=True)
class PreferenceRow:
    """A participant of the matching and whom he named after the group meeting, first choice first."""

    side: str
    person: Person
    chosen: list[MatchPreference]


def preference_rows(
    pool: MatchingPool, preferences: dict[int, list[MatchPreference]]
) -> tuple[list[PreferenceRow], list[PreferenceRow]]:
    """The mentees' and the mentors' rows of the preferences page."""
    mentees = [
        PreferenceRow("mentee", pool.people[mentee.person_id], preferences.get(mentee.person_id, []))
        for mentee in pool.mentees
    ]
    mentors = [
        PreferenceRow("mentor", pool.people[mentor.person_id], preferences.get(mentor.person_id, []))
        for mentor in pool.mentors
    ]
    return mentees, mentors
