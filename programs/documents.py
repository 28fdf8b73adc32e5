"""What the documents other than orders print: consent forms, agreements, roadmap, program card, letters.

Each ``*_context`` returns everything its template in ``templates/documents/`` needs, with every
name already declined and every date already written the Russian way, so templates only print.
Callers fetch the objects through the access selectors; nothing here checks who is asking.
Sensitive marks (ОВЗ, группа риска, одарённость) are never printed; a consent form lists health
data only when the person's consent in force already covers it.
"""

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, Q
from django.utils import timezone

from mentorship.pdf import render_document_html, render_pdf
from mentorship.russian import (
    Case,
    format_count,
    format_date_long,
    format_date_short,
    initials_name,
    initials_name_before,
    join_ru,
)
from people.classes import normalize_school_class
from people.models import Consent, LegalRepresentative, Organization, Person
from people.services import (
    CONSENT_DEFAULT_DATA,
    CONSENT_DEFAULT_PURPOSES,
    CONSENT_DEFAULT_REVOCATION,
    CONSENT_HEALTH_DATA,
)
from programs.models import Nomination, Order, Pair, PairMember, Program, RoadmapActivity
from programs.orders import person_in_case, person_initials_in_case, person_role_phrase, reason_phrase

CONSENT_TEMPLATE = "documents/consent.html"
AGREEMENT_TEMPLATE = "documents/agreement.html"
ROADMAP_TEMPLATE = "documents/roadmap.html"
PROGRAM_TEMPLATE = "documents/program.html"
THANKS_TEMPLATE = "documents/thanks.html"

BLANK = "____________________"
BLANK_DATE = "«___» __________ 20__ г."

# 152-ФЗ art. 3 p. 3: the actions that make up «обработка персональных данных».
CONSENT_ACTIONS = (
    "сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, "
    "использование, передача (предоставление, доступ), обезличивание, блокирование, удаление, уничтожение"
)
CONSENT_METHODS = "смешанная обработка: с использованием средств автоматизации и без их использования"
CONSENT_TERM = (
    "Согласие действует со дня его подписания до окончания участия в программах наставничества "
    "образовательной организации либо до его отзыва."
)

# A minor's representative chosen for the form: the one who signed before, then by relation.
_RELATION_ORDER = [relation.value for relation in LegalRepresentative.Relation]
# «являясь матерью (законным представителем)…»
RELATION_INSTRUMENTAL = {
    LegalRepresentative.Relation.MOTHER: "матерью",
    LegalRepresentative.Relation.FATHER: "отцом",
    LegalRepresentative.Relation.GUARDIAN: "опекуном",
    LegalRepresentative.Relation.TRUSTEE: "попечителем",
    LegalRepresentative.Relation.FOSTER: "приёмным родителем",
    LegalRepresentative.Relation.OTHER: "законным представителем",
}
# The document that gives the authority, when the link records none.
RELATION_BASIS = {
    LegalRepresentative.Relation.MOTHER: "свидетельство о рождении ребёнка серия ______ № __________",
    LegalRepresentative.Relation.FATHER: "свидетельство о рождении ребёнка серия ______ № __________",
    LegalRepresentative.Relation.GUARDIAN: "акт органа опеки и попечительства о назначении опекуна "
    "№ ________ от ____________",
    LegalRepresentative.Relation.TRUSTEE: "акт органа опеки и попечительства о назначении попечителя "
    "№ ________ от ____________",
    LegalRepresentative.Relation.FOSTER: "договор о приёмной семье № ________ от ____________",
    LegalRepresentative.Relation.OTHER: "документ, подтверждающий полномочия: ______________________________",
}
# «действующей на основании свидетельства о рождении ребёнка» in the agreement.
RELATION_BASIS_GENITIVE = {
    LegalRepresentative.Relation.MOTHER: "свидетельства о рождении ребёнка",
    LegalRepresentative.Relation.FATHER: "свидетельства о рождении ребёнка",
    LegalRepresentative.Relation.GUARDIAN: "акта органа опеки и попечительства о назначении опекуна",
    LegalRepresentative.Relation.TRUSTEE: "акта органа опеки и попечительства о назначении попечителя",
    LegalRepresentative.Relation.FOSTER: "договора о приёмной семье",
    LegalRepresentative.Relation.OTHER: "документа, подтверждающего полномочия",
}
PASSPORT_LINE = "паспорт серия ______ № __________ выдан"
BIRTH_CERTIFICATE_LINE = "свидетельство о рождении серия ______ № __________ выдано"
PASSPORT_AGE = 14

_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def document_filename(*parts: str) -> str:
    """A PDF file name from words, without characters a file system or a browser refuses."""
    name = " ".join(part for part in parts if part)
    return _UNSAFE_IN_FILENAME.sub(" ", name).strip()[:150] + ".pdf"


def _adjective_by_sex(person: Person, male: str, female: str) -> str:
    return female if person.sex == Person.Sex.FEMALE else male


def _role_nominative(person: Person) -> str:
    """«учитель математики», «обучающийся 7Б класса»; the category when nothing more is known."""
    return person_role_phrase(person, Case.NOMINATIVE) or person.get_category_display()


def _short(person: Person) -> str:
    return initials_name(person.last_name, person.first_name, person.middle_name)


def _short_before(person: Person) -> str:
    return initials_name_before(person.last_name, person.first_name, person.middle_name)


def _screen_context(screen: bool, toolbar_links: Sequence[tuple[str, str]] = ()) -> dict:
    return {"screen": screen, "toolbar_links": list(toolbar_links) if screen else []}


# --- Consent to personal-data processing (152-ФЗ art. 9 part 4) ------------------------------------


@dataclass(frozen=True)
class ConsentFormData:
    """One person's pre-filled consent form; a minor's names the representative who signs."""

    person: Person
    is_minor: bool
    subject_name: str
    subject_name_genitive: str
    subject_birth: str
    subject_role: str
    subject_document: str
    owner_short: str
    representative: Person | None
    representative_name: str
    representative_short: str
    relation_instrumental: str
    relation_label: str
    basis: str
    purposes: str
    data_list: str
    covers_health: bool
    signer_label: str = field(default="")
    minor_word: str = "несовершеннолетнего(ей)"
    his_her: str = "его (её)"
    living_word: str = "проживающий(ая)"


def _representative_link(person: Person, links: Sequence[LegalRepresentative], consents: Sequence[Consent]):
    if not links:
        return None
    signers = [consent.signed_by_id for consent in consents if consent.signed_by_id]
    return sorted(
        links,
        key=lambda link: (
            link.representative_id not in signers,
            _RELATION_ORDER.index(link.relation) if link.relation in _RELATION_ORDER else len(_RELATION_ORDER),
            link.pk,
        ),
    )[0]


def _covers_health(consents: Iterable[Consent], day: dt.date) -> bool:
    return any(consent.covers_health_data and consent.is_valid_on(day) for consent in consents)


def consent_form_data(
    person: Person,
    *,
    links: Sequence[LegalRepresentative] | None = None,
    consents: Sequence[Consent] | None = None,
    representative: Person | None = None,
    day: dt.date | None = None,
) -> ConsentFormData:
    """The form of one person; ``links`` and ``consents`` may come prefetched (a whole class)."""
    day = day or timezone.localdate()
    links = list(links if links is not None else person.representatives.select_related("representative"))
    consents = list(consents if consents is not None else person.consents.all())
    is_minor = person.is_minor(day)
    link = None
    if is_minor:
        if representative is not None:
            link = next((item for item in links if item.representative_id == representative.pk), None)
        link = link or _representative_link(person, links, consents)
    covers_health = _covers_health(consents, day)
    data_list = CONSENT_DEFAULT_DATA + (f"; {CONSENT_HEALTH_DATA}" if covers_health else "")
    age = person.age(day)
    subject_document = BIRTH_CERTIFICATE_LINE if age is not None and age < PASSPORT_AGE else PASSPORT_LINE
    rep = link.representative if link else None
    if link is not None:
        relation = LegalRepresentative.Relation(link.relation)
        basis = link.authority_document.strip() or RELATION_BASIS[relation]
        relation_instrumental = RELATION_INSTRUMENTAL[relation]
        relation_label = relation.label
    else:
        basis = RELATION_BASIS[LegalRepresentative.Relation.OTHER] if is_minor else ""
        relation_instrumental = "______________" if is_minor else ""
        relation_label = ""
    return ConsentFormData(
        person=person,
        is_minor=is_minor,
        subject_name=person.full_name,
        subject_name_genitive=person_in_case(person, Case.GENITIVE),
        subject_birth=format_date_short(person.birth_date) if person.birth_date else "____________",
        subject_role=_role_nominative(person),
        subject_document=subject_document,
        owner_short=_short(person),
        representative=rep,
        representative_name=rep.full_name if rep else "",
        representative_short=_short(rep) if rep else "",
        relation_instrumental=relation_instrumental,
        relation_label=relation_label,
        basis=basis,
        purposes=CONSENT_DEFAULT_PURPOSES,
        data_list=data_list,
        covers_health=covers_health,
        signer_label="законного представителя" if is_minor else "субъекта персональных данных",
        minor_word=_adjective_by_sex(person, "несовершеннолетнего", "несовершеннолетней"),
        his_her=_adjective_by_sex(person, "его", "её"),
        living_word=_adjective_by_sex(rep or person, "проживающий", "проживающая")
        if (rep or not is_minor)
        else "проживающий(ая)",
    )


def consent_people_of_class(organization: Organization, school_class: str, *, only_missing: bool = False):
    """Active pupils and students of a class, by name, with their representatives and consents prefetched."""
    school_class = normalize_school_class(school_class)
    people = Person.objects.filter(
        organization=organization,
        school_class=school_class,
        is_archived=False,
        category__in=(Person.Category.PUPIL, Person.Category.STUDENT),
    )
    if only_missing:
        today = timezone.localdate()
        people = people.exclude(pk__in=Consent.objects.filter(Consent.valid_on_q(today)).values("person_id"))
    return people.prefetch_related(
        Prefetch("representatives", queryset=LegalRepresentative.objects.select_related("representative")),
        "consents",
    ).order_by("last_name", "first_name", "middle_name", "pk")


def consent_forms_for(people: Iterable[Person]) -> list[ConsentFormData]:
    """Forms for prefetched people (see ``consent_people_of_class``)."""
    today = timezone.localdate()
    return [
        consent_form_data(person, links=person.representatives.all(), consents=person.consents.all(), day=today)
        for person in people
    ]


def consent_context(
    organization: Organization,
    forms: Sequence[ConsentFormData],
    *,
    screen: bool = False,
    toolbar_links: Sequence[tuple[str, str]] = (),
    title: str = "",
) -> dict:
    """The consent template's context: one form per person, each starting on a new page."""
    return {
        "organization": organization,
        "forms": forms,
        "actions": CONSENT_ACTIONS,
        "methods": CONSENT_METHODS,
        "term": CONSENT_TERM,
        "revocation": CONSENT_DEFAULT_REVOCATION,
        "blank": BLANK,
        "blank_date": BLANK_DATE,
        "passport_line": PASSPORT_LINE,
        "document_title": title or "Согласие на обработку персональных данных",
        **_screen_context(screen, toolbar_links),
    }


def consent_pdf(organization: Organization, forms: Sequence[ConsentFormData]) -> bytes:
    return render_pdf(CONSENT_TEMPLATE, consent_context(organization, forms))


def consent_html(organization: Organization, forms: Sequence[ConsentFormData], **screen) -> str:
    return render_document_html(CONSENT_TEMPLATE, consent_context(organization, forms, **screen))


def consent_filename(person: Person) -> str:
    return document_filename("Согласие на обработку персональных данных", _short(person))


def consent_class_filename(school_class: str) -> str:
    return document_filename("Согласия на обработку персональных данных", f"{school_class} класс")


# --- Agreement between a mentor and a mentee (or the mentee's legal representative) ---------------


@dataclass(frozen=True)
class AgreementParty:
    person: Person
    name: str
    role: str
    short: str
    named: str
    representative: Person | None = None
    representative_genitive: str = ""
    representative_short: str = ""
    relation_label: str = ""
    representative_acting: str = "действующего(ей)"
    basis: str = ""


def _mentor_party(person: Person) -> AgreementParty:
    return AgreementParty(
        person=person,
        name=person.full_name,
        role=_role_nominative(person),
        short=_short(person),
        named=_adjective_by_sex(person, "именуемый", "именуемая"),
    )


def _mentee_party(person: Person, link: LegalRepresentative | None, day: dt.date) -> AgreementParty:
    party = AgreementParty(
        person=person,
        name=person.full_name,
        role=_role_nominative(person),
        short=_short(person),
        named=_adjective_by_sex(person, "именуемый", "именуемая"),
    )
    if not person.is_minor(day):
        return party
    if link is None:
        return replace(party, representative_genitive=BLANK, basis=f"на основании {BLANK}")
    relation = LegalRepresentative.Relation(link.relation)
    return replace(
        party,
        representative=link.representative,
        representative_genitive=person_in_case(link.representative, Case.GENITIVE),
        representative_short=_short(link.representative),
        relation_label=relation.label,
        representative_acting=_adjective_by_sex(link.representative, "действующего", "действующей"),
        basis=(
            f"на основании: {link.authority_document.strip()}"
            if link.authority_document.strip()
            else f"на основании {RELATION_BASIS_GENITIVE[relation]}"
        ),
    )


def _as_clause(text: str) -> str:
    """Text that follows a colon: first letter lowered (unless an abbreviation), one final period."""
    text = " ".join(text.split()).rstrip(".")
    if len(text) > 1 and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return f"{text}." if text else ""


def agreement_pair(pair_id: int) -> Pair:
    """A pair with everything the agreement prints (people, representatives, the approving order)."""
    members = PairMember.objects.select_related("person").prefetch_related(
        Prefetch("person__representatives", queryset=LegalRepresentative.objects.select_related("representative")),
        "person__consents",
    )
    signed = Order.objects.filter(status=Order.Status.SIGNED, kind=Order.Kind.PAIRS_APPROVAL).order_by("issued_on")
    return (
        Pair.objects.select_related("program__organization", "form")
        .prefetch_related(
            Prefetch("members", queryset=members.order_by("role", "person__last_name", "pk")),
            Prefetch("orders", queryset=signed, to_attr="approving_orders"),
        )
        .get(pk=pair_id)
    )


def agreement_context(pair: Pair, *, screen: bool = False, toolbar_links: Sequence[tuple[str, str]] = ()) -> dict:
    """The agreement of a pair (fetch it with ``agreement_pair``): parties, subject, rights, term, signatures."""
    day = timezone.localdate()
    members = list(pair.members.all())
    mentors = [_mentor_party(m.person) for m in members if m.role == PairMember.Role.MENTOR]
    mentees = []
    for member in members:
        if member.role != PairMember.Role.MENTEE:
            continue
        person = member.person
        link = _representative_link(person, list(person.representatives.all()), list(person.consents.all()))
        mentees.append(_mentee_party(person, link, day))
    order = next(iter(getattr(pair, "approving_orders", [])), None)
    program = pair.program
    return {
        "pair": pair,
        "program": program,
        "organization": program.organization,
        "goals_text": _as_clause(pair.goals),
        "mentors": mentors,
        "mentees": mentees,
        "mentor_word": "Наставники" if len(mentors) > 1 else "Наставник",
        "mentee_word": "Наставляемые" if len(mentees) > 1 else "Наставляемый",
        "mentors_named": "именуемые" if len(mentors) > 1 else (mentors[0].named if mentors else "именуемый"),
        "mentees_named": "именуемые" if len(mentees) > 1 else (mentees[0].named if mentees else "именуемый"),
        "any_minor": any(party.basis for party in mentees),
        "date_text": format_date_long(pair.starts_on),
        "starts_text": format_date_long(pair.starts_on),
        "ends_text": format_date_long(pair.planned_end_on),
        "mentoring_type": program.get_mentoring_type_display(),
        "order_text": (
            f"приказом от {format_date_short(order.issued_on)} № {order.number}"
            if order
            else "приказом руководителя об утверждении наставнических пар/групп"
        ),
        "copies": format_count(len(mentors) + len(mentees), "экземпляре", "экземплярах", "экземплярах"),
        "document_title": f"Соглашение о наставничестве: {pair}",
        **_screen_context(screen, toolbar_links),
    }


def agreement_filename(pair: Pair) -> str:
    return document_filename("Соглашение о наставничестве", str(pair))


# --- The roadmap as a table --------------------------------------------------------------------------


@dataclass(frozen=True)
class RoadmapRow:
    number: str
    title: str
    content: str
    deadline: str
    responsible: str
    status: str


@dataclass(frozen=True)
class RoadmapStageRows:
    number: int
    title: str
    rows: list[RoadmapRow]


def _responsible(activity: RoadmapActivity) -> str:
    named = [person.short_name for person in activity.responsible_people.all()]
    return "; ".join(part for part in (activity.responsible, ", ".join(named)) if part)


def roadmap_context(program: Program, *, screen: bool = False, toolbar_links: Sequence[tuple[str, str]] = ()) -> dict:
    """Stages with their activities, deadlines, responsible people and statuses (three queries)."""
    activities = (
        RoadmapActivity.objects.filter(stage__program=program)
        .select_related("stage")
        .prefetch_related("responsible_people")
        .order_by("stage__number", "order", "deadline", "pk")
    )
    stages: dict[int, RoadmapStageRows] = {
        stage.pk: RoadmapStageRows(stage.number, stage.title, []) for stage in program.stages.order_by("number")
    }
    for activity in activities:
        stage = stages[activity.stage_id]
        stage.rows.append(
            RoadmapRow(
                number=f"{stage.number}.{len(stage.rows) + 1}",
                title=activity.title,
                content=activity.content,
                deadline=format_date_short(activity.deadline),
                responsible=_responsible(activity),
                status=activity.get_status_display()
                + (f" {format_date_short(activity.completed_on)}" if activity.completed_on else ""),
            )
        )
    organization = program.organization
    head = organization.head_full_name.split()
    return {
        "program": program,
        "organization": organization,
        "stages": list(stages.values()),
        "stages_count": format_count(len(stages), "этап", "этапа", "этапов"),
        "activities_count": format_count(
            sum(len(s.rows) for s in stages.values()), "мероприятие", "мероприятия", "мероприятий"
        ),
        "year_label": program.academic_year.label,
        "head_position": organization.head_position,
        "head_short": initials_name_before(*(head + ["", "", ""])[:3]) if head else "",
        "blank_date": BLANK_DATE,
        "document_title": f"Дорожная карта: {program.title}",
        **_screen_context(screen, toolbar_links),
    }


def roadmap_filename(program: Program) -> str:
    return document_filename("Дорожная карта", program.title[:80])


# --- The program card --------------------------------------------------------------------------------

PROGRAM_SECTIONS = (
    ("relevance", "Актуальность"),
    ("goal", "Цель"),
    ("tasks", "Задачи"),
    ("content", "Содержание"),
    ("target_audience", "Целевая аудитория"),
    ("mentor_requirements", "Принципы подбора наставников (требования к наставнику)"),
    ("work_plan", "План работы"),
    ("expected_results", "Ожидаемые результаты"),
    ("measurement", "Способы измерения результатов"),
    ("conditions", "Организационно-педагогические условия"),
)


@dataclass(frozen=True)
class ProgramSection:
    number: int
    title: str
    paragraphs: list[str]


def program_context(program: Program, *, screen: bool = False, toolbar_links: Sequence[tuple[str, str]] = ()) -> dict:
    """Every section of seed 001 §2, then the terms, forms and the roadmap's stages."""
    forms = [form.name for form in program.forms.all()]
    pairs = program.pairs.exclude(status=Pair.Status.TERMINATED).count()
    sections = [
        ProgramSection(number, title, [line.strip() for line in getattr(program, name).splitlines() if line.strip()])
        for number, (name, title) in enumerate(PROGRAM_SECTIONS, start=1)
    ]
    curator = program.curator
    curator_name = ""
    if curator is not None:
        curator_name = _short(curator.person) if curator.person_id else curator.get_full_name()
    head = program.organization.head_full_name.split()
    return {
        "program": program,
        "organization": program.organization,
        "sections": sections,
        "forms_text": join_ru(f"«{name}»" for name in forms) or "—",
        "forms_label": "Формы наставничества" if len(forms) > 1 else "Форма наставничества",
        "period_text": f"с {format_date_long(program.starts_on)} по {format_date_long(program.ends_on)}",
        "year_label": program.academic_year.label,
        "mentoring_type": program.get_mentoring_type_display(),
        "curator_name": curator_name or "—",
        "pairs_text": format_count(pairs, "пара (группа)", "пары (группы)", "пар (групп)"),
        "stages": list(program.stages.order_by("number")),
        "head_position": program.organization.head_position,
        "head_short": initials_name_before(*(head + ["", "", ""])[:3]) if head else "",
        "blank_date": BLANK_DATE,
        "document_title": f"Программа наставничества: {program.title}",
        **_screen_context(screen, toolbar_links),
    }


def program_document_program(program_id: int) -> Program:
    return (
        Program.objects.select_related("organization", "curator__person").prefetch_related("forms").get(pk=program_id)
    )


def program_filename(program: Program) -> str:
    return document_filename("Программа наставничества", program.title[:80])


# --- A letter of thanks to a mentor ------------------------------------------------------------------


def thanks_context(
    program: Program,
    mentor: Person,
    *,
    screen: bool = False,
    toolbar_links: Sequence[tuple[str, str]] = (),
    day: dt.date | None = None,
) -> dict:
    """«Уважаемая Мария Петровна! … объявляет благодарность Ивановой Марии Петровне, учителю математики …»."""
    day = day or timezone.localdate()
    pairs = Pair.objects.filter(program=program, members__person=mentor, members__role=PairMember.Role.MENTOR).exclude(
        status=Pair.Status.TERMINATED
    )
    mentees = list(
        Person.objects.filter(pair_memberships__pair__in=pairs, pair_memberships__role=PairMember.Role.MENTEE)
        .distinct()
        .order_by("last_name", "first_name")
    )
    nomination = (
        Nomination.objects.filter(program=program)
        .filter(
            Q(kind=Nomination.Kind.MENTOR_OF_YEAR, mentor=mentor) | Q(kind=Nomination.Kind.BEST_PAIR, pair__in=pairs)
        )
        .order_by("kind", "pk")
        .first()
    )
    role = person_role_phrase(mentor, Case.DATIVE)
    whom = person_in_case(mentor, Case.DATIVE) + (f", {role}," if role else "")
    reason = reason_phrase(nomination.reason) if nomination else ""
    if not reason:
        reason = (
            "за добросовестный труд, профессионализм и личный вклад в реализацию программы наставничества "
            f"«{program.title}»"
        )
    if len(mentees) <= 3:
        mentees_text = join_ru(person_initials_in_case(person, Case.DATIVE) for person in mentees)
    else:
        mentees_text = format_count(len(mentees), "наставляемому", "наставляемым", "наставляемым")
    head = program.organization.head_full_name.split()
    return {
        "program": program,
        "organization": program.organization,
        "mentor": mentor,
        "salutation": (
            f"{_adjective_by_sex(mentor, 'Уважаемый', 'Уважаемая')} "
            f"{' '.join(part for part in (mentor.first_name, mentor.middle_name) if part)}!"
        ),
        "thanks_sentence": f"{program.organization.full_name} объявляет благодарность {whom} {reason}.",
        "nomination": nomination,
        "mentees_text": mentees_text,
        "year_label": program.academic_year.label,
        "date_text": format_date_long(day),
        "head_position": program.organization.head_position,
        "head_short": initials_name_before(*(head + ["", "", ""])[:3]) if head else "",
        "document_title": f"Благодарственное письмо: {mentor.full_name}",
        **_screen_context(screen, toolbar_links),
    }


def thanks_filename(person: Person) -> str:
    return document_filename("Благодарственное письмо", _short(person))


# --- A whole class in one PDF ---------------------------------------------------------------------

CONSENT_CHUNK = 5


def consent_class_pdf(
    organization: Organization,
    school_class: str,
    *,
    only_missing: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, int]:
    """One PDF with a form per pupil of the class (each on its own page) and the number of forms.

    Rendered a few forms at a time so ``on_progress(done, total)`` can report; the parts are then
    joined page by page (every form carries its owner's name in the footer, not a page count).
    """
    school_class = normalize_school_class(school_class)
    forms = consent_forms_for(consent_people_of_class(organization, school_class, only_missing=only_missing))
    total = len(forms)
    if on_progress:
        on_progress(0, total)
    if total <= CONSENT_CHUNK:
        pdf = consent_pdf(organization, forms)
        if on_progress:
            on_progress(total, total)
        return pdf, total
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for start in range(0, total, CONSENT_CHUNK):
        part = consent_pdf(organization, forms[start : start + CONSENT_CHUNK])
        writer.append(PdfReader(io.BytesIO(part)))
        if on_progress:
            on_progress(min(start + CONSENT_CHUNK, total), total)
    writer.add_metadata({"/Title": f"Согласия на обработку персональных данных, {school_class} класс"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), total
