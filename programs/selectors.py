"""Everything that reads programs and pairs for a page, scoped to what the user may see."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from mentorship.russian import format_count
from people import personal_data
from people.models import Consent, MenteeProfile, Person, User
from people.roles import Role
from people.services import MENTOR_APPROVED_STATUSES
from programs.models import (
    MatchPreference,
    Meeting,
    MentoringForm,
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

INACTIVITY_DAYS = 30
PROGRAM_KEEPERS = (Role.CURATOR, Role.PRINCIPAL)


def programs_visible_to(user: User) -> QuerySet[Program]:
    """Programs of the user's organization for the curator and the principal."""
    if not user.is_authenticated or not user.has_role(*PROGRAM_KEEPERS):
        return Program.objects.none()
    return (
        Program.objects.filter(organization_id=user.organization_id)
        .select_related("curator")
        .prefetch_related("forms")
        .annotate(
            pairs_total=Count("pairs", distinct=True),
            pairs_open=Count("pairs", filter=Q(pairs__status__in=Pair.OPEN_STATUSES), distinct=True),
        )
    )


def program_get_visible(user: User, program_id: int) -> Program:
    try:
        return programs_visible_to(user).get(pk=program_id)
    except Program.DoesNotExist:
        raise Http404("Программа не найдена") from None


def _consent_problem(today: dt.date) -> Exists:
    """A member of the pair has no consent valid today (e.g. it was revoked)."""
    valid = Consent.objects.filter(Consent.valid_on_q(today), person=OuterRef("person"))
    return Exists(PairMember.objects.filter(pair=OuterRef("pk")).exclude(Exists(valid)))


def pairs_visible_to(user: User) -> QuerySet[Pair]:
    """Pairs the user may see: the organization's for curator and principal, his own for a mentor.

    Each pair carries ``consent_problem`` (someone lacks a valid consent) and ``last_meeting_on``.
    """
    if not user.is_authenticated:
        return Pair.objects.none()
    if user.has_role(*PROGRAM_KEEPERS):
        pairs = Pair.objects.filter(program__organization_id=user.organization_id)
    elif user.has_role(Role.MENTOR) and user.person_id is not None:
        pairs = Pair.objects.filter(
            program__organization_id=user.organization_id,
            members__person_id=user.person_id,
            members__role=PairMember.Role.MENTOR,
        )
    else:
        return Pair.objects.none()
    today = timezone.localdate()
    return (
        pairs.select_related("program", "form", "role_model")
        .prefetch_related(
            Prefetch(
                "members", queryset=PairMember.objects.select_related("person").order_by("role", "person__last_name")
            )
        )
        .annotate(consent_problem=_consent_problem(today), last_meeting_on=Max("meetings__held_on"))
        .distinct()
    )


def pair_get_visible(user: User, pair_id: int) -> Pair:
    """One pair the user may see, or 404 — a mentor asking for another pair gets «not found»."""
    try:
        return pairs_visible_to(user).get(pk=pair_id)
    except Pair.DoesNotExist:
        raise Http404("Пара не найдена") from None


def _inactive_q(today: dt.date | None) -> Q:
    """A working pair with no meeting logged for 30 days (counted from the start if none at all); over rows
    that carry ``last_meeting_on``."""
    since = (today or timezone.localdate()) - dt.timedelta(days=INACTIVITY_DAYS)
    return Q(status__in=(Pair.Status.APPROVED, Pair.Status.ACTIVE), starts_on__lt=since) & (
        Q(last_meeting_on__isnull=True) | Q(last_meeting_on__lt=since)
    )


def pairs_inactive(pairs: QuerySet[Pair], today: dt.date | None = None) -> QuerySet[Pair]:
    """Working pairs with no meeting logged for 30 days (counted from the start if none at all)."""
    return pairs.filter(_inactive_q(today))


@dataclass(frozen=True)
class StageProgress:
    stage: RoadmapStage
    total: int
    done: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def is_finished(self) -> bool:
        return self.total == self.done


def roadmap_progress(program: Program, today: dt.date | None = None) -> list[StageProgress]:
    """Per stage: activities in all, done (or cancelled), and overdue — in one query."""
    today = today or timezone.localdate()
    closed = Q(activities__status__in=(RoadmapActivity.Status.DONE, RoadmapActivity.Status.CANCELLED))
    open_ = Q(activities__status__in=(RoadmapActivity.Status.PLANNED, RoadmapActivity.Status.IN_PROGRESS))
    stages = program.stages.annotate(
        total=Count("activities"),
        done=Count("activities", filter=closed),
        overdue=Count("activities", filter=open_ & Q(activities__deadline__lt=today)),
    ).order_by("number")
    return [StageProgress(stage=s, total=s.total, done=s.done, overdue=s.overdue) for s in stages]


def roadmap_current_stage(progress: list[StageProgress]) -> StageProgress | None:
    """The first stage with unfinished activities."""
    return next((item for item in progress if not item.is_finished), None)


def roadmap_activities(program: Program) -> QuerySet[RoadmapActivity]:
    return (
        RoadmapActivity.objects.filter(stage__program=program)
        .select_related("stage")
        .prefetch_related("responsible_people")
    )


def upcoming_deadlines(user: User, limit: int = 5, today: dt.date | None = None) -> QuerySet[RoadmapActivity]:
    """Open roadmap activities of the user's programs, the overdue and nearest first."""
    today = today or timezone.localdate()
    return (
        RoadmapActivity.objects.filter(
            stage__program__in=programs_visible_to(user).values("pk"),
            status__in=(RoadmapActivity.Status.PLANNED, RoadmapActivity.Status.IN_PROGRESS),
        )
        .select_related("stage__program")
        .order_by("deadline")[:limit]
    )


# --- The mentor's workspace: «Мои пары», the pair page, the home panel, reminders (issue 4) -------

PLAN_TASKS_HORIZON_DAYS = 14
# After the first reminder (the day a pair joins pairs_inactive) the mentor is reminded once a week.
INACTIVITY_REMINDER_INTERVAL_DAYS = 7


def days_without_meeting(pair: Pair, today: dt.date) -> int | None:
    """Days since the last meeting (or since the start when none yet); None before the start."""
    since = pair.last_meeting_on or pair.starts_on
    return None if since > today else (today - since).days


def _mentor_pairs_queryset(user: User) -> QuerySet[Pair] | None:
    """Pairs where the user himself is a mentor (a curator who also mentors sees only these here)."""
    if not user.is_authenticated or not user.has_role(Role.MENTOR) or user.person_id is None:
        return None
    own = PairMember.objects.filter(person_id=user.person_id, role=PairMember.Role.MENTOR).values("pair_id")
    return pairs_visible_to(user).filter(pk__in=own)


def _mark_for_mentor(
    pairs: list[Pair], inactive_ids: set[int], today: dt.date, withdrawn: set[int] | None = None
) -> list[Pair]:
    """People of a pair whose consent is revoked are shown as «Данные участника недоступны» (processing
    stops at once, 152-ФЗ): ``withdrawn_ids`` names them, so the pages drop their plans and attendance.
    ``withdrawn``: those people when the caller has read them already."""
    if withdrawn is None:
        withdrawn = personal_data.withdrawn_ids({m.person_id for pair in pairs for m in pair.members.all()}, today)
    for pair in pairs:
        _mark_people(pair, withdrawn)
        pair.is_open = pair.status in Pair.OPEN_STATUSES
        pair.is_inactive = pair.pk in inactive_ids
        pair.days_without_meeting = days_without_meeting(pair, today)
        pair.days_without_meeting_label = (
            "" if pair.days_without_meeting is None else format_count(pair.days_without_meeting, "день", "дня", "дней")
        )
    return pairs


def _mark_people(pair: Pair, withdrawn: set[int]) -> None:
    """``withdrawn_ids`` of the pair, and its ``mentee_people`` and ``mentor_people`` with a WithdrawnPerson in
    place of each of them."""

    def shown(member):
        return personal_data.WithdrawnPerson(member.person_id) if member.person_id in withdrawn else member.person

    members = list(pair.members.all())
    pair.withdrawn_ids = {m.person_id for m in members} & withdrawn
    pair.mentee_people = [shown(m) for m in members if m.role == PairMember.Role.MENTEE]
    pair.mentor_people = [shown(m) for m in members if m.role == PairMember.Role.MENTOR]


def mentor_pairs(user: User, today: dt.date | None = None) -> list[Pair]:
    """The mentor's pairs and groups, open ones first, each with its people and inactivity (3 queries).

    Each pair carries ``mentee_people``, ``mentor_people``, ``is_open``, ``is_inactive`` (see
    ``pairs_inactive``) and ``days_without_meeting``, besides ``consent_problem`` and ``last_meeting_on``.
    """
    today = today or timezone.localdate()
    queryset = _mentor_pairs_queryset(user)
    if queryset is None:
        return []
    inactive_ids = set(pairs_inactive(queryset, today).values_list("pk", flat=True))
    pairs = sorted(queryset, key=lambda pair: (pair.status not in Pair.OPEN_STATUSES, -pair.starts_on.toordinal()))
    return _mark_for_mentor(pairs, inactive_ids, today)


def mentor_pair_get(user: User, pair_id: int, today: dt.date | None = None) -> Pair:
    """One of the mentor's own pairs, marked as in ``mentor_pairs``, or 404 for anybody else's (2 queries).

    Members get ``contacts_hidden`` when their consent is not valid today; the pair gets
    ``suspended_mentees``: mentees whose personal data may not be processed now.
    """
    today = today or timezone.localdate()
    pair = _own_pair(user, pair_id, today, page=True)
    members = list(pair.members.all())
    withdrawn = {member.person_id for member in members if member.withdrawn}
    _mark_for_mentor([pair], {pair.pk} if pair.is_inactive else set(), today, withdrawn)
    for member in members:
        member.contacts_hidden = not member.has_valid_consent
    pair.member_list = [personal_data.WithdrawnMember(m) if m.person_id in pair.withdrawn_ids else m for m in members]
    pair.suspended_mentees = [
        m.person for m in pair.member_list if m.role == PairMember.Role.MENTEE and m.contacts_hidden
    ]
    return pair


def mentor_pair_for_form(user: User, pair_id: int, today: dt.date | None = None) -> Pair:
    """One of the mentor's own pairs for his forms (a meeting, a goal, a task), or 404 for anybody else's.

    The same rule as ``mentor_pair_get`` in two queries (the pair, its members), without what only the pair
    page shows. The pair carries its members (prefetched, in the pair page's order), ``withdrawn_ids``,
    ``mentee_people`` and ``mentor_people`` as in ``mentor_pairs``.
    """
    today = today or timezone.localdate()
    pair = _own_pair(user, pair_id, today, page=False)
    _mark_people(pair, {member.person_id for member in pair.members.all() if member.withdrawn})
    return pair


def _own_pair(user: User, pair_id: int, today: dt.date, *, page: bool) -> Pair:
    """The pair if the user is one of its mentors in his organization, else 404: the pair, then its members
    with ``withdrawn`` and ``has_valid_consent`` for today. ``page`` adds what the pair page shows: the
    program, form and role model, ``consent_problem``, ``last_meeting_on`` and ``is_inactive``.

    Cheaper than ``pairs_visible_to(user).filter(pk=…)``: an EXISTS over his membership instead of a join
    and DISTINCT, and the members' consent read in their own query, not in three more.
    """
    if not user.is_authenticated or not user.has_role(Role.MENTOR) or user.person_id is None:
        raise Http404("Пара не найдена")
    own = PairMember.objects.filter(pair=OuterRef("pk"), person_id=user.person_id, role=PairMember.Role.MENTOR)
    valid = Consent.objects.filter(Consent.valid_on_q(today), person=OuterRef("person"))
    members = (
        PairMember.objects.select_related("person")
        .annotate(
            withdrawn=ExpressionWrapper(personal_data.consent_withdrawn(today, "person"), BooleanField()),
            has_valid_consent=Exists(valid),
        )
        .order_by("role", "person__last_name")
    )
    pairs = Pair.objects.filter(Exists(own), pk=pair_id, program__organization_id=user.organization_id)
    if page:
        latest = Meeting.objects.filter(pair=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
        pairs = pairs.select_related("program", "form", "role_model").annotate(
            consent_problem=_consent_problem(today), last_meeting_on=Subquery(latest)
        )
        pairs = with_inactivity(pairs, today)
    pair = pairs.prefetch_related(Prefetch("members", queryset=members)).first()
    if pair is None:
        raise Http404("Пара не найдена")
    return pair


def mentor_can_edit(pair: Pair) -> bool:
    """Meetings and the plan are kept while the pair works; a closed pair is read-only."""
    return pair.status in Pair.OPEN_STATUSES


def pair_meetings(pair: Pair) -> QuerySet[Meeting]:
    """The pair's meetings, newest first, with who attended."""
    return pair.meetings.prefetch_related(
        Prefetch("attendees", queryset=Person.objects.order_by("last_name", "first_name"))
    ).select_related("logged_by")


def _open_task_overdue(today: dt.date) -> Case:
    open_statuses = (PlanTask.Status.PLANNED, PlanTask.Status.IN_PROGRESS)
    return Case(
        When(Q(status__in=open_statuses, deadline__lt=today), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def pair_plan_goals(pair: Pair, today: dt.date | None = None) -> QuerySet[PlanGoal]:
    """The development plans of the pair: goals by mentee, each with its tasks (``is_overdue`` marked).

    The shape ``templates/programs/mentor/_plan.html`` expects (it regroups the goals by mentee).
    """
    today = today or timezone.localdate()
    tasks = PlanTask.objects.annotate(is_overdue=_open_task_overdue(today)).order_by(
        F("deadline").asc(nulls_last=True), "pk"
    )
    return (
        pair.plan_goals.select_related("mentee")
        .prefetch_related(Prefetch("tasks", queryset=tasks))
        .order_by("mentee__last_name", "mentee__first_name", "mentee_id", "order", "pk")
    )


def pair_plan_goal_get(pair: Pair, goal_id: int) -> PlanGoal:
    """A goal of this pair's plans, or 404 (a goal of another pair is «not found»)."""
    try:
        return pair.plan_goals.select_related("mentee").get(pk=goal_id)
    except PlanGoal.DoesNotExist:
        raise Http404("Цель не найдена") from None


def pair_plan_task_get(pair: Pair, task_id: int) -> PlanTask:
    """A task of this pair's plans, or 404."""
    try:
        return PlanTask.objects.select_related("goal").get(pk=task_id, goal__pair=pair)
    except PlanTask.DoesNotExist:
        raise Http404("Задача не найдена") from None


@dataclass(frozen=True)
class MentorHome:
    """What the mentor's home panel shows."""

    pairs: list[Pair]
    meetings_to_log: list[Pair]
    tasks_due: list[PlanTask]
    tasks_until: dt.date


def mentor_home(user: User, today: dt.date | None = None) -> MentorHome:
    """The mentor's pairs; the open ones to log a meeting in, the quiet ones first; plan tasks that
    are overdue or due within 14 days. Four queries whatever the number of pairs and tasks."""
    today = today or timezone.localdate()
    pairs = mentor_pairs(user, today)
    open_pairs = [pair for pair in pairs if pair.is_open]
    meetings_to_log = sorted(
        open_pairs, key=lambda pair: (not pair.is_inactive, -(pair.days_without_meeting or 0), pair.pk)
    )
    tasks_until = today + dt.timedelta(days=PLAN_TASKS_HORIZON_DAYS)
    tasks_due = list(
        PlanTask.objects.filter(
            goal__pair__in=[pair.pk for pair in open_pairs],
            status__in=(PlanTask.Status.PLANNED, PlanTask.Status.IN_PROGRESS),
            deadline__lte=tasks_until,
        )
        .exclude(goal__mentee_id__in=set().union(*(pair.withdrawn_ids for pair in open_pairs)))
        .annotate(is_overdue=_open_task_overdue(today))
        .select_related("goal__mentee")
        .order_by("deadline", "pk")
    )
    return MentorHome(pairs=pairs, meetings_to_log=meetings_to_log, tasks_due=tasks_due, tasks_until=tasks_until)


def is_inactivity_reminder_day(days: int | None) -> bool:
    """Remind on the first day a pair counts as inactive (31 days without a meeting), then every 7 days.

    A pure function of the date, so a daily run reminds once a week without storing anything.
    """
    first_day = INACTIVITY_DAYS + 1
    return days is not None and days >= first_day and (days - first_day) % INACTIVITY_REMINDER_INTERVAL_DAYS == 0


def pairs_due_inactivity_reminder(today: dt.date | None = None) -> list[Pair]:
    """Inactive pairs of every organization whose quiet spell reaches a reminder day today.

    For the daily job, not for a page: no user scope. Members come with ``person.user`` for the e-mail.
    """
    today = today or timezone.localdate()
    pairs = Pair.objects.annotate(
        last_meeting_on=Max("meetings__held_on"), consent_problem=_consent_problem(today)
    ).select_related("program", "form")
    members = PairMember.objects.select_related("person__user").order_by("role", "person__last_name")
    inactive = pairs_inactive(pairs, today).prefetch_related(Prefetch("members", queryset=members)).order_by("pk")
    due = []
    for pair in inactive:
        pair.days_without_meeting = days_without_meeting(pair, today)
        if is_inactivity_reminder_day(pair.days_without_meeting):
            due.append(pair)
    return due


# --- Pages of the curator and the principal (programs, roadmap, pairs, completion) --------------

PROGRAM_EDITORS = (Role.CURATOR,)


def can_edit_programs(user: User) -> bool:
    """The curator runs programs, roadmaps and pairs; the principal only looks."""
    return user.is_authenticated and user.has_role(*PROGRAM_EDITORS)


def with_inactivity(pairs: QuerySet[Pair], today: dt.date | None = None) -> QuerySet[Pair]:
    """Annotate ``is_inactive`` on pairs_visible_to rows, by the same rule as pairs_inactive."""
    return pairs.annotate(
        is_inactive=Case(When(_inactive_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def pairs_for_list(user: User, program: Program | None = None, today: dt.date | None = None) -> QuerySet[Pair]:
    """Pairs for a list page (of one program or all), with members, consent and inactivity flags."""
    pairs = pairs_visible_to(user)
    if program is not None:
        pairs = pairs.filter(program=program)
    return with_inactivity(pairs, today).order_by("-starts_on", "-pk")


def pair_get_for_page(user: User, pair_id: int) -> Pair:
    """One pair with its flags for the pair page, or 404."""
    try:
        return with_inactivity(pairs_visible_to(user)).get(pk=pair_id)
    except Pair.DoesNotExist:
        raise Http404("Пара не найдена") from None


def pair_counts_by_status(user: User, program: Program | None = None) -> dict[str, int]:
    """Pairs the user sees per status (every status present, zero if none), in one query."""
    pairs = Pair.objects.filter(pk__in=pairs_visible_to(user).values("pk"))
    if program is not None:
        pairs = pairs.filter(program=program)
    return pairs.aggregate(
        total=Count("pk"), **{status.value: Count("pk", filter=Q(status=status)) for status in Pair.Status}
    )


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def pair_status_rows(counts: dict[str, int]) -> list[StatusCount]:
    """The counts of pair_counts_by_status as rows in the order of the workflow."""
    return [StatusCount(status.value, status.label, counts.get(status.value, 0)) for status in Pair.Status]


def pairs_with_consent_problem(user: User) -> QuerySet[Pair]:
    """Open pairs in which somebody has no valid consent today (e.g. revoked): their work must pause."""
    return pairs_visible_to(user).filter(status__in=Pair.OPEN_STATUSES, consent_problem=True).order_by("pk")


def pairs_quiet(user: User, today: dt.date | None = None) -> QuerySet[Pair]:
    """Working pairs of the user with no meeting for 30 days, the longest silent first."""
    return pairs_inactive(pairs_visible_to(user), today=today).order_by(F("last_meeting_on").asc(nulls_first=True))


def mentor_bank_for_pairing(user: User) -> QuerySet[Person]:
    """Approved mentors of the user's organization (the choices when a pair is formed)."""
    if not can_edit_programs(user):
        return Person.objects.none()
    return (
        Person.objects.filter(
            organization_id=user.organization_id,
            is_archived=False,
            mentor_profile__status__in=MENTOR_APPROVED_STATUSES,
        )
        .select_related("mentor_profile")
        .order_by("last_name", "first_name", "middle_name")
    )


def mentee_bank_for_pairing(user: User) -> QuerySet[Person]:
    """People of the mentee bank who may still get a mentor (waiting or already in a pair)."""
    if not can_edit_programs(user):
        return Person.objects.none()
    return (
        Person.objects.filter(
            organization_id=user.organization_id,
            is_archived=False,
            mentee_profile__status__in=(MenteeProfile.Status.WAITING, MenteeProfile.Status.PAIRED),
        )
        .select_related("mentee_profile")
        .order_by("last_name", "first_name", "middle_name")
    )


def program_forms_for_pairing(program: Program) -> QuerySet[MentoringForm]:
    """The program's forms and their variations («студент – студент» under «ученик – ученик»)."""
    form_ids = program.forms.values("pk")
    return MentoringForm.objects.filter(Q(pk__in=form_ids) | Q(variation_of__in=form_ids)).distinct()


def role_models_of(forms: QuerySet[MentoringForm]) -> QuerySet[RoleModel]:
    return RoleModel.objects.filter(form__in=forms).select_related("form").order_by("form__order", "order", "name")


def responsible_people_choices(program: Program) -> QuerySet[Person]:
    """Adults of the program's organization who may answer for a roadmap activity."""
    return Person.objects.filter(organization_id=program.organization_id, is_archived=False).exclude(
        category__in=(Person.Category.PUPIL, Person.Category.STUDENT)
    )


@dataclass
class StageWithActivities:
    progress: StageProgress
    activities: list[RoadmapActivity]

    @property
    def stage(self) -> RoadmapStage:
        return self.progress.stage


def roadmap_by_stage(program: Program, today: dt.date | None = None) -> list[StageWithActivities]:
    """The roadmap page: each stage with its progress and its activities (two queries plus prefetch)."""
    today = today or timezone.localdate()
    by_stage: dict[int, list[RoadmapActivity]] = {}
    for activity in roadmap_activities(program).order_by("stage__number", "order", "deadline", "pk"):
        activity.overdue = activity.is_overdue(today)
        by_stage.setdefault(activity.stage_id, []).append(activity)
    return [
        StageWithActivities(progress=item, activities=by_stage.get(item.stage.pk, []))
        for item in roadmap_progress(program, today=today)
    ]


def activity_get_visible(user: User, activity_id: int) -> RoadmapActivity:
    """A roadmap activity of a program the user sees, or 404."""
    try:
        return (
            RoadmapActivity.objects.filter(stage__program__in=programs_visible_to(user).values("pk"))
            .select_related("stage__program")
            .prefetch_related("responsible_people")
            .get(pk=activity_id)
        )
    except RoadmapActivity.DoesNotExist:
        raise Http404("Мероприятие не найдено") from None


@dataclass(frozen=True)
class ProgramStage:
    """A running program and the stage of its roadmap it is at (None when every stage is done)."""

    program: Program
    current: StageProgress | None
    stages_total: int


def programs_current_stages(user: User, today: dt.date | None = None) -> list[ProgramStage]:
    """Running programs of the user with their current roadmap stage, in two queries for any number."""
    today = today or timezone.localdate()
    programs = list(programs_visible_to(user).filter(status=Program.Status.RUNNING).order_by("title"))
    closed = Q(activities__status__in=(RoadmapActivity.Status.DONE, RoadmapActivity.Status.CANCELLED))
    open_ = Q(activities__status__in=(RoadmapActivity.Status.PLANNED, RoadmapActivity.Status.IN_PROGRESS))
    stages = (
        RoadmapStage.objects.filter(program__in=[program.pk for program in programs])
        .annotate(
            total=Count("activities"),
            done=Count("activities", filter=closed),
            overdue=Count("activities", filter=open_ & Q(activities__deadline__lt=today)),
        )
        .order_by("program_id", "number")
    )
    progress_of: dict[int, list[StageProgress]] = {}
    for stage in stages:
        progress_of.setdefault(stage.program_id, []).append(
            StageProgress(stage=stage, total=stage.total, done=stage.done, overdue=stage.overdue)
        )
    return [
        ProgramStage(
            program=program,
            current=roadmap_current_stage(progress_of.get(program.pk, [])),
            stages_total=len(progress_of.get(program.pk, [])),
        )
        for program in programs
    ]


def program_preferences(program: Program) -> dict[int, list[MatchPreference]]:
    """Each chooser's preferences in the program, first choice first (one query)."""
    chosen: dict[int, list[MatchPreference]] = {}
    for preference in program.preferences.select_related("chosen").order_by("chooser_id", "rank"):
        chosen.setdefault(preference.chooser_id, []).append(preference)
    return chosen


def program_mentors(program: Program) -> QuerySet[Person]:
    """Everyone who was a mentor in one of the program's pairs (the «Наставник года» choices)."""
    return (
        Person.objects.filter(pair_memberships__pair__program=program, pair_memberships__role=PairMember.Role.MENTOR)
        .distinct()
        .order_by("last_name", "first_name", "middle_name")
    )


def program_pairs_for_awards(program: Program) -> QuerySet[Pair]:
    """The program's pairs that may be named «Лучшая пара» or told as a case (not stopped early)."""
    return (
        program.pairs.exclude(status=Pair.Status.TERMINATED)
        .prefetch_related(Prefetch("members", queryset=PairMember.objects.select_related("person").order_by("role")))
        .order_by("pk")
    )


def program_nominations(program: Program) -> QuerySet[Nomination]:
    return program.nominations.select_related("mentor", "pair").prefetch_related(
        Prefetch("pair__members", queryset=PairMember.objects.select_related("person").order_by("role"))
    )


def program_cases(program: Program) -> QuerySet[PracticeCase]:
    return program.cases.select_related("pair")


def nomination_get_visible(user: User, nomination_id: int) -> Nomination:
    try:
        return Nomination.objects.select_related("program").get(
            pk=nomination_id, program__in=programs_visible_to(user).values("pk")
        )
    except Nomination.DoesNotExist:
        raise Http404("Номинация не найдена") from None


def case_get_visible(user: User, case_id: int) -> PracticeCase:
    try:
        return PracticeCase.objects.select_related("program").get(
            pk=case_id, program__in=programs_visible_to(user).values("pk")
        )
    except PracticeCase.DoesNotExist:
        raise Http404("Кейс не найден") from None


@dataclass(frozen=True)
class ProgramSummary:
    """The numbers of a program's completion page (seed 000, stage 6)."""

    pair_rows: list[StatusCount]
    pairs_total: int
    meetings_held: int
    tasks_done: int
    tasks_total: int
    mentees_total: int
    mentees_full_cycle: int

    @property
    def tasks_percent(self) -> int:
        return round(100 * self.tasks_done / self.tasks_total) if self.tasks_total else 0

    @property
    def full_cycle_percent(self) -> int:
        return round(100 * self.mentees_full_cycle / self.mentees_total) if self.mentees_total else 0


def program_summary(program: Program) -> ProgramSummary:
    """Pairs by status, meetings held, plan tasks done of all, mentees with the full cycle (four queries)."""
    pairs = program.pairs.aggregate(
        total=Count("pk"), **{status.value: Count("pk", filter=Q(status=status)) for status in Pair.Status}
    )
    tasks = PlanTask.objects.filter(goal__pair__program=program).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=PlanTask.Status.DONE))
    )
    mentees = PairMember.objects.filter(pair__program=program, role=PairMember.Role.MENTEE).aggregate(
        total=Count("person", distinct=True), full_cycle=Count("person", filter=Q(full_cycle=True), distinct=True)
    )
    return ProgramSummary(
        pair_rows=pair_status_rows(pairs),
        pairs_total=pairs["total"],
        meetings_held=Meeting.objects.filter(pair__program=program).count(),
        tasks_done=tasks["done"],
        tasks_total=tasks["total"],
        mentees_total=mentees["total"],
        mentees_full_cycle=mentees["full_cycle"],
    )


HOME_LIST_LIMIT = 10


@dataclass(frozen=True)
class ProgramsHome:
    """The programs panel of the curator's and the principal's home pages."""

    current_stages: list[ProgramStage]
    deadlines: list[RoadmapActivity]
    pair_rows: list[StatusCount]
    pairs_total: int
    consent_problem_pairs: list[Pair]
    inactive_pairs: list[Pair]
    today: dt.date


def programs_home(user: User, today: dt.date | None = None) -> ProgramsHome:
    """Running programs at their current stage, the nearest deadlines (overdue first), pair counts by
    status, and the pairs needing attention: a revoked consent or no meeting for 30 days."""
    today = today or timezone.localdate()
    deadlines = list(upcoming_deadlines(user, today=today))
    for activity in deadlines:
        activity.overdue = activity.is_overdue(today)
    counts = pair_counts_by_status(user)
    return ProgramsHome(
        current_stages=programs_current_stages(user, today),
        deadlines=deadlines,
        pair_rows=pair_status_rows(counts),
        pairs_total=counts["total"],
        consent_problem_pairs=list(pairs_with_consent_problem(user)[:HOME_LIST_LIMIT]),
        inactive_pairs=list(pairs_quiet(user, today)[:HOME_LIST_LIMIT]),
        today=today,
    )
