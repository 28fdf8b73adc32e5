"""Benchmark: matching 1,000 mentees with 300 mentors of capacity 1–5 (target: under 2 s).

Run: .venv/bin/python -m benchmarks.matching
"""

import random
import time

from programs.matching import FormRule, MenteeCandidate, MentorCandidate, match

TOPICS = [
    "олимпиадная математика", "проектная деятельность", "профориентация", "адаптация в коллективе",
    "методика преподавания", "подготовка к ОГЭ", "подготовка к ЕГЭ", "робототехника", "программирование",
    "публичные выступления", "классное руководство", "цифровые ресурсы", "спорт", "волонтёрство",
    "финансовая грамотность", "химия", "биология", "история", "английский язык", "литература",
]  # fmt: skip
FORMS = [
    FormRule(1, "учитель – ученик", frozenset({"teacher"}), frozenset({"pupil"})),
    FormRule(2, "ученик – ученик", frozenset({"pupil"}), frozenset({"pupil"})),
    FormRule(3, "работодатель – ученик", frozenset({"employer"}), frozenset({"pupil"})),
    FormRule(4, "учитель – учитель", frozenset({"teacher"}), frozenset({"teacher"})),
]


def generate(rng: random.Random, mentors_count: int = 300, mentees_count: int = 1000):
    mentors = [
        MentorCandidate(
            person_id=i,
            name=f"Наставник {i}",
            category=rng.choice(["teacher"] * 6 + ["pupil"] * 3 + ["employer"]),
            tags=frozenset(rng.sample(TOPICS, rng.randint(2, 6))),
            free_places=rng.randint(1, 5),
        )
        for i in range(mentors_count)
    ]
    mentees = [
        MenteeCandidate(
            person_id=10_000 + i,
            name=f"Наставляемый {i}",
            category="teacher" if rng.random() < 0.05 else "pupil",
            tags=frozenset(rng.sample(TOPICS, rng.randint(1, 3))),
        )
        for i in range(mentees_count)
    ]
    preferences = {}
    for mentee in rng.sample(mentees, 300):
        for rank, chosen in enumerate(rng.sample(mentors, 3), start=1):
            preferences[(mentee.person_id, chosen.person_id)] = rank
    return mentors, mentees, preferences


def main() -> None:
    mentors, mentees, preferences = generate(random.Random(7))
    places = sum(m.free_places for m in mentors)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        proposal = match(mentors, mentees, FORMS, preferences)
        best = min(best, time.perf_counter() - started)
    print(
        f"matching: {len(mentees)} mentees × {len(mentors)} mentors ({places} places): "
        f"best of 3 = {best:.3f} s (target < 2 s); matched {len(proposal.pairs)}, unmatched {len(proposal.unmatched)}, "
        f"total score {proposal.total_score:.0f}"
    )


if __name__ == "__main__":
    main()
