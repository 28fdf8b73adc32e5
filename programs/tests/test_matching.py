"""Matching: the optimal assignment beats greedy, capacities hold, reasons are given."""

import pytest

from programs.matching import FormRule, MenteeCandidate, MentorCandidate, match, score_matrix

TEACHER_PUPIL = FormRule(1, "учитель – ученик", frozenset({"teacher"}), frozenset({"pupil"}))


def mentor(pid, tags, places=1, category="teacher"):
    return MentorCandidate(pid, f"Наставник {pid}", category, frozenset(tags), places)


def mentee(pid, tags, category="pupil"):
    return MenteeCandidate(pid, f"Ученик {pid}", category, frozenset(tags))


def assignment(proposal):
    return {pair.mentee.person_id: pair.mentor.person_id for pair in proposal.pairs}


def greedy(mentors, mentees):
    """Best remaining combination first — what a hurried curator would do."""
    free = {m.person_id: m.free_places for m in mentors}
    scored = sorted(
        (
            (len(me.tags & mr.tags) / max(len(me.tags), 1), me.person_id, mr.person_id)
            for me in mentees
            for mr in mentors
        ),
        reverse=True,
    )
    taken, result = set(), {}
    for _score, mentee_id, mentor_id in scored:
        if mentee_id not in taken and free[mentor_id] > 0:
            result[mentee_id] = mentor_id
            taken.add(mentee_id)
            free[mentor_id] -= 1
    return result


def test_optimal_assignment_beats_greedy_with_capacities():
    # Pupil 1 asks for ten topics: mentor A covers 9, mentor B 8. Pupil 2 asks for five: A covers 4, B none.
    # Greedy takes the best single match first (pupil 1 with A) and leaves pupil 2 with B, who covers
    # nothing of his; the optimum gives pupil 1 to B and pupil 2 to A.
    first_topics = [f"тема {i}" for i in range(10)]
    second_topics = [f"вопрос {i}" for i in range(5)]
    mentor_a = mentor(10, {*first_topics[:9], *second_topics[:4]}, places=1)
    mentor_b = mentor(20, set(first_topics[:8]), places=1)
    mentees = [mentee(1, first_topics), mentee(2, second_topics)]
    greedy_result = greedy([mentor_a, mentor_b], mentees)
    proposal = match([mentor_a, mentor_b], mentees, [TEACHER_PUPIL])
    assert greedy_result == {1: 10, 2: 20}
    assert assignment(proposal) == {1: 20, 2: 10}

    scores, _ = score_matrix([mentor_a, mentor_b], mentees, [TEACHER_PUPIL], {})
    column = {10: 0, 20: 1}
    greedy_total = sum(scores[pupil - 1, column[mentor_id]] for pupil, mentor_id in greedy_result.items())
    assert proposal.total_score == pytest.approx(scores[0, 1] + scores[1, 0], abs=0.1)
    assert proposal.total_score > greedy_total + 30


def test_a_mentor_with_several_places_takes_several_mentees():
    proposal = match([mentor(10, {"спорт"}, places=3)], [mentee(i, {"спорт"}) for i in (1, 2, 3)], [TEACHER_PUPIL])
    assert assignment(proposal) == {1: 10, 2: 10, 3: 10}


def test_capacity_is_respected_and_the_rest_need_support():
    mentors = [mentor(10, {"спорт"}, places=2)]
    mentees = [mentee(i, {"спорт"}) for i in range(1, 5)]
    proposal = match(mentors, mentees, [TEACHER_PUPIL])
    assert len(proposal.pairs) == 2
    assert len(proposal.unmatched) == 2


def test_combinations_no_form_allows_are_never_proposed():
    mentors = [mentor(10, {"спорт"}, category="pupil")]
    mentees = [mentee(1, {"спорт"})]
    proposal = match(mentors, mentees, [TEACHER_PUPIL])
    assert proposal.pairs == []
    assert [m.person_id for m in proposal.unmatched] == [1]


def test_preferences_after_the_group_meeting_tip_the_balance():
    mentors = [mentor(10, {"спорт"}), mentor(20, {"спорт"})]
    mentees = [mentee(1, {"спорт"})]
    proposal = match(mentors, mentees, [TEACHER_PUPIL], preferences={(1, 20): 1})
    assert assignment(proposal) == {1: 20}
    assert any("1-м в своём выборе" in reason for reason in proposal.pairs[0].reasons)


def test_reasons_name_the_common_topics_and_the_form():
    proposal = match([mentor(10, {"робототехника", "спорт"})], [mentee(1, {"робототехника"})], [TEACHER_PUPIL])
    reasons = proposal.pairs[0].reasons
    assert "форма «учитель – ученик»" in reasons
    assert "общие темы: робототехника" in reasons


def test_serving_more_mentees_comes_before_a_higher_score():
    # Mentor 10 fits both pupils perfectly; mentor 20 fits pupil 2 weakly.
    # Best score alone would not matter: both pupils must be served.
    mentors = [mentor(10, {"a", "b"}), mentor(20, {"z"})]
    mentees = [mentee(1, {"a", "b"}), mentee(2, {"a"})]
    proposal = match(mentors, mentees, [TEACHER_PUPIL])
    assert len(proposal.pairs) == 2
