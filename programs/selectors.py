"""Everything that reads programs and pairs for a page, scoped to what the user may see."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from people.models import Consent, User
from people.roles import Role
from programs.models import Pair, PairMember, Program, RoadmapActivity, RoadmapStage

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


def pairs_inactive(pairs: QuerySet[Pair], today: dt.date | None = None) -> QuerySet[Pair]:
    """Working pairs with no meeting logged for 30 days (counted from the start if none at all)."""
    since = (today or timezone.localdate()) - dt.timedelta(days=INACTIVITY_DAYS)
    return pairs.filter(status__in=(Pair.Status.APPROVED, Pair.Status.ACTIVE), starts_on__lt=since).filter(
        Q(last_meeting_on__isnull=True) | Q(last_meeting_on__lt=since)
    )


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
