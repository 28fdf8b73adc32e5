"""The demo school's programs: four forms, a roadmap in progress with an overdue activity, and
about sixty pairs in every state with meetings and development plans.

Runs after the banks (people.demo_banks); does nothing when the school already has programs,
so a second ``seed_demo`` changes nothing.
"""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from mentorship.academic_year import AcademicYear
from people.models import Consent, MenteeProfile, Organization, Person, User
from programs.matching_service import matching_pool, pool_proposal
from programs.models import Meeting, MentoringForm, Order, Pair, PairMember, Program, RoadmapActivity
from programs.orders import order_create, order_sign
from programs.services import (
    meeting_log,
    pair_activate,
    pair_complete,
    pair_create,
    pair_terminate,
    plan_goal_add,
    plan_task_add,
    plan_task_set_status,
    practice_case_create,
    program_create,
    program_status_change,
    program_title_for,
    roadmap_activity_set_status,
)

PROGRAM_FORMS = ("teacher-pupil", "pupil-pupil", "teacher-teacher", "employer-pupil")
# The activity left undone after its deadline, so the roadmap shows an overdue item.
OVERDUE_ACTIVITY = "Информирование родителей, педагогов, обучающихся"
TOPICS = (
    "Знакомство, ожидания и правила работы пары",
    "Постановка целей на четверть",
    "Разбор олимпиадных задач",
    "Подготовка проекта к школьной конференции",
    "Обсуждение трудностей в учёбе",
    "Профориентационная беседа",
    "Подведение итогов месяца",
)
GOALS = (
    (
        "Повысить успеваемость по математике",
        ("Решить 20 задач из сборника", "Написать пробную работу", "Разобрать ошибки пробной работы"),
    ),
    (
        "Подготовить проект к конференции",
        ("Выбрать тему проекта", "Составить план исследования", "Подготовить презентацию"),
    ),
    ("Освоиться в коллективе", ("Вступить в школьный кружок", "Выступить на классном часе")),
)


def _year_day(year: AcademicYear, offset_days: int, today: dt.date) -> dt.date:
    return min(year.start + dt.timedelta(days=offset_days), today)


def _roadmap_in_progress(program: Program, today: dt.date, *, leave_overdue: bool) -> None:
    """Everything due a week ago is done, except (if asked) one activity that is now overdue."""
    activities = RoadmapActivity.objects.filter(stage__program=program, deadline__lt=today - dt.timedelta(days=7))
    if leave_overdue:
        activities = activities.exclude(title__startswith=OVERDUE_ACTIVITY)
    for activity in activities:
        roadmap_activity_set_status(
            activity=activity, status=RoadmapActivity.Status.DONE, completed_on=activity.deadline
        )


def _demo_mentor_pairs(program: Program, mentor_users: list[User], starts_on: dt.date) -> list[Pair]:
    """The demo mentors get pupils first, so their workspace is never empty."""
    form = program.forms.first()
    waiting = list(
        MenteeProfile.objects.filter(
            person__organization=program.organization,
            person__category=Person.Category.PUPIL,
            status=MenteeProfile.Status.WAITING,
        )
        .filter(Exists(Consent.objects.filter(Consent.valid_on_q(timezone.localdate()), person=OuterRef("person"))))
        .select_related("person")
        .order_by("person__school_class", "person__last_name")[:2]
    )
    pairs = []
    for user, mentees in zip(mentor_users, ([w] for w in waiting), strict=False):
        if user.person_id is None or not mentees:
            continue
        pairs.append(
            pair_create(
                program=program,
                form=form,
                mentors=[user.person],
                mentees=[profile.person for profile in mentees],
                starts_on=starts_on,
                planned_end_on=program.ends_on,
                goals="Повышение учебной мотивации и подготовка к олимпиадам",
            )
        )
    return pairs


def _meetings(pair: Pair, today: dt.date, *, quiet: bool, rng: random.Random, user: User | None) -> int:
    """Meetings every two weeks from the start; a quiet pair stopped meeting over a month ago."""
    members = [member.person_id for member in pair.members.all()]
    last = today - dt.timedelta(days=35 if quiet else rng.randint(1, 10))
    kinds = [Meeting.Kind.FIRST, Meeting.Kind.TRIAL, Meeting.Kind.PLANNING]
    day, count = pair.starts_on + dt.timedelta(days=3), 0
    while day <= last:
        kind = kinds[count] if count < len(kinds) else Meeting.Kind.REGULAR
        meeting_log(
            pair=pair,
            held_on=day,
            topic=TOPICS[count % len(TOPICS)],
            kind=kind,
            notes="Договорились о следующих шагах." if count else "Познакомились, обсудили ожидания.",
            attendee_ids=members,
            logged_by=user,
        )
        count += 1
        day += dt.timedelta(days=14)
    return count


def _plan(pair: Pair, today: dt.date, rng: random.Random) -> None:
    for member in pair.members.filter(role=PairMember.Role.MENTEE).select_related("person"):
        title, tasks = rng.choice(GOALS)
        goal = plan_goal_add(pair=pair, mentee=member.person, title=title)
        for index, task_title in enumerate(tasks):
            task = plan_task_add(goal=goal, title=task_title, deadline=today + dt.timedelta(days=14 * index - 7))
            if index == 0:
                plan_task_set_status(
                    task=task, status="done", done_on=min(today, pair.starts_on + dt.timedelta(days=20))
                )


@transaction.atomic
def demo_programs_seed(
    *, organization: Organization, principal: User, curator: User, mentor_users: list[User], seed: int = 2025
) -> dict[str, int]:
    """Programs, roadmap, pairs in every state, an order signed and one awaiting signature."""
    if Program.objects.filter(organization=organization).exists():
        return {"programs": 0, "pairs": 0, "meetings": 0}
    rng = random.Random(seed)
    today = timezone.localdate()
    year = AcademicYear.current()
    forms = {form.code: form for form in MentoringForm.objects.filter(code__in=PROGRAM_FORMS)}
    programs = []
    for code in PROGRAM_FORMS:
        program = program_create(
            organization=organization,
            title=program_title_for(forms[code], year),
            year=year,
            forms=[forms[code]],
            curator=curator,
            ends_on=dt.date(year.start_year + 1, 5, 31),
        )
        program_status_change(program=program, status=Program.Status.APPROVED)
        program_status_change(program=program, status=Program.Status.RUNNING)
        programs.append(program)
    for program in programs:
        _roadmap_in_progress(program, today, leave_overdue=program is programs[0])

    pair_start = _year_day(year, 30, today)
    demo_pairs = _demo_mentor_pairs(programs[0], mentor_users, pair_start)
    matched: dict[Program, list[Pair]] = {program: [] for program in programs}
    matched[programs[0]] += demo_pairs
    # Scarce mentors first: teachers and partners' employees are also wanted by «учитель – ученик».
    by_code = dict(zip(PROGRAM_FORMS, programs, strict=True))
    for code in ("teacher-teacher", "employer-pupil", "pupil-pupil", "teacher-pupil"):
        program = by_code[code]
        proposal = pool_proposal(matching_pool(program, today=today))
        for proposed in proposal.pairs:
            pair = pair_create(
                program=program,
                form=program.forms.first(),
                mentors=[Person.objects.get(pk=proposed.mentor.person_id)],
                mentees=[Person.objects.get(pk=proposed.mentee.person_id)],
                starts_on=pair_start,
                planned_end_on=program.ends_on,
                goals="; ".join(proposed.reasons),
            )
            matched[program].append(pair)

    # The principal's order approved the pairs of three programs (all but the last four formed
    # for «учитель – ученик», still forming); the employers' pairs wait for the next order.
    signed_programs = [by_code[code] for code in ("teacher-pupil", "pupil-pupil", "teacher-teacher")]
    matched[by_code["teacher-pupil"]], _still_forming = (
        matched[by_code["teacher-pupil"]][:-4],
        matched[by_code["teacher-pupil"]][-4:],
    )
    for program in signed_programs:
        if not matched[program]:
            continue
        order = order_create(
            organization=organization,
            kind=Order.Kind.PAIRS_APPROVAL,
            created_by=curator,
            program=program,
            pairs=matched[program],
        )
        order_sign(order=order, user=principal, issued_on=_year_day(year, 32, today))
    if matched[by_code["employer-pupil"]]:
        order_create(
            organization=organization,
            kind=Order.Kind.PAIRS_APPROVAL,
            created_by=curator,
            program=by_code["employer-pupil"],
            pairs=matched[by_code["employer-pupil"]],
        )

    meetings = 0
    demo_pair_ids = {pair.pk for pair in demo_pairs}
    approved = [pair for program in signed_programs for pair in matched[program]]
    for index, pair in enumerate(approved):
        pair.refresh_from_db()
        if index % 12 == 5 and pair.pk not in demo_pair_ids:
            continue  # stays «утверждена»: the work has not started
        pair_activate(pair=pair)
        quiet = index % 9 == 4 and pair.pk not in demo_pair_ids
        user = next((u for u in mentor_users if pair.members.filter(person_id=u.person_id).exists()), None)
        meetings += _meetings(pair, today, quiet=quiet, rng=rng, user=user)
        _plan(pair, today, rng)
        if index % 15 == 7 and pair.pk not in demo_pair_ids:
            mentee_ids = list(pair.members.filter(role="mentee").values_list("person_id", flat=True))
            pair_complete(
                pair=pair,
                ended_on=today - dt.timedelta(days=2),
                results="Наставляемый улучшил оценки по профильному предмету и выступил на школьной конференции.",
                feedback="Пара работала слаженно.",
                full_cycle_mentee_ids=mentee_ids,
            )
        elif index % 15 == 11 and pair.pk not in demo_pair_ids:
            pair_terminate(
                pair=pair, ended_on=today - dt.timedelta(days=5), reason="Наставляемый перешёл в другую школу."
            )
    completed = Pair.objects.filter(program__organization=organization, status=Pair.Status.COMPLETED).first()
    if completed:
        practice_case_create(
            program=completed.program,
            pair=completed,
            title="Подготовка к олимпиаде в паре «учитель – ученик»",
            description="Еженедельные встречи с разбором задач прошлых лет помогли наставляемому пройти на муниципальный этап.",
        )
    return {
        "programs": len(programs),
        "pairs": Pair.objects.filter(program__organization=organization).count(),
        "meetings": meetings,
    }
