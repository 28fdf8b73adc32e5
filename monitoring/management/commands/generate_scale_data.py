"""python manage.py generate_scale_data — a load-test municipality for measuring the indicators.

Generates schools (short name «Нагрузочная школа № N»), their pupils (students in a vocational
college, every tenth school), teachers, partner enterprises with their employees, programs of the
current and the previous academic year, pairs and groups (mostly in counted statuses) with their
members, and satisfaction responses with answers — all with bulk_create in batches, in one
transaction. Refuses to run unless DEBUG or --force; --delete removes every «Нагрузочная школа»
with everything in it. The benchmark (benchmarks/indicators.py) calls ``scale_data_generate``.

--users adds, in every school N, the accounts curator-N, director-N, mentor-N (a teacher mentoring
the most open pairs) and admin-N with one known password, and a running satisfaction survey of the
mentees with their personal links: what the load test (benchmarks/load) signs in with and opens.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from mentorship.academic_year import AcademicYear, years_before
from monitoring.models import (
    Answer,
    Audience,
    Campaign,
    Invitation,
    MentorReport,
    Question,
    Questionnaire,
    Response,
    YearEndReport,
)
from monitoring.services import link_expiry
from people import demo_names
from people.models import (
    LegalRepresentative,
    MenteeProfile,
    MentorProfile,
    Organization,
    PartnerOrganization,
    Person,
    User,
)
from people.roles import Role
from people.services import roles_sync
from programs.models import MentoringForm, Pair, PairMember, Program

SCHOOL_PREFIX = "Нагрузочная школа"
BATCH_SIZE = 2000
PARTNERS_PER_SCHOOL = 3
EMPLOYEES_PER_PARTNER = 4
FORM_CODES = ("teacher-pupil", "pupil-pupil", "employer-pupil", "teacher-teacher", "student-student",
              "educator-student", "employer-student")  # fmt: skip
SATISFACTION_CODES = {"mentee": "satisfaction-mentees", "mentor": "satisfaction-mentors"}
CURRENT_STATUSES = (
    (Pair.Status.ACTIVE, 60),
    (Pair.Status.APPROVED, 18),
    (Pair.Status.COMPLETED, 8),
    (Pair.Status.FORMING, 9),
    (Pair.Status.TERMINATED, 5),
)
PREVIOUS_STATUSES = ((Pair.Status.COMPLETED, 85), (Pair.Status.TERMINATED, 15))
SCALE_WEIGHTS = (1, 1, 1, 2, 3, 5, 8, 12, 14, 10)  # answers 1–10: mostly satisfied
# The accounts of --users: «<prefix>-<school number>», one per role in every school.
LOAD_ACCOUNTS = (("curator", Role.CURATOR), ("director", Role.PRINCIPAL), ("mentor", Role.MENTOR),
                 ("admin", Role.ADMINISTRATOR))  # fmt: skip
LOAD_PASSWORD = "nagruzka-2025"
SURVEY_DAYS = 30


@dataclass(frozen=True)
class ScaleSizes:
    schools: int = 50
    pupils: int = 30_000
    staff: int = 3_000
    pairs: int = 10_000
    responses: int = 20_000


@dataclass
class _School:
    organization: Organization
    learners: list[Person]
    seniors: list[Person]  # learners aged 15 and over: may mentor
    teachers: list[Person]
    young_teachers: list[Person]
    employees: list[Person]
    programs: dict[str, Program]


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def _pick(rng: random.Random, weighted) -> object:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _reference() -> tuple[dict[str, MentoringForm], dict[str, list[Question]], dict[str, Questionnaire]]:
    """The standard forms and satisfaction questionnaires (loaded from fixtures/ when missing)."""
    forms = {form.code: form for form in MentoringForm.objects.filter(code__in=FORM_CODES)}
    questionnaires = {q.code: q for q in Questionnaire.objects.filter(code__in=SATISFACTION_CODES.values())}
    if len(forms) < len(FORM_CODES) or len(questionnaires) < len(SATISFACTION_CODES):
        call_command("load_reference", stdout=io.StringIO())
        forms = {form.code: form for form in MentoringForm.objects.filter(code__in=FORM_CODES)}
        questionnaires = {q.code: q for q in Questionnaire.objects.filter(code__in=SATISFACTION_CODES.values())}
    questions = {
        role: list(
            Question.objects.filter(section__questionnaire__code=code, is_satisfaction=True).order_by("order", "pk")
        )
        for role, code in SATISFACTION_CODES.items()
    }
    by_role = {role: questionnaires[code] for role, code in SATISFACTION_CODES.items()}
    return forms, questions, by_role


class _Names:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def person(self, **fields) -> Person:
        male = self.rng.random() < 0.5
        surname = self.rng.choice(demo_names.SURNAMES)
        father = self.rng.choice(demo_names.MALE_FIRST_NAMES)
        first = (
            self.rng.choice(demo_names.MALE_FIRST_NAMES)[0] if male else self.rng.choice(demo_names.FEMALE_FIRST_NAMES)
        )
        return Person(
            last_name=surname[0] if male else surname[1],
            first_name=first,
            middle_name=father[1] if male else father[2],
            sex=Person.Sex.MALE if male else Person.Sex.FEMALE,
            **fields,
        )


def _birth(rng: random.Random, on: dt.date, age_from: int, age_to: int) -> dt.date:
    """A birth date making the person between age_from and age_to full years old on ``on``."""
    latest = years_before(on, age_from)
    earliest = years_before(on, age_to + 1) + dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))


def _organizations(count: int, year: AcademicYear) -> list[Organization]:
    first = Organization.objects.filter(short_name__startswith=SCHOOL_PREFIX).count() + 1
    kinds = []
    for index in range(count):
        if count > 1 and index % 10 == 9:
            kinds.append(Organization.Kind.VOCATIONAL)
        elif count > 1 and index % 10 == 4:
            kinds.append(Organization.Kind.ADDITIONAL)
        else:
            kinds.append(Organization.Kind.GENERAL)
    full_names = {
        Organization.Kind.GENERAL: "Муниципальное бюджетное общеобразовательное учреждение «{}»",
        Organization.Kind.ADDITIONAL: "Муниципальное бюджетное учреждение дополнительного образования «{}»",
        Organization.Kind.VOCATIONAL: "Краевое государственное бюджетное профессиональное образовательное учреждение «{}»",
    }
    organizations = [
        Organization(
            full_name=full_names[kind].format(f"{SCHOOL_PREFIX} № {first + index}"),
            short_name=f"{SCHOOL_PREFIX} № {first + index}",
            kind=kind,
            locality="г. Нагрузочный",
            head_full_name="Петрова Анна Сергеевна",
        )
        for index, kind in enumerate(kinds)
    ]
    return Organization.objects.bulk_create(organizations, batch_size=BATCH_SIZE)


def _people(rng, names, organizations, sizes, year) -> dict[int, _School]:
    on = year.start
    people: list[Person] = []
    partners = [
        PartnerOrganization(
            organization=organization,
            name=f"ООО «Партнёр {organization.pk}-{number}»",
            agreement_number=f"{number}-НП",
            agreement_date=year.start - dt.timedelta(days=rng.randrange(30, 900)),
            # the last partner's agreement ended before the year: not «in force», so not counted
            agreement_end_date=None if number != PARTNERS_PER_SCHOOL else year.start - dt.timedelta(days=10),
        )
        for organization in organizations
        for number in range(1, PARTNERS_PER_SCHOOL + 1)
    ]
    PartnerOrganization.objects.bulk_create(partners, batch_size=BATCH_SIZE)
    partners_of = defaultdict(list)
    for partner in partners:
        partners_of[partner.organization_id].append(partner)
    for organization, learners, staff in zip(
        organizations, _split(sizes.pupils, len(organizations)), _split(sizes.staff, len(organizations)), strict=True
    ):
        vocational = organization.kind == Organization.Kind.VOCATIONAL
        for _ in range(learners):
            if vocational:
                age = rng.randint(15, 20)
                people.append(
                    names.person(
                        organization=organization, category=Person.Category.STUDENT, birth_date=_birth(rng, on, age, age),
                        school_class=f"{rng.choice(('ТМ', 'ИС', 'ПК', 'СВ'))}-{rng.randint(1, 4)}{rng.randint(1, 3)}",
                    )
                )  # fmt: skip
            else:
                grade = rng.randint(1, 11)
                people.append(
                    names.person(
                        organization=organization, category=Person.Category.PUPIL,
                        birth_date=_birth(rng, on, grade + 6, grade + 6), school_class=f"{grade}{rng.choice('АБВГ')}",
                    )
                )  # fmt: skip
        for _ in range(staff):
            young = rng.random() < 0.12
            age = rng.randint(22, 33) if young else rng.randint(30, 64)
            experience_days = rng.randrange(0, 3 * 365) if young else rng.randrange(5 * 365, max(6, age - 22) * 365)
            people.append(
                names.person(
                    organization=organization, category=Person.Category.TEACHER, birth_date=_birth(rng, on, age, age),
                    teaching_since=on - dt.timedelta(days=experience_days),
                    position=rng.choice(demo_names.TEACHER_SUBJECTS),
                )
            )  # fmt: skip
        for partner in partners_of[organization.pk]:
            for _ in range(EMPLOYEES_PER_PARTNER):
                people.append(
                    names.person(
                        organization=organization, category=Person.Category.EMPLOYER, partner=partner,
                        birth_date=_birth(rng, on, 25, 60), position="инженер",
                    )
                )  # fmt: skip
    Person.objects.bulk_create(people, batch_size=BATCH_SIZE)

    schools = {organization.pk: _School(organization, [], [], [], [], [], {}) for organization in organizations}
    for person in people:
        school = schools[person.organization_id]
        if person.category in (Person.Category.PUPIL, Person.Category.STUDENT):
            school.learners.append(person)
            if person.age(on) >= 15:
                school.seniors.append(person)
        elif person.category == Person.Category.TEACHER:
            school.teachers.append(person)
            if person.is_young_specialist(on) and person.age(on) < 35:
                school.young_teachers.append(person)
        else:
            school.employees.append(person)
    return schools


def _programs(schools: dict[int, _School], year: AcademicYear) -> None:
    previous = year.previous()
    programs = []
    for school in schools.values():
        for key, program_year, status in (
            ("current", year, Program.Status.RUNNING),
            ("previous", previous, Program.Status.COMPLETED),
        ):
            program = Program(
                organization=school.organization,
                title=f"Наставничество {program_year.label}",
                year_start=program_year.start_year,
                starts_on=program_year.start,
                ends_on=dt.date(program_year.start_year + 1, 5, 31),
                status=status,
            )
            school.programs[key] = program
            programs.append(program)
    Program.objects.bulk_create(programs, batch_size=BATCH_SIZE)


def _pair_roles(rng, school: _School, forms: dict[str, MentoringForm]):
    """A form and the mentor and mentees of one pair (or group), chosen the way the form allows."""
    vocational = school.organization.kind == Organization.Kind.VOCATIONAL
    kind = _pick(rng, (("teacher", 45), ("peer", 25), ("employer", 15), ("teachers", 15)))
    if kind == "teachers" and len(school.young_teachers) >= 1 and len(school.teachers) >= 2:
        mentee = rng.choice(school.young_teachers)
        mentor = rng.choice(school.teachers)
        while mentor is mentee:
            mentor = rng.choice(school.teachers)
        return forms["teacher-teacher"], [mentor], [mentee]
    if kind == "peer" and school.seniors:
        mentor, form = rng.choice(school.seniors), forms["student-student" if vocational else "pupil-pupil"]
    elif kind == "employer" and school.employees:
        mentor, form = rng.choice(school.employees), forms["employer-student" if vocational else "employer-pupil"]
    else:
        mentor, form = rng.choice(school.teachers), forms["educator-student" if vocational else "teacher-pupil"]
    count = rng.choice((2, 3)) if rng.random() < 0.1 else 1
    drawn = rng.sample(school.learners, min(len(school.learners), count + 1))
    mentees = [person for person in drawn if person is not mentor][:count]
    if not mentees:  # a one-pupil school whose only pupil was drawn as the mentor
        mentor, form, mentees = rng.choice(school.teachers), forms["teacher-pupil"], drawn[:1]
    return form, [mentor], mentees


def _dates(rng, status, year: AcademicYear, today: dt.date, current: bool):
    """Start, planned end and actual end of a pair of the year, never in the future."""
    planned_end = dt.date(year.start_year + 1, 5, 31)
    last_day = min(today, year.end)
    span = max((min(last_day, planned_end) - year.start).days, 1)
    starts_on = year.start + dt.timedelta(days=rng.randrange(min(span, 75 if current else 60)))
    ended_on = None
    if status in (Pair.Status.COMPLETED, Pair.Status.TERMINATED):
        ended_on = starts_on + dt.timedelta(
            days=rng.randrange(max((min(last_day, planned_end) - starts_on).days, 0) + 1)
        )
        if status == Pair.Status.COMPLETED and not current:
            ended_on = planned_end
    return starts_on, planned_end, ended_on


def _pairs(rng, schools, forms, sizes: ScaleSizes, year: AcademicYear, today: dt.date):
    pairs: list[Pair] = []
    members_of: list[tuple[list[Person], list[Person]]] = []
    total_learners = sum(len(school.learners) for school in schools.values()) or 1
    quotas = [round(sizes.pairs * len(school.learners) / total_learners) for school in schools.values()]
    quotas[-1] += sizes.pairs - sum(quotas)
    for school, quota in zip(schools.values(), quotas, strict=True):
        if not school.learners or not school.teachers:
            continue
        for _ in range(max(quota, 0)):
            current = rng.random() < 0.8
            pair_year = year if current else year.previous()
            status = _pick(rng, CURRENT_STATUSES if current else PREVIOUS_STATUSES)
            form, mentors, mentees = _pair_roles(rng, school, forms)
            starts_on, planned_end, ended_on = _dates(rng, status, pair_year, today, current)
            pairs.append(
                Pair(
                    program=school.programs["current" if current else "previous"], form=form, status=status,
                    starts_on=starts_on, planned_end_on=planned_end, ended_on=ended_on,
                    termination_reason="смена места учёбы" if status == Pair.Status.TERMINATED else "",
                )
            )  # fmt: skip
            members_of.append((mentors, mentees))
    Pair.objects.bulk_create(pairs, batch_size=BATCH_SIZE)
    members = [
        PairMember(pair=pair, person=person, role=role)
        for pair, (mentors, mentees) in zip(pairs, members_of, strict=True)
        for role, people in ((PairMember.Role.MENTOR, mentors), (PairMember.Role.MENTEE, mentees))
        for person in people
    ]
    PairMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
    return pairs, members


def _responses(rng, pairs, members, questions, questionnaires, sizes: ScaleSizes, year: AcademicYear, today):
    counted = {
        pair.pk
        for pair in pairs
        if pair.status in Pair.COUNTED_STATUSES and year.overlaps(pair.starts_on, pair.ended_on or pair.planned_end_on)
    }
    candidates = {PairMember.Role.MENTEE: [], PairMember.Role.MENTOR: []}
    for member in members:
        if member.pair_id in counted:
            candidates[member.role].append(member)
    last_day = min(today, year.end)
    span = max((last_day - year.start).days, 0) + 1
    tz = timezone.get_current_timezone()
    responses = []
    for index in range(sizes.responses):
        role = (
            PairMember.Role.MENTEE
            if index % 5 < 3 or not candidates[PairMember.Role.MENTOR]
            else PairMember.Role.MENTOR
        )
        if not candidates[role]:
            break
        member = rng.choice(candidates[role])
        day = year.start + dt.timedelta(days=rng.randrange(span))
        responses.append(
            Response(
                questionnaire=questionnaires[role], respondent_id=member.person_id, role=role, pair_id=member.pair_id,
                submitted_at=dt.datetime.combine(day, dt.time(rng.randint(8, 20), rng.randrange(60)), tzinfo=tz),
            )
        )  # fmt: skip
    Response.objects.bulk_create(responses, batch_size=BATCH_SIZE)
    answers = [
        Answer(response=response, question=question, number=rng.choices(range(1, 11), SCALE_WEIGHTS)[0])
        for response in responses
        for question in questions[response.role]
    ]
    Answer.objects.bulk_create(answers, batch_size=BATCH_SIZE)
    return responses, answers


def school_number(organization: Organization) -> int:
    """N of «Нагрузочная школа № N»: the number in the names of the school's load-test accounts."""
    return int(organization.short_name.rsplit("№", 1)[1])


def _accounts(schools, pairs, members, questionnaire: Questionnaire, password: str, today: dt.date):
    """The load-test accounts of every school (one password hash for all: hashing is the slow part) and a
    running mentee survey with a personal link for each mentee of an open pair of the current program."""
    roles_sync()
    groups = {group.name: group for group in Group.objects.filter(name__in=[role.value for role in Role])}
    encoded = make_password(password)
    current_programs = {school.programs["current"].pk: school for school in schools.values()}
    open_pairs = {
        pair.pk: pair for pair in pairs if pair.status in Pair.OPEN_STATUSES and pair.program_id in current_programs
    }
    mentored = defaultdict(lambda: defaultdict(int))  # school → mentor person → open pairs
    teachers = {person.pk for school in schools.values() for person in school.teachers}
    for member in members:
        if member.role == PairMember.Role.MENTOR and member.pair_id in open_pairs and member.person_id in teachers:
            mentored[open_pairs[member.pair_id].program_id][member.person_id] += 1
    people = {person.pk: person for school in schools.values() for person in school.teachers}
    users, roles_of = [], []
    for school in schools.values():
        number = school_number(school.organization)
        counts = mentored[school.programs["current"].pk]
        mentor = people[max(counts, key=lambda pk: (counts[pk], -pk))] if counts else None
        for prefix, role in LOAD_ACCOUNTS:
            person = mentor if role == Role.MENTOR else None
            if role == Role.MENTOR and person is None:
                continue
            users.append(
                User(
                    username=f"{prefix}-{number}", organization=school.organization, person=person, password=encoded,
                    first_name=person.first_name if person else prefix, last_name=person.last_name if person else "",
                    is_staff=role == Role.ADMINISTRATOR,
                )
            )  # fmt: skip
            roles_of.append(role)
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user_id=user.pk, group_id=groups[role.value].pk)
            for user, role in zip(users, roles_of, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    deadline = today + dt.timedelta(days=SURVEY_DAYS)
    campaigns = {
        program_id: Campaign(
            organization=school.organization, questionnaire=questionnaire, program=school.programs["current"],
            title="Удовлетворённость наставляемых (нагрузочный тест)", deadline=deadline,
            status=Campaign.Status.RUNNING,
        )
        for program_id, school in current_programs.items()
    }  # fmt: skip
    Campaign.objects.bulk_create(campaigns.values(), batch_size=BATCH_SIZE)
    expires_at = link_expiry(deadline)
    invitations = [
        Invitation(
            campaign=campaigns[open_pairs[member.pair_id].program_id], person_id=member.person_id,
            pair_id=member.pair_id, role=Audience.MENTEE, expires_at=expires_at,
        )
        for member in members
        if member.role == PairMember.Role.MENTEE and member.pair_id in open_pairs
    ]  # fmt: skip
    # A mentee of two open pairs is invited once per campaign.
    invitations = list(
        {(invitation.campaign.pk, invitation.person_id): invitation for invitation in invitations}.values()
    )
    Invitation.objects.bulk_create(invitations, batch_size=BATCH_SIZE)
    return users, invitations


def scale_data_generate(
    *,
    sizes: ScaleSizes = ScaleSizes(),
    seed: int = 1,
    year: AcademicYear | None = None,
    today: dt.date | None = None,
    password: str | None = None,
) -> dict[str, int]:
    """Generate a load-test municipality; returns how many rows of each kind were created (and the school ids).

    With a ``password``, also the load-test accounts and personal survey links of every school (see --users)."""
    if sizes.schools < 1 or min(sizes.pupils, sizes.staff) < sizes.schools:
        raise ValueError("Нужна хотя бы одна школа, и в каждой — хотя бы один обучающийся и один педагог.")
    today = today or timezone.localdate()
    year = year or AcademicYear.containing(today)
    rng = random.Random(seed)
    forms, questions, questionnaires = _reference()
    with transaction.atomic():
        organizations = _organizations(sizes.schools, year)
        schools = _people(rng, _Names(rng), organizations, sizes, year)
        _programs(schools, year)
        pairs, members = _pairs(rng, schools, forms, sizes, year, today)
        responses, answers = _responses(rng, pairs, members, questions, questionnaires, sizes, year, today)
        users, invitations = (
            _accounts(schools, pairs, members, questionnaires["mentee"], password, today) if password else ([], [])
        )
    return {
        "schools": len(organizations),
        "people": sum(len(s.learners) + len(s.teachers) + len(s.employees) for s in schools.values()),
        "pairs": len(pairs),
        "members": len(members),
        "responses": len(responses),
        "answers": len(answers),
        "users": len(users),
        "invitations": len(invitations),
        "organization_ids": [organization.pk for organization in organizations],
    }


@transaction.atomic
def scale_data_delete() -> int:
    """Remove every «Нагрузочная школа» with its people, programs, pairs and responses; returns how many schools."""
    ids = list(Organization.objects.filter(short_name__startswith=SCHOOL_PREFIX).values_list("pk", flat=True))
    if not ids:
        return 0
    Answer.objects.filter(response__respondent__organization_id__in=ids).delete()
    Response.objects.filter(respondent__organization_id__in=ids).delete()
    Campaign.objects.filter(organization_id__in=ids).delete()
    MentorReport.objects.filter(pair__program__organization_id__in=ids).delete()
    YearEndReport.objects.filter(pair__program__organization_id__in=ids).delete()
    Pair.objects.filter(program__organization_id__in=ids).delete()
    Program.objects.filter(organization_id__in=ids).delete()
    MentorProfile.objects.filter(person__organization_id__in=ids).delete()
    MenteeProfile.objects.filter(person__organization_id__in=ids).delete()
    LegalRepresentative.objects.filter(minor__organization_id__in=ids).delete()
    User.objects.filter(organization_id__in=ids).delete()
    Person.objects.filter(organization_id__in=ids).delete()
    Organization.objects.filter(pk__in=ids).delete()
    return len(ids)


class Command(BaseCommand):
    help = (
        f"Создаёт нагрузочные данные: школы «{SCHOOL_PREFIX} № N» с обучающимися, педагогами, партнёрами, "
        "программами, парами и ответами на анкеты удовлетворённости (--delete удаляет их)."
    )

    def add_arguments(self, parser):
        defaults = ScaleSizes()
        parser.add_argument("--schools", type=int, default=defaults.schools, help="школ (каждая десятая — колледж СПО)")
        parser.add_argument("--pupils", type=int, default=defaults.pupils, help="обучающихся и студентов всего")
        parser.add_argument("--staff", type=int, default=defaults.staff, help="педагогов всего")
        parser.add_argument("--pairs", type=int, default=defaults.pairs, help="пар и групп всего")
        parser.add_argument(
            "--responses", type=int, default=defaults.responses, help="ответов на анкеты удовлетворённости"
        )
        parser.add_argument("--seed", type=int, default=1, help="зерно случайных чисел (одно зерно — одни данные)")
        parser.add_argument(
            "--users",
            action="store_true",
            help="учётные записи curator-N, director-N, mentor-N, admin-N в каждой школе N и анкетные ссылки",
        )
        parser.add_argument("--password", default=LOAD_PASSWORD, help="пароль учётных записей --users")
        parser.add_argument("--delete", action="store_true", help=f"удалить все школы «{SCHOOL_PREFIX}» и их данные")
        parser.add_argument("--force", action="store_true", help="запустить и при выключенном DEBUG")

    def handle(self, *args, force=False, delete=False, seed=1, users=False, password=LOAD_PASSWORD, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Нагрузочные данные создаются только при DEBUG=true; на рабочем сервере добавьте --force."
            )
        started = time.perf_counter()
        if delete:
            removed = scale_data_delete()
            self.stdout.write(f"Удалено школ «{SCHOOL_PREFIX}»: {removed} ({time.perf_counter() - started:.1f} с).")
            return
        sizes = ScaleSizes(**{name: options[name] for name in ("schools", "pupils", "staff", "pairs", "responses")})
        try:
            created = scale_data_generate(sizes=sizes, seed=seed, password=password if users else None)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Создано за {time.perf_counter() - started:.1f} с: {created['schools']} школ, {created['people']} участников, "
            f"{created['pairs']} пар и групп ({created['members']} участников пар), {created['responses']} ответов "
            f"на анкеты ({created['answers']} оценок). Удалить: manage.py generate_scale_data --delete"
        )
        if users:
            self.stdout.write(
                f"Учётные записи: {created['users']} (curator-N, director-N, mentor-N, admin-N, где N — номер школы; "
                f"пароль «{password}»), анкетных ссылок наставляемых: {created['invitations']}."
            )
