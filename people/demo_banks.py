"""The demo school's mentor and mentee banks and the consents of their people (see ``people.demo``).

Built through the services, so every rule of the banks and of consents holds for the demo too. Each
step is skipped for a person who already has it, which keeps a second run a no-op; the choices come
from a seeded generator over people sorted by their external id, so every run chooses the same.
"""

import datetime as dt
import io
import random

from django.core.management import call_command
from django.utils import timezone

from mentorship.academic_year import AcademicYear, age_on
from mentorship.russian import format_count
from people import demo_names
from people.classes import class_grade
from people.models import (
    Consent,
    LegalRepresentative,
    MenteeProfile,
    MentorProfile,
    Organization,
    Person,
    User,
)
from people.services import (
    consent_create,
    consent_revoke,
    mentee_full_cycle_mark,
    mentee_profile_create,
    mentee_request_add,
    mentee_status_set,
    mentor_criteria_assess,
    mentor_profile_create,
    mentor_status_change,
    mentor_training_add,
    person_update,
)
from programs.models import MentoringForm

FORM_TEACHER_PUPIL = "teacher-pupil"
FORM_TEACHER_TEACHER = "teacher-teacher"
FORM_PUPIL_PUPIL = "pupil-pupil"
FORM_EMPLOYER_PUPIL = "employer-pupil"
DEMO_FORMS = (FORM_TEACHER_PUPIL, FORM_TEACHER_TEACHER, FORM_PUPIL_PUPIL, FORM_EMPLOYER_PUPIL)

TEACHER_MENTORS = [f"demo-staff-{number:03d}" for number in range(4, 34)]
ACTIVE_TEACHER_MENTORS = ("demo-staff-004", "demo-staff-005")  # the demo users mentor and mentor2
PUPIL_MENTORS_TOTAL = 15
PARTNER_MENTORS_PER_ENTERPRISE = (3, 2)
PUPIL_MENTEES_TOTAL = 74
WITHOUT_CONSENT_SHARE = 0.12
# The roster gives the demo school a single ОВЗ pupil; these get the mark the way the rules want it:
# first a consent covering health data, then the mark (people.services refuses it otherwise).
DISABILITY_MARKED_LATER = ("demo-pupil-012", "demo-pupil-058", "demo-pupil-131")
TRAINING_TITLE = "Школа наставников"
TRAINING_HOURS = 16

# Final statuses; the workflow walks each mentor there step by step.
MentorStatus = MentorProfile.Status
TEACHER_STATUSES = (
    [MentorStatus.ACTIVE] * 10
    + [MentorStatus.TRAINED] * 5
    + [MentorStatus.APPROVED] * 5
    + [MentorStatus.CANDIDATE] * 5
    + [MentorStatus.RESERVE] * 2
    + [MentorStatus.LEFT]
)
PUPIL_STATUSES = (
    [MentorStatus.ACTIVE] * 5 + [MentorStatus.TRAINED] * 2 + [MentorStatus.APPROVED] * 3 + [MentorStatus.CANDIDATE] * 5
)
PARTNER_STATUSES = [MentorStatus.ACTIVE] * 2 + [MentorStatus.APPROVED] + [MentorStatus.CANDIDATE] * 2
WORKFLOW = {
    MentorStatus.CANDIDATE: (),
    MentorStatus.APPROVED: (),
    MentorStatus.TRAINED: (MentorStatus.TRAINED,),
    MentorStatus.ACTIVE: (MentorStatus.TRAINED, MentorStatus.ACTIVE),
    MentorStatus.RESERVE: (MentorStatus.TRAINED, MentorStatus.RESERVE),
    MentorStatus.LEFT: (MentorStatus.TRAINED, MentorStatus.ACTIVE, MentorStatus.LEFT),
}

# The vocabulary of competencies, interests and request tags (lower case, as requests store them).
SUBJECT_COMPETENCIES = {
    "учитель математики": ["олимпиадная математика", "подготовка к ОГЭ", "подготовка к ЕГЭ", "финансовая грамотность"],
    "учитель русского языка и литературы": ["подготовка к ОГЭ", "публичные выступления", "смысловое чтение"],
    "учитель физики": ["робототехника", "исследовательская деятельность", "подготовка к ОГЭ"],
    "учитель информатики": ["программирование", "робототехника", "цифровые образовательные ресурсы"],
    "учитель начальных классов": ["адаптация в коллективе", "классное руководство"],
    "учитель истории и обществознания": ["финансовая грамотность", "публичные выступления", "проектная деятельность"],
    "учитель английского языка": ["публичные выступления", "подготовка к ОГЭ"],
    "учитель химии": ["исследовательская деятельность", "подготовка к ЕГЭ"],
    "учитель биологии": ["исследовательская деятельность", "проектная деятельность"],
    "учитель географии": ["проектная деятельность", "профориентация"],
    "учитель физической культуры": ["спорт", "волонтёрство"],
    "учитель музыки": ["публичные выступления", "творческие проекты"],
    "учитель технологии": ["робототехника", "проектная деятельность"],
    "учитель изобразительного искусства": ["творческие проекты", "проектная деятельность"],
    "учитель основ безопасности и защиты Родины": ["спорт", "волонтёрство"],
    "педагог-психолог": ["адаптация в коллективе", "профориентация", "инклюзивное образование"],
    "социальный педагог": ["адаптация в коллективе", "работа с семьёй", "профилактика"],
    "педагог дополнительного образования": ["робототехника", "проектная деятельность"],
    "педагог-организатор": ["волонтёрство", "публичные выступления"],
    "учитель-логопед": ["инклюзивное образование", "смысловое чтение"],
    "советник директора по воспитанию": ["волонтёрство", "профориентация"],
}
TEACHER_COMPETENCIES = ["методика преподавания", "классное руководство", "цифровые образовательные ресурсы"]
PUPIL_MENTOR_COMPETENCIES = [
    "олимпиадная математика",
    "программирование",
    "робототехника",
    "публичные выступления",
    "адаптация в коллективе",
    "волонтёрство",
    "спорт",
    "проектная деятельность",
]
INTERESTS = [
    "туризм",
    "шахматы",
    "театр",
    "краеведение",
    "чтение",
    "фотография",
    "волонтёрство",
    "спорт",
    "музыка",
    "экология",
    "настольные игры",
    "программирование",
    "финансовая грамотность",
]
PUPIL_ACHIEVEMENTS = [
    "призёр муниципального этапа всероссийской олимпиады школьников по математике",
    "капитан школьной команды по робототехнике",
    "участник школьного волонтёрского отряда",
    "член совета обучающихся",
    "победитель школьной научно-практической конференции",
    "участник Движения первых",
    "призёр городских соревнований по лёгкой атлетике",
]
MOTIVATIONS = {
    Person.Category.TEACHER: [
        "Хочу передать свой опыт и помочь ребятам раскрыть способности.",
        "Интересно работать с мотивированными обучающимися индивидуально.",
        "Помню своего наставника и хочу так же поддержать других.",
        "Готов(а) помочь молодым коллегам быстрее освоиться в школе.",
    ],
    Person.Category.PUPIL: [
        "Хочу помочь младшим освоиться в школе.",
        "Нравится объяснять то, в чём разбираюсь сам(а).",
        "Хочу развить лидерские качества и научиться работать с людьми.",
    ],
    Person.Category.EMPLOYER: [
        "Показать школьникам, как устроена работа на предприятии.",
        "Предприятию нужны будущие инженеры, хотим знакомить с профессией со школы.",
    ],
}
PARTNER_COMPETENCIES = {
    "инженер-программист": ["программирование", "профориентация", "проектная деятельность"],
    "инженер-конструктор": ["робототехника", "проектная деятельность", "профориентация"],
    "системный администратор": ["программирование", "цифровые образовательные ресурсы", "профориентация"],
    "главный технолог": ["профориентация", "проектная деятельность"],
    "инженер-технолог": ["профориентация", "робототехника"],
}

# Requests of the mentee bank: (text, tags, sources it may come from).
REQUESTS_REGULAR = [
    ("Испытывает трудности по математике, хочет подготовиться к ОГЭ.", ["подготовка к ОГЭ"], ("self", "parents")),
    (
        "Недавно перешёл(перешла) в школу, трудно найти общий язык с одноклассниками.",
        ["адаптация в коллективе"],
        ("class_teacher", "psychologist"),
    ),
    (
        "Интересуется программированием, хочет сделать свой первый проект.",
        ["программирование", "проектная деятельность"],
        ("self",),
    ),
    ("Не может определиться с профилем обучения и будущей профессией.", ["профориентация"], ("self", "parents")),
    (
        "Стесняется выступать перед классом, нужна поддержка при защите проекта.",
        ["публичные выступления", "проектная деятельность"],
        ("class_teacher",),
    ),
    ("Хочет заниматься робототехникой и участвовать в соревнованиях.", ["робототехника"], ("self",)),
    ("Хочет разобраться в финансовой грамотности и поучаствовать в олимпиаде.", ["финансовая грамотность"], ("self",)),
    ("Хочет попробовать себя в волонтёрстве.", ["волонтёрство"], ("self", "class_teacher")),
    (
        "Снизилась успеваемость, нужна помощь в организации самостоятельной работы.",
        ["адаптация в коллективе"],
        ("parents", "class_teacher"),
    ),
    ("Готовится к сдаче норм ГТО, нужна поддержка в подготовке.", ["спорт"], ("self",)),
]
REQUESTS_GIFTED = [
    (
        "Готовится к олимпиаде по математике, нужен наставник для подготовки к региональному этапу.",
        ["олимпиадная математика"],
        ("self", "class_teacher"),
    ),
    (
        "Хочет выполнить исследовательский проект и представить его на конференции.",
        ["исследовательская деятельность", "проектная деятельность"],
        ("self",),
    ),
    ("Увлекается программированием, хочет участвовать в олимпиаде по информатике.", ["программирование"], ("self",)),
]
REQUESTS_DISABILITY = [
    (
        "Нужна помощь в адаптации к обучению в классе и в общении со сверстниками.",
        ["адаптация в коллективе", "инклюзивное образование"],
        ("psychologist", "parents"),
    ),
    (
        "Родители просят помочь с организацией учебной работы с учётом рекомендаций ПМПК.",
        ["инклюзивное образование"],
        ("parents",),
    ),
]
REQUESTS_AT_RISK = [
    (
        "Низкая учебная мотивация, пропуски уроков; нужна помощь в выборе кружка или секции.",
        ["профилактика", "спорт"],
        ("social_teacher", "class_teacher"),
    ),
    (
        "Конфликты с одноклассниками, нужна поддержка взрослого.",
        ["адаптация в коллективе", "профилактика"],
        ("psychologist", "social_teacher"),
    ),
    ("Не видит смысла в учёбе, не знает, кем хочет стать.", ["профориентация"], ("social_teacher",)),
]
REQUESTS_YOUNG_SPECIALIST = [
    (
        "Трудности с дисциплиной на уроках и с организацией работы класса.",
        ["методика преподавания", "классное руководство"],
        ("self", "methodical"),
    ),
    (
        "Подготовка к аттестации, нужна помощь в оформлении методических материалов.",
        ["методика преподавания"],
        ("attestation",),
    ),
    (
        "Первый год классного руководства: работа с родителями и планирование воспитательной работы.",
        ["классное руководство", "работа с семьёй"],
        ("administration", "self"),
    ),
    (
        "Хочет освоить цифровые образовательные ресурсы для уроков.",
        ["цифровые образовательные ресурсы"],
        ("self", "personal_file"),
    ),
]


def _has_disability(person: Person) -> bool:
    """The ОВЗ mark as the demo plans it: the same on the first run and on every later one."""
    return person.has_disability or person.external_id in DISABILITY_MARKED_LATER


def _day_not_after(day: dt.date, today: dt.date) -> dt.date:
    """The planned day, or today if the plan is ahead of the calendar (the demo may run on 1 September)."""
    return min(day, today)


def _mentor_plan(rng: random.Random, year: AcademicYear, people: dict[str, Person]) -> list[dict]:
    """Who enters the mentor bank, with what, and the status the workflow takes him to."""
    plan = []
    teacher_statuses = list(TEACHER_STATUSES)
    rng.shuffle(teacher_statuses)
    teacher_statuses = [MentorStatus.ACTIVE for _ in ACTIVE_TEACHER_MENTORS] + teacher_statuses
    for external_id, status in zip(TEACHER_MENTORS, teacher_statuses, strict=True):
        person = people[external_id]
        subject = SUBJECT_COMPETENCIES.get(person.position, [])
        competencies = sorted(set(rng.sample(subject, min(2, len(subject))) + rng.sample(TEACHER_COMPETENCIES, 1)))
        years = age_on(person.teaching_since, year.start) if person.teaching_since else 0
        forms = [FORM_TEACHER_PUPIL]
        if external_id not in ACTIVE_TEACHER_MENTORS and years >= 10 and rng.random() < 0.6:
            forms.append(FORM_TEACHER_TEACHER)
        plan.append(
            {
                "person": person,
                "status": status,
                "forms": forms,
                "competencies": competencies,
                "interests": sorted(rng.sample(INTERESTS, 2)),
                "experience": f"Педагогический стаж — {format_count(years, 'год', 'года', 'лет')}; {person.position}.",
                "motivation": rng.choice(MOTIVATIONS[Person.Category.TEACHER]),
                "capacity": rng.randint(1, 4),
                "hours_per_month": rng.choice((2, 4, 6, 8)),
            }
        )

    seniors = [
        person
        for person in people.values()
        if person.category == Person.Category.PUPIL
        and class_grade(person.school_class) >= 9
        and not (_has_disability(person) or person.is_at_risk)
    ]
    gifted = [person for person in seniors if person.is_gifted]
    others = [person for person in seniors if not person.is_gifted]
    chosen = gifted[: PUPIL_MENTORS_TOTAL // 2]
    chosen += rng.sample(others, PUPIL_MENTORS_TOTAL - len(chosen))
    chosen.sort(key=lambda person: person.external_id)
    pupil_statuses = list(PUPIL_STATUSES)
    rng.shuffle(pupil_statuses)
    for person, status in zip(chosen, pupil_statuses, strict=True):
        plan.append(
            {
                "person": person,
                "status": status,
                "forms": [FORM_PUPIL_PUPIL],
                "competencies": sorted(rng.sample(PUPIL_MENTOR_COMPETENCIES, rng.randint(2, 3))),
                "interests": sorted(rng.sample(INTERESTS, 2)),
                "experience": f"Обучающийся {person.school_class} класса; {rng.choice(PUPIL_ACHIEVEMENTS)}.",
                "motivation": rng.choice(MOTIVATIONS[Person.Category.PUPIL]),
                "capacity": rng.randint(1, 2),
                "hours_per_month": rng.choice((2, 4)),
            }
        )

    employees = []
    for enterprise, count in zip(demo_names.PARTNER_ENTERPRISES, PARTNER_MENTORS_PER_ENTERPRISE, strict=True):
        employees += [people[f"demo-partner-{enterprise['inn']}-{index}"] for index in range(1, count + 1)]
    for person, status in zip(employees, PARTNER_STATUSES, strict=True):
        plan.append(
            {
                "person": person,
                "status": status,
                "forms": [FORM_EMPLOYER_PUPIL],
                "competencies": list(PARTNER_COMPETENCIES.get(person.position, ["профориентация"])),
                "interests": sorted(rng.sample(INTERESTS, 2)),
                "experience": f"{person.position[:1].upper()}{person.position[1:]}, {person.partner.name}.",
                "motivation": rng.choice(MOTIVATIONS[Person.Category.EMPLOYER]),
                "capacity": rng.randint(1, 3),
                "hours_per_month": rng.choice((2, 4)),
            }
        )
    return plan


def _mentee_plan(rng: random.Random, year: AcademicYear, people: dict[str, Person], mentor_ids: set[str]) -> list[dict]:
    """Who enters the mentee bank: the young specialists and pupils, the marked ones first."""
    plan = []
    for external_id in sorted(people):
        person = people[external_id]
        if person.category == Person.Category.TEACHER and person.is_young_specialist(year.start):
            plan.append({"person": person, "requests": rng.sample(REQUESTS_YOUNG_SPECIALIST, 2)})

    pupils = [
        person
        for external_id, person in sorted(people.items())
        if person.category == Person.Category.PUPIL and external_id not in mentor_ids
    ]
    disabled = [person for person in pupils if _has_disability(person)]
    unmarked = [person for person in pupils if not _has_disability(person)]
    at_risk = [person for person in unmarked if person.is_at_risk][:10]
    gifted = [person for person in unmarked if person.is_gifted and not person.is_at_risk][:12]
    marked = {person.pk for person in disabled + at_risk + gifted}
    regular = [
        person for person in pupils if person.pk not in marked and not person.is_at_risk and not person.is_gifted
    ]
    regular = rng.sample(regular, PUPIL_MENTEES_TOTAL - len(marked))
    for person in sorted(disabled + at_risk + gifted + regular, key=lambda person: person.external_id):
        if _has_disability(person):
            pool = REQUESTS_DISABILITY
        elif person.is_at_risk:
            pool = REQUESTS_AT_RISK
        elif person.is_gifted:
            pool = REQUESTS_GIFTED
        else:
            pool = REQUESTS_REGULAR
        count = 2 if rng.random() < 0.25 else 1
        plan.append({"person": person, "requests": rng.sample(pool, count)})

    # Most wait for a mentor; two younger pupils have left the school, two completed last year's program.
    for entry in plan:
        entry["status"] = MenteeProfile.Status.WAITING
    younger = [
        entry
        for entry in plan
        if entry["person"].category == Person.Category.PUPIL
        and class_grade(entry["person"].school_class) <= 8
        and not _has_disability(entry["person"])
    ]
    chosen = rng.sample(younger, 4)
    for entry in chosen[:2]:
        entry["status"] = MenteeProfile.Status.LEFT
    for entry in chosen[2:]:
        entry["status"] = MenteeProfile.Status.COMPLETED
    return plan


def _mentors_seed(plan: list[dict], forms: dict[str, MentoringForm], year: AcademicYear, curator: User | None) -> int:
    today = timezone.localdate()
    council_day = dt.date(year.start_year, 8, 30)
    basis = f"решение педагогического совета № 1 от {council_day:%d.%m.%Y}"
    existing = set(
        MentorProfile.objects.filter(person__in=[entry["person"] for entry in plan]).values_list("person", flat=True)
    )
    steps_on = {
        MentorStatus.TRAINED: _day_not_after(dt.date(year.start_year, 9, 12), today),
        MentorStatus.ACTIVE: _day_not_after(dt.date(year.start_year, 9, 20), today),
        MentorStatus.RESERVE: _day_not_after(dt.date(year.start_year, 9, 20), today),
        MentorStatus.LEFT: _day_not_after(dt.date(year.start_year, 10, 15), today),
    }
    steps_basis = {
        MentorStatus.TRAINED: f"{TRAINING_TITLE}, {TRAINING_HOURS} ч.",
        MentorStatus.ACTIVE: "",
        MentorStatus.RESERVE: "нет подходящих запросов наставляемых",
        MentorStatus.LEFT: "заявление наставника (переезд в другой город)",
    }
    created = 0
    for number, entry in enumerate(plan, start=1):
        if entry["person"].pk in existing:
            continue
        status = entry["status"]
        approved = status != MentorStatus.CANDIDATE
        profile = mentor_profile_create(
            person=entry["person"],
            created_by=curator,
            forms=[forms[code] for code in entry["forms"]],
            status=MentorStatus.APPROVED if approved else MentorStatus.CANDIDATE,
            approved_on=council_day if approved else None,
            approval_basis=basis if approved else "",
            competencies=entry["competencies"],
            interests=entry["interests"],
            experience=entry["experience"],
            motivation=entry["motivation"],
            capacity=entry["capacity"],
            hours_per_month=entry["hours_per_month"],
        )
        created += 1
        if not approved:
            continue
        mentor_criteria_assess(
            profile=profile,
            assessed_on=dt.date(year.start_year, 8, 28),
            **{name: not (name == "criterion_time" and number % 5 == 0) for name in MentorProfile.CRITERIA},
            note="Ресурс времени ограничен: нагрузка больше ставки." if number % 5 == 0 else "",
        )
        for step in WORKFLOW[status]:
            if step == MentorStatus.TRAINED:
                mentor_training_add(
                    profile=profile,
                    completed_on=steps_on[step],
                    hours=TRAINING_HOURS,
                    title=TRAINING_TITLE,
                    document=f"сертификат № {number}",
                )
            mentor_status_change(
                profile=profile, status=step, changed_on=steps_on[step], basis=steps_basis[step], changed_by=curator
            )
    return created


def _mentees_seed(plan: list[dict], year: AcademicYear) -> tuple[int, int]:
    today = timezone.localdate()
    existing = set(
        MenteeProfile.objects.filter(person__in=[entry["person"] for entry in plan]).values_list("person", flat=True)
    )
    profiles = requests = 0
    for number, entry in enumerate(plan):
        person = entry["person"]
        if person.pk in existing:
            continue
        notes = ""
        if _has_disability(person):
            notes = "Подбор наставника — с учётом рекомендаций ПМПК."
        if entry["status"] == MenteeProfile.Status.LEFT:
            notes = "Переведён(а) в другую образовательную организацию."
        profile = mentee_profile_create(person=person, notes=notes)
        profiles += 1
        for offset, (text, tags, sources) in enumerate(entry["requests"]):
            mentee_request_add(
                profile=profile,
                text=text,
                tags=tags,
                source=sources[(number + offset) % len(sources)],
                received_on=_day_not_after(dt.date(year.start_year, 9, 5 + number % 20), today),
            )
            requests += 1
        if entry["status"] == MenteeProfile.Status.COMPLETED:
            mentee_full_cycle_mark(profile=profile, completed_on=dt.date(year.start_year, 5, 26))
        elif entry["status"] != MenteeProfile.Status.WAITING:
            mentee_status_set(profile=profile, status=entry["status"])
    return profiles, requests


def _consents_seed(rng: random.Random, people: list[Person], year: AcademicYear, curator: User | None) -> int:
    """Consents for most of the banks' people: a minor's signed by a parent, an adult's by himself.

    Active mentors and ОВЗ pupils all have one; one consent is revoked (a mentee who left), one has expired.
    """
    today = timezone.localdate()
    active = set(
        MentorProfile.objects.filter(person__in=people, status=MentorStatus.ACTIVE).values_list("person", flat=True)
    )
    left = set(
        MenteeProfile.objects.filter(person__in=people, status=MenteeProfile.Status.LEFT).values_list(
            "person", flat=True
        )
    )
    revoked_person = next((person.pk for person in people if person.pk in left), None)
    expired_person = next(
        (person.pk for person in people if person.category == Person.Category.EMPLOYER and person.pk not in active),
        None,
    )
    # The ОВЗ mark is health data: it stands only on a health consent (people.services), so all ОВЗ pupils get one.
    optional = [
        person
        for person in people
        if person.pk not in active | {revoked_person, expired_person} and not _has_disability(person)
    ]
    without = {person.pk for person in rng.sample(optional, round(len(people) * WITHOUT_CONSENT_SHARE))}
    already = set(Consent.objects.filter(person__in=people).values_list("person", flat=True).distinct())
    first_parent = {}
    for link in LegalRepresentative.objects.filter(minor__in=people).select_related("representative").order_by("pk"):
        first_parent.setdefault(link.minor_id, link.representative)
    created = 0
    for number, person in enumerate(people):
        if person.pk in without or person.pk in already:
            continue
        signed_on = _day_not_after(dt.date(year.start_year, 9, 2 + number % 14), today)
        valid_until = None
        if person.pk == expired_person:
            signed_on, valid_until = dt.date(year.start_year - 1, 9, 5), dt.date(year.start_year, 8, 31)
        minor = person.is_minor(signed_on)
        consent = consent_create(
            person=person,
            signed_on=signed_on,
            signed_by=first_parent.get(person.pk) if minor else None,
            valid_until=valid_until or (year.end if minor else None),
            covers_health_data=_has_disability(person),
            recorded_by=curator,
        )
        created += 1
        if person.pk == revoked_person:
            consent_revoke(
                consent=consent,
                revoked_on=_day_not_after(signed_on + dt.timedelta(days=21), today),
                reason="Заявление законного представителя: обучающийся переведён в другую школу.",
            )
    return created


def demo_banks_seed(*, organization: Organization, seed: int = 2025) -> dict[str, int]:
    """The mentor and mentee banks of the demo school and the consents of their people."""
    if MentoringForm.objects.filter(code__in=DEMO_FORMS).count() < len(DEMO_FORMS):
        call_command("load_reference", stdout=io.StringIO())
    forms = {form.code: form for form in MentoringForm.objects.filter(code__in=DEMO_FORMS)}
    year = AcademicYear.current()
    rng = random.Random(f"{seed}-banks")
    people = {
        person.external_id: person
        for person in Person.objects.filter(organization=organization, external_id__startswith="demo-")
        .exclude(category=Person.Category.PARENT)
        .select_related("partner")
        .order_by("external_id")
    }
    curator = User.objects.filter(username="curator").first()
    mentor_plan = _mentor_plan(rng, year, people)
    mentee_plan = _mentee_plan(rng, year, people, {entry["person"].external_id for entry in mentor_plan})
    mentors = _mentors_seed(mentor_plan, forms, year, curator)
    mentees, requests = _mentees_seed(mentee_plan, year)
    bank_people = sorted(
        [entry["person"] for entry in mentor_plan + mentee_plan], key=lambda person: person.external_id
    )
    consents = _consents_seed(rng, bank_people, year, curator)
    for person in bank_people:
        if _has_disability(person) and not person.has_disability:
            person_update(person=person, has_disability=True)
    return {"mentors": mentors, "mentees": mentees, "mentee_requests": requests, "consents": consents}
