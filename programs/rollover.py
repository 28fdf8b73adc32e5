"""Переход на новый учебный год (issue 7, item 6): plan first, then apply everything or nothing.

The rules, as the school applies them on 1 September:

* Pupils (category «обучающийся», not archived) of grades 1–10 move up one grade and keep their letter:
  «7Б» → «8Б», «9А» → «10А». Ninth-graders move to the tenth grade like everyone else; those who leave
  after the ninth grade are archived by hand or by the next roster import. A class that does not exist
  in the new year is still just renamed («9В» → «10В»): the portal does not know the school's class plan.
* Pupils of the 11th grade graduate: they are archived with the category «выпускник»
  (``person_graduate``), so the people list and its archive tell them from pupils who left, and keep
  «11А» as the class they finished. Their open pairs (any status before «завершена») are closed with the reason «выпуск»
  through ``pair_terminate`` — also the pairs where a graduating senior pupil is the mentor, whose
  mentees go back to waiting for a mentor. A graduate's mentor-bank entry becomes «выбыл»
  (``mentor_status_change``), a mentee-bank entry waiting or paired becomes «выбыл»; «прошёл полный
  цикл» stays, it is an indicator of the year.
* A pupil whose class cannot be read («подготовительная группа», empty) is left as is, with a warning.
* Every program of the old year is copied into the new year as a draft: same forms, sections, type and
  curator, dates one year later. Its roadmap is copied from the old program's roadmap (stages, activities,
  responsible people who are not leaving) with the deadlines one year later and every activity «запланировано»
  again, without evidence: the curator's own activities survive the year. A program without a roadmap
  gets the template one. An old program is not copied when the new year already has a program with the
  same title or the same forms (a warning says so). Old programs themselves are left as they are:
  their pairs that did not graduate keep working until the curator closes them.

``apply_rollover`` runs in one transaction and records a ``Rollover``; a second run for the same
organization and year (or an earlier one) is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from mentorship.academic_year import AcademicYear
from people.classes import class_grade, normalize_school_class
from people.models import MenteeProfile, MentorProfile, Organization, Person, User
from people.services import mentee_status_set, mentor_status_change, person_graduate
from programs.models import Pair, PairMember, Program, RoadmapActivity, RoadmapStage, Rollover
from programs.services import PROGRAM_SECTION_FIELDS, pair_terminate, program_create, roadmap_create_from_template

GRADUATION_GRADE = 11
GRADUATION_REASON = "выпуск"
MENTOR_LEAVING_BASIS = "Выпуск из школы (переход на новый учебный год)"


class RolloverError(Exception):
    """The rollover cannot be applied; the message is for the administrator, in Russian."""


@dataclass
class ClassMove:
    """The pupils of one class moving up a grade."""

    from_class: str
    to_class: str
    pupil_ids: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.pupil_ids)


@dataclass
class Graduate:
    person_id: int
    full_name: str
    school_class: str


@dataclass
class PairToClose:
    pair_id: int
    label: str
    program_title: str
    status_label: str
    graduates: list[str]
    back_to_waiting: list[str]


@dataclass
class ProgramToStart:
    source_id: int
    source_title: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    form_names: list[str]
    activities: int  # 0: the roadmap is made from the template


@dataclass
class RolloverPlan:
    """What a rollover would do; nothing is written until ``apply_rollover``."""

    organization: Organization
    from_year: AcademicYear
    to_year: AcademicYear
    moves: list[ClassMove] = field(default_factory=list)
    graduates: list[Graduate] = field(default_factory=list)
    pairs_to_close: list[PairToClose] = field(default_factory=list)
    mentor_profile_ids: list[int] = field(default_factory=list)
    mentee_profile_ids: list[int] = field(default_factory=list)
    programs_to_start: list[ProgramToStart] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def pupils_moved(self) -> int:
        return sum(move.count for move in self.moves)

    @property
    def can_apply(self) -> bool:
        return not self.errors

    def graduates_by_class(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for graduate in self.graduates:
            counts[graduate.school_class] += 1
        return dict(sorted(counts.items()))

    def summary(self) -> dict:
        """Counts, pair numbers and program titles — no names: the record outlives the people's data."""
        return {
            "from_year": self.from_year.start_year,
            "to_year": self.to_year.start_year,
            "moves": [{"from": m.from_class, "to": m.to_class, "count": m.count} for m in self.moves],
            "pupils_moved": self.pupils_moved,
            "graduates": len(self.graduates),
            "graduates_by_class": self.graduates_by_class(),
            "pairs_closed": [pair.pair_id for pair in self.pairs_to_close],
            "mentors_left": len(self.mentor_profile_ids),
            "mentees_left": len(self.mentee_profile_ids),
            "programs_started": [
                {"source_id": p.source_id, "title": p.title, "activities": p.activities} for p in self.programs_to_start
            ],
            "warnings": len(self.warnings),
        }

    def fingerprint(self) -> str:
        """Changes whenever the people, pairs or programs behind the plan do: the confirmation names this plan."""
        identity = {
            "summary": self.summary(),
            "moves": [move.pupil_ids for move in self.moves],
            "graduates": [graduate.person_id for graduate in self.graduates],
            "mentors": self.mentor_profile_ids,
            "mentees": self.mentee_profile_ids,
        }
        return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:32]


def rollover_default_year(organization: Organization) -> AcademicYear:
    """The year the organization would move to next: after its last rollover, else after its newest programs."""
    last = Rollover.objects.filter(organization=organization).order_by("-to_year").first()
    if last is not None:
        return AcademicYear(last.to_year + 1)
    newest = (
        Program.objects.filter(organization=organization).order_by("-year_start").values_list("year_start", flat=True)
    ).first()
    if newest is not None:
        return AcademicYear(newest + 1)
    return AcademicYear.current().next()


def rollover_allowed_years() -> list[AcademicYear]:
    """A rollover goes into the current academic year (done late) or the next one (done ahead, in summer)."""
    current = AcademicYear.current()
    return [current, current.next()]


def _one_year_later(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _inside(day: dt.date, year: AcademicYear) -> dt.date:
    return min(max(day, year.start), year.end)


def _new_title(title: str, from_year: AcademicYear, to_year: AcademicYear) -> str:
    return title.replace(from_year.label, to_year.label)


def plan_rollover(organization: Organization, year: AcademicYear | int) -> RolloverPlan:
    """The dry run: who moves to which class, who graduates, which pairs close, which programs start."""
    to_year = year if isinstance(year, AcademicYear) else AcademicYear(int(year))
    plan = RolloverPlan(organization=organization, from_year=to_year.previous(), to_year=to_year)

    done = Rollover.objects.filter(organization=organization, to_year__gte=to_year.start_year).first()
    if done is not None:
        plan.errors.append(
            f"Организация уже переведена на {AcademicYear(done.to_year).label} учебный год "
            f"({timezone.localtime(done.performed_at):%d.%m.%Y %H:%M}): повторный переход не выполняется."
        )
    allowed = rollover_allowed_years()
    if to_year not in allowed:
        plan.errors.append(
            f"Перейти можно только на текущий ({allowed[0].label}) или следующий ({allowed[1].label}) учебный год."
        )

    _plan_pupils(plan)
    _plan_pairs_and_banks(plan)
    _plan_programs(plan)
    return plan


def _plan_pupils(plan: RolloverPlan) -> None:
    pupils = Person.objects.filter(
        organization=plan.organization, category=Person.Category.PUPIL, is_archived=False
    ).order_by("school_class", "last_name", "first_name", "pk")
    moves: dict[str, ClassMove] = {}
    unreadable: dict[str, list[str]] = defaultdict(list)
    for pupil in pupils.only("pk", "last_name", "first_name", "middle_name", "school_class"):
        try:
            normalized = normalize_school_class(pupil.school_class)
        except ValueError:
            unreadable[pupil.school_class].append(pupil.full_name)
            continue
        grade = class_grade(normalized)
        if grade >= GRADUATION_GRADE:
            plan.graduates.append(Graduate(pupil.pk, pupil.full_name, normalized))
            continue
        letter = normalized[len(str(grade)) :]
        move = moves.setdefault(pupil.school_class, ClassMove(pupil.school_class, f"{grade + 1}{letter}"))
        move.pupil_ids.append(pupil.pk)
    plan.moves = sorted(moves.values(), key=lambda m: (class_grade(m.to_class), m.to_class, m.from_class))
    plan.graduates.sort(key=lambda g: (g.school_class, g.full_name))
    for school_class, names in sorted(unreadable.items()):
        plan.warnings.append(
            f"Класс «{school_class or 'не указан'}» не распознан — обучающиеся остаются как есть "
            f"({len(names)}): {', '.join(names)}."
        )


def _plan_pairs_and_banks(plan: RolloverPlan) -> None:
    graduate_ids = {graduate.person_id for graduate in plan.graduates}
    if not graduate_ids:
        return
    pairs = (
        Pair.objects.filter(
            program__organization=plan.organization,
            status__in=Pair.OPEN_STATUSES,
            pk__in=PairMember.objects.filter(person_id__in=graduate_ids).values("pair_id"),
        )
        .select_related("program")
        .prefetch_related("members__person")
        .order_by("pk")
    )
    for pair in pairs:
        members = list(pair.members.all())
        plan.pairs_to_close.append(
            PairToClose(
                pair_id=pair.pk,
                label=str(pair),
                program_title=pair.program.title,
                status_label=pair.get_status_display(),
                graduates=[m.person.full_name for m in members if m.person_id in graduate_ids],
                back_to_waiting=[
                    m.person.full_name
                    for m in members
                    if m.person_id not in graduate_ids and m.role == PairMember.Role.MENTEE
                ],
            )
        )
    plan.mentor_profile_ids = list(
        MentorProfile.objects.filter(person_id__in=graduate_ids)
        .exclude(status=MentorProfile.Status.LEFT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    plan.mentee_profile_ids = list(
        MenteeProfile.objects.filter(
            person_id__in=graduate_ids, status__in=(MenteeProfile.Status.WAITING, MenteeProfile.Status.PAIRED)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _plan_programs(plan: RolloverPlan) -> None:
    existing = list(
        Program.objects.filter(organization=plan.organization, year_start=plan.to_year.start_year).prefetch_related(
            "forms"
        )
    )
    if existing:
        plan.warnings.append(
            f"На {plan.to_year.label} учебный год уже есть программы: "
            + ", ".join(f"«{program.title}»" for program in existing)
            + "."
        )
    taken_titles = {program.title for program in existing}
    taken_forms = {frozenset(form.pk for form in program.forms.all()) for program in existing}
    old_programs = (
        Program.objects.filter(organization=plan.organization, year_start=plan.from_year.start_year)
        .prefetch_related("forms")
        .annotate(activity_count=Count("stages__activities"))
        .order_by("title", "pk")
    )
    for program in old_programs:
        forms = list(program.forms.all())
        title = _new_title(program.title, plan.from_year, plan.to_year)
        form_set = frozenset(form.pk for form in forms)
        if not forms:
            plan.warnings.append(f"У программы «{program.title}» нет форм наставничества — она не копируется.")
            continue
        if title in taken_titles or form_set in taken_forms:
            plan.warnings.append(
                f"Программа «{program.title}» не копируется: на {plan.to_year.label} учебный год "
                "уже есть программа с тем же названием или теми же формами."
            )
            continue
        taken_titles.add(title)
        taken_forms.add(form_set)
        plan.programs_to_start.append(
            ProgramToStart(
                source_id=program.pk,
                source_title=program.title,
                title=title,
                starts_on=_inside(_one_year_later(program.starts_on), plan.to_year),
                ends_on=_inside(_one_year_later(program.ends_on), plan.to_year),
                form_names=[form.name for form in forms],
                activities=program.activity_count,
            )
        )


# --- Applying ------------------------------------------------------------------------------------


def apply_rollover(plan: RolloverPlan, *, performed_by: User | None = None) -> Rollover:
    """Do what the plan says, in one transaction: any failure leaves everything as it was."""
    if plan.errors:
        raise RolloverError(" ".join(plan.errors))
    try:
        with transaction.atomic():
            # One rollover at a time per organization: the second waits here, then sees the first's record.
            Organization.objects.select_for_update().get(pk=plan.organization.pk)
            if Rollover.objects.filter(organization=plan.organization, to_year__gte=plan.to_year.start_year).exists():
                raise RolloverError(f"Организация уже переведена на {plan.to_year.label} учебный год.")
            ended_on = min(timezone.localdate(), plan.from_year.end)
            _close_pairs(plan, ended_on)
            _leave_banks(plan, ended_on, performed_by)
            _archive_graduates(plan)
            _move_pupils(plan)
            started = _start_programs(plan)
            summary = plan.summary()
            for item, program in zip(summary["programs_started"], started, strict=True):
                item["id"] = program.pk
            return Rollover.objects.create(
                organization=plan.organization,
                from_year=plan.from_year.start_year,
                to_year=plan.to_year.start_year,
                performed_by=performed_by,
                summary=summary,
            )
    except ValidationError as error:
        raise RolloverError("Переход не выполнен, ничего не изменено: " + " ".join(error.messages)) from error


def _close_pairs(plan: RolloverPlan, ended_on: dt.date) -> None:
    ids = [item.pair_id for item in plan.pairs_to_close]
    pairs = list(Pair.objects.select_for_update().filter(pk__in=ids, status__in=Pair.OPEN_STATUSES).order_by("pk"))
    if len(pairs) != len(ids):
        raise RolloverError("Пары выпускников изменились после проверки: постройте план заново.")
    for pair in pairs:
        pair_terminate(pair=pair, ended_on=max(ended_on, pair.starts_on), reason=GRADUATION_REASON)


def _leave_banks(plan: RolloverPlan, ended_on: dt.date, performed_by: User | None) -> None:
    for profile in MentorProfile.objects.filter(pk__in=plan.mentor_profile_ids).select_related("person"):
        mentor_status_change(
            profile=profile,
            status=MentorProfile.Status.LEFT,
            changed_on=ended_on,
            basis=MENTOR_LEAVING_BASIS,
            changed_by=performed_by,
        )
    for profile in MenteeProfile.objects.filter(pk__in=plan.mentee_profile_ids):
        mentee_status_set(profile=profile, status=MenteeProfile.Status.LEFT)


def _archive_graduates(plan: RolloverPlan) -> None:
    ids = [graduate.person_id for graduate in plan.graduates]
    graduates = list(Person.objects.filter(pk__in=ids, is_archived=False, category=Person.Category.PUPIL))
    if len(graduates) != len(ids):
        raise RolloverError("Список выпускников изменился после проверки: постройте план заново.")
    for person in graduates:
        person_graduate(person=person)


def _move_pupils(plan: RolloverPlan) -> None:
    now = timezone.now()
    for move in plan.moves:
        # By primary key, not by class: «7Б» → «8Б» must not pick up last year's «8Б» on its way to «9Б».
        # One UPDATE per class; the audit triggers still record every pupil's row.
        moved = Person.objects.filter(
            pk__in=move.pupil_ids, school_class=move.from_class, is_archived=False, category=Person.Category.PUPIL
        ).update(school_class=move.to_class, updated_at=now)
        if moved != move.count:
            raise RolloverError(f"Состав класса «{move.from_class}» изменился после проверки: постройте план заново.")


def _start_programs(plan: RolloverPlan) -> list[Program]:
    leaving = {graduate.person_id for graduate in plan.graduates}
    sources = Program.objects.in_bulk([item.source_id for item in plan.programs_to_start])
    started = []
    for item in plan.programs_to_start:
        source = sources[item.source_id]
        program = program_create(
            organization=plan.organization,
            title=item.title,
            year=plan.to_year,
            forms=list(source.forms.all()),
            curator=source.curator,
            mentoring_type=source.mentoring_type,
            starts_on=item.starts_on,
            ends_on=item.ends_on,
            with_roadmap=False,
            **{name: getattr(source, name) for name in PROGRAM_SECTION_FIELDS},
        )
        if source.stages.exists():
            _roadmap_copy(source, program, leaving)
        else:
            roadmap_create_from_template(program=program)
        started.append(program)
    return started


def _roadmap_copy(source: Program, program: Program, leaving: set[int]) -> None:
    """The old roadmap a year later: same stages and activities, every one planned again, no evidence."""
    year = program.academic_year
    for stage in source.stages.prefetch_related("activities__responsible_people").order_by("number"):
        new_stage = RoadmapStage.objects.create(
            program=program, number=stage.number, title=stage.title, description=stage.description
        )
        activities = list(stage.activities.all())
        created = RoadmapActivity.objects.bulk_create(
            RoadmapActivity(
                stage=new_stage,
                title=activity.title,
                content=activity.content,
                deadline=_inside(_one_year_later(activity.deadline), year),
                responsible=activity.responsible,
                order=activity.order,
            )
            for activity in activities
        )
        Through = RoadmapActivity.responsible_people.through
        Through.objects.bulk_create(
            Through(roadmapactivity_id=new.pk, person_id=person.pk)
            for old, new in zip(activities, created, strict=True)
            for person in old.responsible_people.all()
            if person.pk not in leaving and not person.is_archived
        )
