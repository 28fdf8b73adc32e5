"""Matching mentors with mentees for a program (seed 003, stage 5).

Each mentor–mentee combination gets a compatibility score from the mentee's requests against the
mentor's competencies and interests, the fit to one of the program's forms, and the preferences both
sides stated after the group meeting. The assignment is optimal, not greedy: every mentor is split
into as many slots as he has free places, and SciPy's ``linear_sum_assignment`` finds the set of
pairs that serves as many mentees as possible and, among those, has the largest total score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

TAG_WEIGHT = 60.0  # all of a mentee's request topics covered by the mentor
FORM_FIT_SCORE = 10.0  # a combination some form of the program allows
PREFERENCE_SCORES = {1: 30.0, 2: 20.0, 3: 10.0}  # by rank, from each side
# A combination no form allows costs more than any sum of real scores, so the optimum never
# trades a served mentee for a better score elsewhere; such rows are dropped afterwards.
FORBIDDEN = 1e9


@dataclass(frozen=True)
class MentorCandidate:
    person_id: int
    name: str
    category: str
    tags: frozenset[str]
    free_places: int


@dataclass(frozen=True)
class MenteeCandidate:
    person_id: int
    name: str
    category: str
    tags: frozenset[str]
    marks: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FormRule:
    form_id: int
    name: str
    mentor_categories: frozenset[str]
    mentee_categories: frozenset[str]


@dataclass
class ProposedPair:
    mentor: MentorCandidate
    mentee: MenteeCandidate
    form: FormRule
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class Proposal:
    pairs: list[ProposedPair]
    unmatched: list[MenteeCandidate]

    @property
    def total_score(self) -> float:
        return sum(pair.score for pair in self.pairs)


def _first_fitting_form(forms: Sequence[FormRule], mentor_category: str, mentee_category: str) -> int:
    for index, form in enumerate(forms):
        if mentor_category in form.mentor_categories and mentee_category in form.mentee_categories:
            return index
    return -1


def score_matrix(
    mentors: Sequence[MentorCandidate],
    mentees: Sequence[MenteeCandidate],
    forms: Sequence[FormRule],
    preferences: dict[tuple[int, int], int],
) -> tuple[np.ndarray, np.ndarray]:
    """Scores (mentees × mentors) and the index of the fitting form (-1 where none fits).

    ``preferences`` maps (chooser_id, chosen_id) to a rank, in both directions.
    """
    vocabulary = {tag: i for i, tag in enumerate(sorted({t for p in [*mentors, *mentees] for t in p.tags}))}
    mentee_tags = np.zeros((len(mentees), len(vocabulary)), dtype=np.float32)
    mentor_tags = np.zeros((len(mentors), len(vocabulary)), dtype=np.float32)
    for row, mentee in enumerate(mentees):
        mentee_tags[row, [vocabulary[t] for t in mentee.tags]] = 1
    for row, mentor in enumerate(mentors):
        mentor_tags[row, [vocabulary[t] for t in mentor.tags]] = 1
    covered = mentee_tags @ mentor_tags.T
    wanted = np.maximum(mentee_tags.sum(axis=1, keepdims=True), 1)
    scores = TAG_WEIGHT * covered / wanted + FORM_FIT_SCORE

    # Categories are few, so the fitting form is looked up per pair of categories, not per pair of people.
    categories = sorted({p.category for p in [*mentors, *mentees]})
    form_of = {(a, b): _first_fitting_form(forms, a, b) for a in categories for b in categories}
    form_index = np.array(
        [[form_of[(mentor.category, mentee.category)] for mentor in mentors] for mentee in mentees], dtype=np.int16
    ).reshape(len(mentees), len(mentors))
    for mentee_row, mentee in enumerate(mentees):
        for mentor_col, mentor in enumerate(mentors):
            if mentee.person_id == mentor.person_id:
                form_index[mentee_row, mentor_col] = -1

    if preferences:
        mentee_row_of = {m.person_id: i for i, m in enumerate(mentees)}
        mentor_col_of = {m.person_id: j for j, m in enumerate(mentors)}
        for (chooser, chosen), rank in preferences.items():
            bonus = PREFERENCE_SCORES.get(rank, 0.0)
            if chooser in mentee_row_of and chosen in mentor_col_of:
                scores[mentee_row_of[chooser], mentor_col_of[chosen]] += bonus
            elif chooser in mentor_col_of and chosen in mentee_row_of:
                scores[mentee_row_of[chosen], mentor_col_of[chooser]] += bonus
    return scores, form_index


def match(
    mentors: Sequence[MentorCandidate],
    mentees: Sequence[MenteeCandidate],
    forms: Sequence[FormRule],
    preferences: dict[tuple[int, int], int] | None = None,
) -> Proposal:
    """The optimal assignment of mentees to the mentors' free places, with the reasons for each pair."""
    preferences = preferences or {}
    mentors = [m for m in mentors if m.free_places > 0]
    if not mentors or not mentees:
        return Proposal(pairs=[], unmatched=list(mentees))
    scores, form_index = score_matrix(mentors, mentees, forms, preferences)
    slot_owner = np.repeat(np.arange(len(mentors)), [m.free_places for m in mentors])
    slot_scores = scores[:, slot_owner]
    slot_allowed = form_index[:, slot_owner] >= 0
    cost = np.where(slot_allowed, -slot_scores, FORBIDDEN)
    rows, slots = linear_sum_assignment(cost)

    pairs, matched = [], set()
    for row, slot in zip(rows, slots, strict=True):
        if not slot_allowed[row, slot]:
            continue
        mentor_col = slot_owner[slot]
        mentor, mentee = mentors[mentor_col], mentees[row]
        form = forms[form_index[row, mentor_col]]
        pairs.append(
            ProposedPair(
                mentor=mentor,
                mentee=mentee,
                form=form,
                score=round(float(scores[row, mentor_col]), 1),
                reasons=explain(mentor, mentee, form, preferences),
            )
        )
        matched.add(row)
    pairs.sort(key=lambda pair: (pair.mentee.name, pair.mentor.name))
    unmatched = [mentee for row, mentee in enumerate(mentees) if row not in matched]
    return Proposal(pairs=pairs, unmatched=unmatched)


def explain(
    mentor: MentorCandidate, mentee: MenteeCandidate, form: FormRule, preferences: dict[tuple[int, int], int]
) -> list[str]:
    """Why these two were put together, in the curator's words."""
    reasons = [f"форма «{form.name}»"]
    common = sorted(mentor.tags & mentee.tags)
    if common:
        reasons.append("общие темы: " + ", ".join(common))
    elif mentee.tags:
        reasons.append("запросы наставляемого не совпали с компетенциями наставника")
    mentee_rank = preferences.get((mentee.person_id, mentor.person_id))
    if mentee_rank:
        reasons.append(f"наставляемый назвал этого наставника {mentee_rank}-м в своём выборе")
    mentor_rank = preferences.get((mentor.person_id, mentee.person_id))
    if mentor_rank:
        reasons.append(f"наставник назвал этого наставляемого {mentor_rank}-м в своём выборе")
    return reasons
