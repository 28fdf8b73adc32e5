"""Everything that writes programs, roadmaps and pairs; the pairing rules live here, in one place."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from mentorship.academic_year import AcademicYear
from people.models import Consent, MenteeProfile, MentorProfile, Organization, Person, User
from people.roles import Role
from people.services import MENTOR_APPROVED_STATUSES
from programs.models import (
    MatchPreference,
    Meeting,
    MentoringForm,
    MentoringType,
    Nomination,
    Pair,
    PairMember,
    PlanGoal,
    PlanTask,
    PracticeCase,
    Program,
    RoadmapActivity,
    RoadmapStage,
    RoleModel,
)
from programs.roadmap_template import STAGES

MARK_FIELDS = {
    MentoringForm.MenteeMark.DISABILITY: "has_disability",
    MentoringForm.MenteeMark.AT_RISK: "is_at_risk",
    MentoringForm.MenteeMark.GIFTED: "is_gifted",
}


@dataclass(frozen=True)
class PairingViolation:
    """One broken pairing rule: who broke it, which rule (a code for tests), and what to tell the curator."""

    rule: str
    message: str
    person: Person | None = None

    def __str__(self):
        return self.message


def _names(people: Sequence[Person]) -> str:
    return ", ".join(person.full_name for person in people)


def pair_violations(
    *,
    program: Program,
    form: MentoringForm,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    role_model: RoleModel | None = None,
    on: dt.date | None = None,
    exclude_pair: Pair | None = None,
) -> list[PairingViolation]:
    """Every rule a would-be pair or group breaks; an empty list means it may be formed."""
    on = on or timezone.localdate()
    violations: list[PairingViolation] = []

    def add(rule: str, message: str, person: Person | None = None) -> None:
        violations.append(PairingViolation(rule=rule, message=message, person=person))

    if not mentors:
        add("no_mentor", "В паре (группе) должен быть хотя бы один наставник.")
    if not mentees:
        add("no_mentee", "В паре (группе) должен быть хотя бы один наставляемый.")
    if program.status == Program.Status.COMPLETED:
        add("program_completed", f"Программа «{program}» завершена: новые пары в неё не включаются.")
    program_form_ids = set(program.forms.values_list("pk", flat=True))
    if program_form_ids and form.pk not in program_form_ids and form.variation_of_id not in program_form_ids:
        add("form_not_in_program", f"Форма «{form}» не предусмотрена программой «{program}».")
    if role_model is not None and role_model.form_id not in (form.pk, form.variation_of_id):
        add("role_model_not_in_form", f"Ролевая модель «{role_model}» не относится к форме «{form}».")

    for person in set(mentors) & set(mentees):
        add("self_mentoring", f"{person.full_name} не может быть наставником самому себе.", person)

    everyone = list(dict.fromkeys([*mentors, *mentees]))
    valid_consent_ids = set(
        Consent.objects.filter(Consent.valid_on_q(on), person__in=everyone).values_list("person_id", flat=True)
    )
    for person in everyone:
        if person.organization_id != program.organization_id:
            add("other_organization", f"{person.full_name} не относится к организации программы.", person)
        if person.is_archived:
            add("archived", f"{person.full_name} в архиве и не может быть включён в пару.", person)
        if person.pk not in valid_consent_ids:
            who_signs = "законного представителя" if person.is_minor(on) else "участника"
            add(
                "no_consent",
                f"{person.full_name}: нет действующего согласия на обработку персональных данных "
                f"(нужно согласие {who_signs}).",
                person,
            )

    for mentor in mentors:
        if mentor.category not in form.mentor_categories:
            add(
                "mentor_form_mismatch",
                f"{mentor.full_name} ({mentor.get_category_display()}) не может быть наставником в форме «{form}».",
                mentor,
            )
        profile = getattr(mentor, "mentor_profile", None)
        if profile is None:
            add("mentor_not_in_bank", f"{mentor.full_name} не внесён(а) в банк наставников.", mentor)
        elif profile.status not in MENTOR_APPROVED_STATUSES:
            add(
                "mentor_not_approved",
                f"{mentor.full_name} не одобрен(а) как наставник (статус в банке: «{profile.get_status_display()}»).",
                mentor,
            )
    for mentee in mentees:
        if mentee.category not in form.mentee_categories:
            add(
                "mentee_form_mismatch",
                f"{mentee.full_name} ({mentee.get_category_display()}) не может быть наставляемым в форме «{form}».",
                mentee,
            )
        if (
            role_model is not None
            and role_model.mentee_mark
            and not getattr(mentee, MARK_FIELDS[role_model.mentee_mark])
        ):
            add(
                "mentee_mark_missing",
                f"Ролевая модель «{role_model}» требует наставляемого с отметкой "
                f"«{role_model.get_mentee_mark_display()}», у {mentee.full_name} её нет.",
                mentee,
            )
        profile = getattr(mentee, "mentee_profile", None)
        if profile is None:
            add("mentee_not_in_bank", f"{mentee.full_name} не внесён(а) в банк наставляемых.", mentee)
        elif profile.status in (MenteeProfile.Status.LEFT, MenteeProfile.Status.COMPLETED):
            add(
                "mentee_not_waiting",
                f"{mentee.full_name}: в банке наставляемых статус «{profile.get_status_display()}».",
                mentee,
            )

    open_pairs = Pair.objects.filter(status__in=Pair.OPEN_STATUSES)
    if exclude_pair is not None:
        open_pairs = open_pairs.exclude(pk=exclude_pair.pk)
    mentee_load = _mentee_load(mentors, open_pairs)
    for mentor in mentors:
        profile = getattr(mentor, "mentor_profile", None)
        if profile is None:
            continue
        load = mentee_load.get(mentor.pk, 0) + len(mentees)
        if load > profile.capacity:
            add(
                "capacity_exceeded",
                f"{mentor.full_name}: превышена наибольшая нагрузка наставника — {profile.capacity}, "
                f"а с этой парой будет {load}.",
                mentor,
            )

    duplicates = (
        open_pairs.filter(program=program)
        .filter(members__person__in=mentors, members__role=PairMember.Role.MENTOR)
        .filter(Q(pk__in=PairMember.objects.filter(person__in=mentees, role=PairMember.Role.MENTEE).values("pair")))
        .distinct()
    )
    for duplicate in duplicates:
        add(
            "duplicate_pair",
            f"В программе «{program}» уже есть действующая пара (группа) № {duplicate.pk} "
            f"с этими участниками: {_names([*mentors, *mentees])}.",
        )
    return violations


def _mentee_load(mentors: Sequence[Person], open_pairs) -> dict[int, int]:
    """How many mentees each mentor already has in open pairs (two queries for any number)."""
    pairs_of_mentor = list(
        PairMember.objects.filter(pair__in=open_pairs, role=PairMember.Role.MENTOR, person__in=mentors).values_list(
            "person_id", "pair_id"
        )
    )
    mentees_in_pair = dict(
        PairMember.objects.filter(pair_id__in={pair_id for _, pair_id in pairs_of_mentor}, role=PairMember.Role.MENTEE)
        .values("pair_id")
        .annotate(count=Count("pk"))
        .values_list("pair_id", "count")
    )
    load: dict[int, int] = {}
    for mentor_id, pair_id in pairs_of_mentor:
        load[mentor_id] = load.get(mentor_id, 0) + mentees_in_pair.get(pair_id, 0)
    return load


def _raise_if_any(violations: list[PairingViolation]) -> None:
    if violations:
        raise ValidationError([violation.message for violation in violations])


@transaction.atomic
def pair_create(
    *,
    program: Program,
    form: MentoringForm,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    starts_on: dt.date,
    planned_end_on: dt.date,
    role_model: RoleModel | None = None,
    goals: str = "",
) -> Pair:
    """Form a pair or group after checking every pairing rule; the mentees leave the waiting list."""
    mentors, mentees = list(dict.fromkeys(mentors)), list(dict.fromkeys(mentees))
    # Lock the mentors' bank records so two curators cannot both take a mentor's last free place.
    MentorProfile.objects.select_for_update().filter(person__in=mentors).exists()
    _raise_if_any(pair_violations(program=program, form=form, role_model=role_model, mentors=mentors, mentees=mentees))
    pair = Pair(
        program=program,
        form=form,
        role_model=role_model,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        goals=goals,
    )
    pair.full_clean()
    pair.save()
    PairMember.objects.bulk_create(
        [PairMember(pair=pair, person=person, role=PairMember.Role.MENTOR) for person in mentors]
        + [PairMember(pair=pair, person=person, role=PairMember.Role.MENTEE) for person in mentees]
    )
    MenteeProfile.objects.filter(person__in=mentees, status=MenteeProfile.Status.WAITING).update(
        status=MenteeProfile.Status.PAIRED
    )
    return pair


@transaction.atomic
def pairs_approve(*, pairs: Sequence[Pair]) -> None:
    """Mark pairs approved (the principal's order «Об утверждении наставнических пар/групп» does this)."""
    for pair in pairs:
        if pair.status != Pair.Status.FORMING:
            raise ValidationError(
                f"{pair}: утвердить можно только формирующуюся пару (статус «{pair.get_status_display()}»)."
            )
    Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).update(status=Pair.Status.APPROVED)


@transaction.atomic
def pair_activate(*, pair: Pair) -> Pair:
    """Start the work of an approved pair."""
    if pair.status != Pair.Status.APPROVED:
        raise ValidationError(f"{pair}: начать работу можно только после утверждения приказом.")
    pair.status = Pair.Status.ACTIVE
    pair.save(update_fields=["status", "updated_at"])
    return pair


@transaction.atomic
def pair_complete(
    *, pair: Pair, ended_on: dt.date, results: str, feedback: str = "", full_cycle_mentee_ids: Sequence[int] = ()
) -> Pair:
    """Close a pair with its results; mentees marked here get «прошёл полный цикл программы»."""
    if pair.status not in (Pair.Status.APPROVED, Pair.Status.ACTIVE):
        raise ValidationError(f"{pair}: завершить можно утверждённую или действующую пару.")
    if not results.strip():
        raise ValidationError({"results": "Опишите результаты работы пары."})
    if ended_on < pair.starts_on:
        raise ValidationError({"ended_on": "Дата окончания раньше начала работы пары."})
    pair.status = Pair.Status.COMPLETED
    pair.ended_on = ended_on
    pair.results = results
    pair.feedback = feedback
    pair.save()
    mentee_members = pair.members.filter(role=PairMember.Role.MENTEE)
    unknown = set(full_cycle_mentee_ids) - set(mentee_members.values_list("person_id", flat=True))
    if unknown:
        raise ValidationError("Отметить полный цикл можно только наставляемых этой пары.")
    mentee_members.filter(person_id__in=full_cycle_mentee_ids).update(full_cycle=True)
    MenteeProfile.objects.filter(person_id__in=full_cycle_mentee_ids).update(
        status=MenteeProfile.Status.COMPLETED, full_cycle_completed_on=ended_on
    )
    return pair


@transaction.atomic
def pair_terminate(*, pair: Pair, ended_on: dt.date, reason: str) -> Pair:
    """Stop a pair early with a reason; its mentees go back to waiting for a mentor."""
    if pair.status not in Pair.OPEN_STATUSES:
        raise ValidationError(f"{pair} уже закрыта.")
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину досрочного прекращения."})
    pair.status = Pair.Status.TERMINATED
    pair.ended_on = ended_on
    pair.termination_reason = reason
    pair.save()
    mentee_ids = pair.members.filter(role=PairMember.Role.MENTEE).values("person_id")
    still_paired = PairMember.objects.filter(role=PairMember.Role.MENTEE, pair__status__in=Pair.OPEN_STATUSES).values(
        "person_id"
    )
    MenteeProfile.objects.filter(person_id__in=mentee_ids, status=MenteeProfile.Status.PAIRED).exclude(
        person_id__in=still_paired
    ).update(status=MenteeProfile.Status.WAITING)
    return pair


# --- Programs and their roadmap -----------------------------------------------------------------

PROGRAM_TRANSITIONS = {
    Program.Status.DRAFT: {Program.Status.APPROVED},
    Program.Status.APPROVED: {Program.Status.RUNNING, Program.Status.DRAFT},
    Program.Status.RUNNING: {Program.Status.COMPLETED},
    Program.Status.COMPLETED: set(),
}


@transaction.atomic
def program_create(
    *,
    organization: Organization,
    title: str,
    year: AcademicYear,
    forms: Sequence[MentoringForm],
    curator: User | None = None,
    mentoring_type: str = MentoringType.INDIVIDUAL,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    with_roadmap: bool = True,
    **sections: str,
) -> Program:
    """Create a draft program; empty goal, tasks and results are taken from its first form (seed 001 §4)."""
    if not forms:
        raise ValidationError({"forms": "Выберите хотя бы одну форму наставничества."})
    first_form = forms[0]
    sections.setdefault("goal", "")
    sections.setdefault("tasks", "")
    sections.setdefault("expected_results", "")
    for name, fallback in (
        ("goal", first_form.goal),
        ("tasks", first_form.tasks),
        ("expected_results", first_form.expected_results),
    ):
        if not sections[name].strip():
            sections[name] = fallback
    program = Program(
        organization=organization,
        title=title.strip(),
        year_start=year.start_year,
        starts_on=starts_on or year.start,
        ends_on=ends_on or dt.date(year.start_year + 1, 5, 31),
        mentoring_type=mentoring_type,
        curator=curator,
        **sections,
    )
    if not year.contains(program.starts_on):
        raise ValidationError({"starts_on": f"Начало программы должно приходиться на {year}."})
    program.full_clean()
    program.save()
    program.forms.set(forms)
    if with_roadmap:
        roadmap_create_from_template(program=program)
    return program


def program_title_for(form: MentoringForm, year: AcademicYear) -> str:
    """The usual title of a program built on one form."""
    return f"Программа наставничества по форме «{form.name}» на {year.label} учебный год"


@transaction.atomic
def program_status_change(*, program: Program, status: str) -> Program:
    """Move a program along черновик → утверждена → реализуется → завершена."""
    target = Program.Status(status)
    if target not in PROGRAM_TRANSITIONS[Program.Status(program.status)]:
        raise ValidationError(
            f"Программу «{program}» нельзя перевести из статуса «{program.get_status_display()}» в «{target.label}»."
        )
    if target == Program.Status.COMPLETED and program.pairs.filter(status__in=Pair.OPEN_STATUSES).exists():
        raise ValidationError(
            f"В программе «{program}» остались незакрытые пары: завершите или прекратите их, затем завершите программу."
        )
    program.status = target
    program.save(update_fields=["status", "updated_at"])
    return program


@transaction.atomic
def roadmap_create_from_template(*, program: Program) -> list[RoadmapStage]:
    """Fill the six stages of seed 000 with the activities of seed 003, dated inside the program's year."""
    if program.stages.exists():
        raise ValidationError(f"У программы «{program}» уже есть дорожная карта.")
    year = program.academic_year
    stages = []
    for number, template in enumerate(STAGES, start=1):
        stage = RoadmapStage.objects.create(
            program=program, number=number, title=template.title, description=template.description
        )
        RoadmapActivity.objects.bulk_create(
            RoadmapActivity(
                stage=stage,
                title=activity.title,
                content=activity.content,
                deadline=dt.date(
                    year.start_year if activity.month >= 9 else year.start_year + 1, activity.month, activity.day
                ),
                responsible=activity.responsible,
                order=order,
            )
            for order, activity in enumerate(template.activities)
        )
        stages.append(stage)
    return stages


@transaction.atomic
def roadmap_activity_set_status(
    *, activity: RoadmapActivity, status: str, completed_on: dt.date | None = None
) -> RoadmapActivity:
    """Change an activity's status; «выполнено» needs the date it was done."""
    activity.status = RoadmapActivity.Status(status)
    if activity.status == RoadmapActivity.Status.DONE:
        activity.completed_on = completed_on or timezone.localdate()
        if activity.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "Дата выполнения не может быть в будущем."})
    else:
        activity.completed_on = None
    activity.full_clean()
    activity.save()
    return activity


# --- Meetings and the development plan (kept by the mentor) ------------------------------------


@transaction.atomic
def meeting_log(
    *,
    pair: Pair,
    held_on: dt.date,
    topic: str,
    kind: str = Meeting.Kind.REGULAR,
    format: str = Meeting.Format.IN_PERSON,
    notes: str = "",
    attendee_ids: Sequence[int] = (),
    logged_by: User | None = None,
) -> Meeting:
    """Log a meeting of a working pair; attendees must be members of the pair."""
    _pair_open_check(pair, "новые встречи не вносятся")
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Встреча ещё не состоялась: дата в будущем."})
    if held_on < pair.starts_on:
        raise ValidationError(
            {"held_on": f"Пара начала работу {pair.starts_on:%d.%m.%Y}; встреча не может быть раньше."}
        )
    member_ids = set(pair.members.values_list("person_id", flat=True))
    if set(attendee_ids) - member_ids:
        raise ValidationError({"attendees": "Отметить присутствие можно только участников этой пары."})
    meeting = Meeting(
        pair=pair, held_on=held_on, topic=topic.strip(), kind=kind, format=format, notes=notes, logged_by=logged_by
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendee_ids)
    return meeting


def _pair_open_check(pair: Pair, what: str) -> None:
    """A completed or terminated pair keeps its record as it was closed."""
    if pair.status not in Pair.OPEN_STATUSES:
        raise ValidationError(f"{pair} закрыта: {what}.")


@transaction.atomic
def plan_goal_add(*, pair: Pair, mentee: Person, title: str, description: str = "") -> PlanGoal:
    """Add a goal to a mentee's individual development plan inside the pair."""
    _pair_open_check(pair, "план развития больше не меняется")
    if not pair.members.filter(person=mentee, role=PairMember.Role.MENTEE).exists():
        raise ValidationError(f"{mentee.full_name} не наставляемый в этой паре.")
    goal = PlanGoal(
        pair=pair, mentee=mentee, title=title.strip(), description=description, order=pair.plan_goals.count()
    )
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def plan_task_add(*, goal: PlanGoal, title: str, deadline: dt.date | None = None) -> PlanTask:
    """Add a task with a deadline under a goal of the development plan."""
    _pair_open_check(goal.pair, "план развития больше не меняется")
    task = PlanTask(goal=goal, title=title.strip(), deadline=deadline)
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def plan_task_set_status(*, task: PlanTask, status: str, done_on: dt.date | None = None) -> PlanTask:
    """Change a task's status; a done task gets the date it was done."""
    _pair_open_check(task.goal.pair, "план развития больше не меняется")
    task.status = PlanTask.Status(status)
    task.done_on = (done_on or timezone.localdate()) if task.status == PlanTask.Status.DONE else None
    task.full_clean()
    task.save()
    return task


# --- The curator's pages: programs, roadmap activities, preferences, completion (issue 4) -------

PROGRAM_SECTION_FIELDS = (
    "relevance",
    "goal",
    "tasks",
    "content",
    "target_audience",
    "mentor_requirements",
    "work_plan",
    "expected_results",
    "measurement",
    "conditions",
)
PROGRAM_EDITABLE_FIELDS = ("title", "starts_on", "ends_on", "mentoring_type", "curator", *PROGRAM_SECTION_FIELDS)


@transaction.atomic
def program_update(*, program: Program, forms: Sequence[MentoringForm], **fields) -> Program:
    """Change a program's sections, dates, type, curator and forms; a form its open pairs use stays."""
    unknown = set(fields) - set(PROGRAM_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"program_update: unknown fields {sorted(unknown)}")
    if not forms:
        raise ValidationError({"forms": "Выберите хотя бы одну форму наставничества."})
    for name, value in fields.items():
        setattr(program, name, value.strip() if isinstance(value, str) else value)
    curator = program.curator
    if curator is not None and (
        curator.organization_id != program.organization_id or not curator.has_role(Role.CURATOR)
    ):
        raise ValidationError({"curator": f"{curator} не куратор этой организации."})
    if not program.academic_year.contains(program.starts_on):
        raise ValidationError({"starts_on": f"Начало программы должно приходиться на {program.academic_year}."})
    kept = [form.pk for form in forms]
    still_used = (
        program.pairs.filter(status__in=Pair.OPEN_STATUSES)
        .exclude(Q(form_id__in=kept) | Q(form__variation_of_id__in=kept))
        .select_related("form")
        .order_by("form__name")
    )
    used_names = ", ".join(f"«{name}»" for name in dict.fromkeys(pair.form.name for pair in still_used))
    if used_names:
        raise ValidationError({"forms": f"По формам {used_names} в программе работают пары: их нельзя убрать."})
    program.full_clean()
    program.save()
    program.forms.set(forms)
    return program


def _activity_validate(activity: RoadmapActivity, responsible_people: Sequence[Person]) -> None:
    program = activity.stage.program
    if not program.academic_year.contains(activity.deadline):
        raise ValidationError({"deadline": f"Срок должен приходиться на {program.academic_year}."})
    strangers = [person for person in responsible_people if person.organization_id != program.organization_id]
    if strangers:
        raise ValidationError({"responsible_people": f"{_names(strangers)} не относится к организации программы."})
    activity.full_clean()


@transaction.atomic
def roadmap_activity_create(
    *,
    stage: RoadmapStage,
    title: str,
    deadline: dt.date,
    content: str = "",
    responsible: str = "",
    responsible_people: Sequence[Person] = (),
) -> RoadmapActivity:
    """Add an activity to a roadmap stage, after its last one."""
    last = stage.activities.order_by("-order").values_list("order", flat=True).first()
    activity = RoadmapActivity(
        stage=stage,
        title=title.strip(),
        content=content.strip(),
        deadline=deadline,
        responsible=responsible.strip(),
        order=0 if last is None else last + 1,
    )
    _activity_validate(activity, responsible_people)
    activity.save()
    activity.responsible_people.set(responsible_people)
    return activity


@transaction.atomic
def roadmap_activity_update(
    *,
    activity: RoadmapActivity,
    title: str,
    deadline: dt.date,
    content: str = "",
    responsible: str = "",
    responsible_people: Sequence[Person] = (),
) -> RoadmapActivity:
    """Change what an activity is, by when and who answers for it."""
    activity.title = title.strip()
    activity.content = content.strip()
    activity.deadline = deadline
    activity.responsible = responsible.strip()
    _activity_validate(activity, responsible_people)
    activity.save()
    activity.responsible_people.set(responsible_people)
    return activity


@transaction.atomic
def roadmap_activity_delete(*, activity: RoadmapActivity) -> None:
    """Remove an activity from the roadmap (with its evidence file)."""
    if activity.evidence:
        activity.evidence.delete(save=False)
    activity.delete()


@transaction.atomic
def roadmap_activity_mark(
    *,
    activity: RoadmapActivity,
    status: str,
    completed_on: dt.date | None = None,
    evidence=None,
    evidence_note: str | None = None,
) -> RoadmapActivity:
    """Set an activity's status and its evidence (a file or a note); «выполнено» gets its date."""
    if evidence is not None:
        if activity.evidence:
            activity.evidence.delete(save=False)
        activity.evidence = evidence
    if evidence_note is not None:
        activity.evidence_note = evidence_note.strip()
    return roadmap_activity_set_status(activity=activity, status=status, completed_on=completed_on)


MAX_PREFERENCES = 3


@transaction.atomic
def preference_set(*, program: Program, chooser: Person, ranked_people: Sequence[Person]) -> list[MatchPreference]:
    """Record whom a participant prefers after the group meeting: up to three, the first choice first.

    Replaces what the participant chose before in this program; an empty list clears it.
    """
    ranked = [person for person in ranked_people if person is not None]
    if program.status == Program.Status.COMPLETED:
        raise ValidationError(f"Программа «{program}» завершена: предпочтения больше не вносятся.")
    if len(ranked) > MAX_PREFERENCES:
        raise ValidationError(f"Можно назвать не больше {MAX_PREFERENCES} участников.")
    if len({person.pk for person in ranked}) != len(ranked):
        raise ValidationError("Один и тот же участник назван дважды: каждый выбор должен быть другим.")
    if any(person.pk == chooser.pk for person in ranked):
        raise ValidationError(f"{chooser.full_name} не может выбрать самого себя.")
    strangers = [person for person in [chooser, *ranked] if person.organization_id != program.organization_id]
    if strangers:
        raise ValidationError(f"{_names(strangers)} не относится к организации программы.")
    MatchPreference.objects.filter(program=program, chooser=chooser).delete()
    return MatchPreference.objects.bulk_create(
        MatchPreference(program=program, chooser=chooser, chosen=person, rank=rank)
        for rank, person in enumerate(ranked, start=1)
    )


@transaction.atomic
def nomination_create(
    *, program: Program, kind: str, reason: str, mentor: Person | None = None, pair: Pair | None = None
) -> Nomination:
    """Award «Наставник года» to a mentor of the program or «Лучшая пара» to one of its pairs."""
    kind = Nomination.Kind(kind)
    if not reason.strip():
        raise ValidationError({"reason": "Укажите, за что присуждается номинация."})
    if kind == Nomination.Kind.MENTOR_OF_YEAR:
        pair = None
        if mentor is None:
            raise ValidationError({"mentor": "Выберите наставника."})
        in_program = PairMember.objects.filter(pair__program=program, person=mentor, role=PairMember.Role.MENTOR)
        if not in_program.exists():
            raise ValidationError({"mentor": f"{mentor.full_name} не был(а) наставником в программе «{program}»."})
        if program.nominations.filter(kind=kind, mentor=mentor).exists():
            raise ValidationError({"mentor": f"{mentor.full_name} уже в номинации «{kind.label}»."})
    else:
        mentor = None
        if pair is None:
            raise ValidationError({"pair": "Выберите пару."})
        if pair.program_id != program.pk:
            raise ValidationError({"pair": f"{pair} не относится к программе «{program}»."})
        if pair.status == Pair.Status.TERMINATED:
            raise ValidationError({"pair": f"{pair} прекращена досрочно."})
        if program.nominations.filter(kind=kind, pair=pair).exists():
            raise ValidationError({"pair": f"{pair} уже в номинации «{kind.label}»."})
    nomination = Nomination(program=program, kind=kind, mentor=mentor, pair=pair, reason=reason.strip())
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def nomination_delete(*, nomination: Nomination) -> None:
    """Withdraw a nomination."""
    nomination.delete()


@transaction.atomic
def practice_case_create(*, program: Program, title: str, description: str, pair: Pair | None = None) -> PracticeCase:
    """Describe a best-practice case of the program, optionally of one of its pairs."""
    if pair is not None and pair.program_id != program.pk:
        raise ValidationError({"pair": f"{pair} не относится к программе «{program}»."})
    case = PracticeCase(program=program, pair=pair, title=title.strip(), description=description.strip())
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def practice_case_delete(*, case: PracticeCase) -> None:
    """Remove a best-practice case."""
    case.delete()
