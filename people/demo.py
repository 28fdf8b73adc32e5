"""The demo school: a deterministic, idempotent set of people and accounts for trying the portal.

Every record carries an external id ("demo-…"), so a second run finds what the first made and
creates nothing twice. Later apps add their own demo data on top (see ``seed_demo``).
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction

from mentorship.academic_year import AcademicYear
from people import demo_names
from people.demo_banks import demo_banks_seed
from people.models import LegalRepresentative, Organization, PartnerOrganization, Person, User
from people.roles import Role
from people.services import roles_sync, user_create, user_set_roles

DEMO_PASSWORD = "demo"
DEMO_INN = "2721000018"
GRADES = range(5, 12)
CLASS_LETTERS = ("А", "Б")
PUPILS_TOTAL = 300
TEACHERS_TOTAL = 40
YOUNG_SPECIALISTS = 6

DEMO_USERS = (
    ("admin", Role.ADMINISTRATOR, None, "администратор: импорт списков, учётные записи"),
    ("director", Role.PRINCIPAL, "demo-staff-001", "руководитель: приказы, показатели"),
    ("curator", Role.CURATOR, "demo-staff-002", "куратор: банки наставников и наставляемых, пары"),
    ("mentor", Role.MENTOR, "demo-staff-004", "наставник: свои пары, встречи, анкеты"),
    ("mentor2", Role.MENTOR, "demo-staff-005", "наставник второй пары"),
)


@dataclass
class DemoSummary:
    organization: Organization
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)


def _birth_date(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


class _NameMaker:
    """Russian names drawn from a seeded generator; the surname is shared by a family."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def surname(self) -> tuple[str, str]:
        return self.rng.choice(demo_names.SURNAMES)

    def person(self, sex: str, surname: tuple[str, str], father: tuple[str, str, str] | None = None) -> dict:
        father = father or self.rng.choice(demo_names.MALE_FIRST_NAMES)
        if sex == Person.Sex.MALE:
            first_name = self.rng.choice(demo_names.MALE_FIRST_NAMES)[0]
            return {"last_name": surname[0], "first_name": first_name, "middle_name": father[1], "sex": sex}
        first_name = self.rng.choice(demo_names.FEMALE_FIRST_NAMES)
        return {"last_name": surname[1], "first_name": first_name, "middle_name": father[2], "sex": sex}


def _phone(rng: random.Random) -> str:
    return f"+7 9{rng.randrange(10, 99)} {rng.randrange(100, 999)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}"


def _plan_people(year: AcademicYear, rng: random.Random) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """Every demo person as field values, and the (minor, representative, relation) links."""
    names = _NameMaker(rng)
    people: list[dict] = []
    links: list[tuple[str, str, str]] = []

    classes = [f"{grade}{letter}" for grade in GRADES for letter in CLASS_LETTERS]
    base, extra = divmod(PUPILS_TOTAL, len(classes))
    pupil_number = 0
    family_number = 0
    for index, school_class in enumerate(classes):
        grade = int(school_class[:-1])
        for _ in range(base + (1 if index < extra else 0)):
            pupil_number += 1
            family_number += 1
            surname = names.surname()
            father = rng.choice(demo_names.MALE_FIRST_NAMES)
            sex = rng.choice(Person.Sex.values)
            pupil_id = f"demo-pupil-{pupil_number:03d}"
            roll = rng.random()
            people.append(
                {
                    **names.person(sex, surname, father),
                    "external_id": pupil_id,
                    "category": Person.Category.PUPIL,
                    "school_class": school_class,
                    # pupils of grade g are 6+g on 1 September, born between Sept and Aug
                    "birth_date": _birth_date(rng, year.start_year - 6 - grade - (1 if rng.random() < 0.6 else 0)),
                    "has_disability": roll < 0.03,
                    "is_at_risk": 0.03 <= roll < 0.08,
                    "is_gifted": 0.08 <= roll < 0.16,
                }
            )
            parent_kinds = [("mother", Person.Sex.FEMALE)]
            if rng.random() < 0.4:
                parent_kinds.append(("father", Person.Sex.MALE))
            if rng.random() < 0.15:
                parent_kinds = [("father", Person.Sex.MALE)]
            for relation, parent_sex in parent_kinds:
                parent_id = f"demo-parent-{family_number:03d}-{relation}"
                if relation == "father":
                    parent_names = {
                        "last_name": surname[0],
                        "first_name": father[0],
                        "middle_name": rng.choice(demo_names.MALE_FIRST_NAMES)[1],
                        "sex": parent_sex,
                    }
                else:
                    parent_names = names.person(parent_sex, surname)
                people.append(
                    {
                        **parent_names,
                        "external_id": parent_id,
                        "category": Person.Category.PARENT,
                        "birth_date": _birth_date(rng, year.start_year - rng.randint(30, 50)),
                        "phone": _phone(rng),
                    }
                )
                links.append((pupil_id, parent_id, relation))

    positions = [
        ("директор", 30),
        ("заместитель директора по учебно-воспитательной работе", 22),
        ("заместитель директора по воспитательной работе", 15),
    ]
    for number in range(1, TEACHERS_TOTAL + 1):
        sex = Person.Sex.FEMALE if rng.random() < 0.8 else Person.Sex.MALE
        young = number > TEACHERS_TOTAL - YOUNG_SPECIALISTS
        if number <= len(positions):
            position, experience = positions[number - 1]
        else:
            position = demo_names.TEACHER_SUBJECTS[(number - 4) % len(demo_names.TEACHER_SUBJECTS)]
            experience = rng.randint(0, 2) if young else rng.randint(4, 35)
        age = 22 + experience + (rng.randint(0, 3) if young else rng.randint(0, 6))
        people.append(
            {
                **names.person(sex, names.surname()),
                "external_id": f"demo-staff-{number:03d}",
                "category": Person.Category.TEACHER,
                "position": position,
                "birth_date": _birth_date(rng, year.start_year - age),
                "teaching_since": dt.date(year.start_year - experience, 9, 1) + dt.timedelta(days=rng.randrange(0, 30)),
                "phone": _phone(rng),
                "email": f"teacher{number:03d}@school7.example",
            }
        )
    return people, links


@transaction.atomic
def demo_school_seed(*, seed: int = 2025) -> DemoSummary:
    """Create (or complete) the demo school, its users and its banks; a second run creates nothing new."""
    roles_sync()
    year = AcademicYear.current()
    rng = random.Random(seed)
    organization, _ = Organization.objects.get_or_create(
        inn=DEMO_INN,
        defaults={
            "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»",
            "short_name": "МБОУ СОШ № 7",
            "kind": Organization.Kind.GENERAL,
            "address": "680000, г. Хабаровск, ул. Школьная, д. 7",
            "locality": "г. Хабаровск",
            "head_full_name": "",
            "head_position": "Директор",
        },
    )
    summary = DemoSummary(organization=organization)
    people, links = _plan_people(year, rng)

    partners = {}
    for number, enterprise in enumerate(demo_names.PARTNER_ENTERPRISES, start=1):
        partner, created = PartnerOrganization.objects.get_or_create(
            organization=organization,
            inn=enterprise["inn"],
            defaults={
                "name": enterprise["name"],
                "agreement_number": enterprise["agreement_number"],
                "agreement_date": dt.date(year.start_year - 1, 8, 20 + number),
                "agreement_subject": enterprise["agreement_subject"],
            },
        )
        partners[partner] = enterprise
        summary.created["partners"] = summary.created.get("partners", 0) + int(created)
    names = _NameMaker(rng)
    for partner, enterprise in partners.items():
        for index, position in enumerate(enterprise["employee_positions"], start=1):
            sex = Person.Sex.MALE if rng.random() < 0.6 else Person.Sex.FEMALE
            people.append(
                {
                    **names.person(sex, names.surname()),
                    "external_id": f"demo-partner-{partner.inn}-{index}",
                    "category": Person.Category.EMPLOYER,
                    "position": position,
                    "partner": partner,
                    "birth_date": _birth_date(rng, year.start_year - rng.randint(26, 55)),
                    "phone": _phone(rng),
                }
            )

    existing = set(
        Person.objects.filter(organization=organization, external_id__startswith="demo-").values_list(
            "external_id", flat=True
        )
    )
    new_people = [
        Person(organization=organization, **values) for values in people if values["external_id"] not in existing
    ]
    Person.objects.bulk_create(new_people, batch_size=500)
    summary.created["people"] = len(new_people)

    ids = dict(
        Person.objects.filter(organization=organization, external_id__startswith="demo-").values_list(
            "external_id", "pk"
        )
    )
    LegalRepresentative.objects.bulk_create(
        [
            LegalRepresentative(minor_id=ids[minor], representative_id=ids[parent], relation=relation)
            for minor, parent, relation in links
        ],
        ignore_conflicts=True,
    )
    head = Person.objects.get(organization=organization, external_id="demo-staff-001")
    if not organization.head_full_name:
        organization.head_full_name = head.full_name
        organization.save(update_fields=["head_full_name"])

    for username, role, person_external_id, description in DEMO_USERS:
        person = (
            Person.objects.get(organization=organization, external_id=person_external_id)
            if person_external_id
            else None
        )
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                password=DEMO_PASSWORD,
                organization=organization,
                roles=[role],
                person=person,
                first_name="Администратор" if person is None else "",
                last_name="портала" if person is None else "",
            )
        else:
            user_set_roles(user=user, roles=[role])
        summary.logins.append((username, description))
    summary.created.update(demo_banks_seed(organization=organization, seed=seed))
    users = {user.username: user for user in User.objects.filter(username__in=[u[0] for u in DEMO_USERS])}
    # Imported here: the programs and monitoring apps build on people, not the other way round.
    from monitoring.demo import demo_monitoring_seed
    from programs.demo import demo_programs_seed

    summary.created.update(
        demo_programs_seed(
            organization=organization,
            principal=users["director"],
            curator=users["curator"],
            mentor_users=[users["mentor"], users["mentor2"]],
            seed=seed,
        )
    )
    summary.created.update(demo_monitoring_seed(organization=organization, curator=users["curator"], seed=seed))
    return summary
