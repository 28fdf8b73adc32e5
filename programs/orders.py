"""Orders (приказы): drafting, numbering, signing, and the text of each kind.

A draft's PDF follows the data; signing renders it once, stores the bytes with their SHA-256 and
from then on the stored file is the order — later changes to people or pairs do not touch it.

Each kind has a default preamble in the style of the seeds («В соответствии с распоряжением
Минпросвещения России от 25.12.2019 № Р-145 …») and default items. Items that name people
(the appointed curator, the awarded mentors, the pairs) are built from the data on every render
of a draft, so a corrected name or position reaches the draft; the rest are stored text the
curator or the principal may edit, one per line.
"""

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Prefetch, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils import timezone

from mentorship.academic_year import AcademicYear
from mentorship.pdf import render_document_html, render_pdf
from mentorship.russian import (
    Case,
    decline_full_name,
    decline_position,
    format_date_long,
    format_date_short,
    initials_name,
    initials_name_before,
)
from people.models import Organization, Person, User
from people.roles import Role
from programs.models import Nomination, Order, Pair, PairMember, Program
from programs.services import pairs_approve

ORDER_TEMPLATE = "documents/order.html"
ORDER_KEEPERS = (Role.CURATOR, Role.PRINCIPAL)

R145 = (
    "распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 «Об утверждении "
    "методологии (целевой модели) наставничества обучающихся для организаций, осуществляющих образовательную "
    "деятельность по общеобразовательным, дополнительным общеобразовательным и программам среднего "
    "профессионального образования, в том числе с применением лучших практик обмена опытом между обучающимися»"
)

DEFAULT_PREAMBLES = {
    Order.Kind.PAIRS_APPROVAL: (
        f"В соответствии с {R145}, Положением о наставничестве и на основании анализа анкет наставников и наставляемых"
    ),
    Order.Kind.MODEL_INTRODUCTION: (
        "В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации», "
        f"{R145}, в целях реализации федеральных проектов «Современная школа», «Успех каждого ребёнка» и "
        "«Учитель будущего» национального проекта «Образование»"
    ),
    Order.Kind.CURATOR_APPOINTMENT: (
        f"В соответствии с {R145} и в целях организации внедрения целевой модели наставничества "
        "в образовательной организации"
    ),
    Order.Kind.MENTOR_AWARDS: (
        f"В соответствии с {R145}, Положением о наставничестве, по итогам реализации программы наставничества "
        "и на основании отчётов наставников и куратора"
    ),
    Order.Kind.FINAL_EVENT: (
        f"В соответствии с {R145}, дорожной картой внедрения целевой модели наставничества, в целях подведения "
        "итогов реализации программ наставничества и распространения лучших наставнических практик"
    ),
}

CONTROL_ITEM = "Контроль за исполнением настоящего приказа оставляю за собой."
DEFAULT_EVENT_TITLE = "итоговая конференция участников программ наставничества"


def _year_of(program: Program | None) -> AcademicYear:
    return program.academic_year if program is not None else AcademicYear.current()


def order_default_preamble(kind: str, *, program: Program | None = None) -> str:
    """The preamble a new order of this kind starts with."""
    preamble = DEFAULT_PREAMBLES[Order.Kind(kind)]
    if kind == Order.Kind.MENTOR_AWARDS and program is not None:
        preamble = preamble.replace(
            "по итогам реализации программы наставничества",
            f"по итогам реализации программы наставничества «{program.title}» в {program.academic_year.label} "
            "учебном году",
        )
    return preamble


def order_default_items(
    kind: str,
    *,
    program: Program | None = None,
    event_date: dt.date | None = None,
    event_place: str = "",
    event_title: str = "",
) -> list[str]:
    """The editable items a new order starts with (items naming people are added from the data)."""
    kind = Order.Kind(kind)
    year = _year_of(program).label
    if kind == Order.Kind.MODEL_INTRODUCTION:
        return [
            f"Внедрить в образовательной организации целевую модель наставничества обучающихся в {year} учебном году.",
            "Утвердить Положение о наставничестве (приложение 1).",
            "Утвердить целевую модель наставничества (приложение 2).",
            f"Утвердить дорожную карту внедрения целевой модели наставничества на {year} учебный год (приложение 3).",
            "Куратору внедрения целевой модели наставничества сформировать базы наставников и наставляемых, "
            "организовать обучение наставников, обеспечить контроль проведения программ наставничества и "
            "мониторинг внедрения целевой модели.",
            "Разместить Положение о наставничестве, целевую модель наставничества и дорожную карту на официальном "
            "сайте образовательной организации в течение десяти рабочих дней со дня издания настоящего приказа.",
            CONTROL_ITEM,
        ]
    if kind == Order.Kind.CURATOR_APPOINTMENT:
        return [
            "Куратору внедрения целевой модели наставничества сформировать базу наставников и наставляемых, "
            "организовать обучение наставников, контролировать проведение программ наставничества, организовать "
            "оценку вовлечённости обучающихся в различные формы наставничества и мониторинг внедрения целевой "
            "модели наставничества.",
            "Ознакомить с настоящим приказом указанных в нём лиц под подпись.",
            CONTROL_ITEM,
        ]
    if kind == Order.Kind.MENTOR_AWARDS:
        return [
            "Вручить благодарственные письма наставникам, которым объявлена благодарность настоящим приказом.",
            "Куратору внедрения целевой модели наставничества разместить информацию о лучших наставниках и "
            "наставнических практиках на официальном сайте образовательной организации.",
            CONTROL_ITEM,
        ]
    if kind == Order.Kind.FINAL_EVENT:
        title = (event_title or DEFAULT_EVENT_TITLE).strip()
        when = format_date_long(event_date) if event_date else "«___» __________ 20__ г."
        where = event_place.strip() or "__________"
        return [
            f"Провести {when} итоговое мероприятие в рамках реализации целевой модели наставничества: {title}. "
            f"Место проведения — {where}.",
            "Куратору внедрения целевой модели наставничества подготовить программу итогового мероприятия, "
            "обеспечить участие наставников и наставляемых, подготовить награждение победителей в номинациях "
            "«Наставник года» и «Лучшая пара».",
            "Пригласить на итоговое мероприятие родителей (законных представителей) наставляемых и представителей "
            "организаций-партнёров.",
            "Разместить информацию об итогах мероприятия на официальном сайте образовательной организации.",
            CONTROL_ITEM,
        ]
    return []


# --- Names and roles in the case a sentence needs ------------------------------------------------


@lru_cache(maxsize=8192)
def _name_in_case(last_name: str, first_name: str, middle_name: str, sex: str, case: str) -> str:
    # Cached: a pair order of 500 pairs declines the same mentors again and again.
    return decline_full_name(last_name, first_name, middle_name, sex=sex, case=case)


@lru_cache(maxsize=2048)
def _position_in_case(position: str, case: str) -> str:
    return decline_position(position, case)


def person_in_case(person: Person, case: Case) -> str:
    """«Иванову Марию Петровну» — the full name in the case a sentence needs."""
    return _name_in_case(person.last_name, person.first_name, person.middle_name, person.sex, Case(case).value)


def person_initials_in_case(person: Person, case: Case) -> str:
    """«Ивановой М. П.» — the surname declined, then the initials."""
    last_name = _name_in_case(person.last_name, "", "", person.sex, Case(case).value)
    return initials_name(last_name, person.first_name, person.middle_name)


# «обучающийся» and «студент/студентка» in each case, by sex (M, F).
_LEARNER = {
    Case.NOMINATIVE: ("обучающийся", "обучающаяся"),
    Case.GENITIVE: ("обучающегося", "обучающейся"),
    Case.DATIVE: ("обучающемуся", "обучающейся"),
    Case.ACCUSATIVE: ("обучающегося", "обучающуюся"),
    Case.INSTRUMENTAL: ("обучающимся", "обучающейся"),
    Case.PREPOSITIONAL: ("обучающемся", "обучающейся"),
}
_STUDENT = {
    Case.NOMINATIVE: ("студент", "студентка"),
    Case.GENITIVE: ("студента", "студентки"),
    Case.DATIVE: ("студенту", "студентке"),
    Case.ACCUSATIVE: ("студента", "студентку"),
    Case.INSTRUMENTAL: ("студентом", "студенткой"),
    Case.PREPOSITIONAL: ("студенте", "студентке"),
}


def _by_sex(forms: tuple[str, str], sex: str) -> str:
    return forms[1] if sex == Person.Sex.FEMALE else forms[0]


def person_role_phrase(person: Person, case: Case) -> str:
    """What follows the name in an order: «учителя математики», «обучающегося 7Б класса»."""
    case = Case(case)
    if person.category == Person.Category.PUPIL and person.school_class:
        return f"{_by_sex(_LEARNER[case], person.sex)} {person.school_class} класса"
    if person.category == Person.Category.STUDENT and person.school_class:
        return f"{_by_sex(_STUDENT[case], person.sex)} группы {person.school_class}"
    if person.position:
        position = _position_in_case(person.position, case.value)
        return f"{position}, {person.partner.name}" if person.partner_id else position
    return ""


def _with_role(person: Person, case: Case) -> str:
    phrase = person_role_phrase(person, case)
    return f"{person_in_case(person, case)}, {phrase}," if phrase else person_in_case(person, case)


def reason_phrase(reason: str) -> str:
    """«за высокие результаты …» from what the curator typed («Высокие результаты …», «за …»)."""
    text = " ".join(reason.split()).rstrip(".")
    if not text:
        return ""
    if not text.lower().startswith("за "):
        # Lower the first letter unless it starts an abbreviation («ВПР», «ЕГЭ»).
        if len(text) > 1 and not text[1].isupper():
            text = text[0].lower() + text[1:]
        text = f"за {text}"
    return text


# --- The pair-approval order ---------------------------------------------------------------------


@dataclass(frozen=True)
class PairLine:
    """One pair or group as the order's sentence and its row in the appendix table."""

    number: int
    sentence: str
    mentors: list[Person]
    mentees: list[Person]
    form_name: str


def pair_lines(pairs: Sequence[Pair]) -> list[PairLine]:
    """«Назначить Иванову Марию Петровну, учителя математики, наставником Петрова Ивана …»."""
    lines = []
    for number, pair in enumerate(pairs, start=1):
        members = list(pair.members.all())
        mentors = [m.person for m in members if m.role == PairMember.Role.MENTOR]
        mentees = [m.person for m in members if m.role == PairMember.Role.MENTEE]
        appointed = "; ".join(_with_role(person, Case.ACCUSATIVE).rstrip(",") for person in mentors)
        role = "наставниками" if len(mentors) > 1 else "наставником"
        if len(mentees) == 1:
            whom = _with_role(mentees[0], Case.GENITIVE).rstrip(",")
        else:
            whom = "группы в составе: " + "; ".join(_with_role(p, Case.GENITIVE).rstrip(",") for p in mentees)
        sentence = f"Назначить {appointed}, {role} {whom} (форма наставничества «{pair.form.name}»)."
        lines.append(PairLine(number, sentence.replace(",,", ","), mentors, mentees, pair.form.name))
    return lines


def order_pairs(order: Order) -> list[Pair]:
    """The order's pairs with their forms and people, in three queries whatever their number."""
    members = PairMember.objects.select_related("person__partner").order_by("role", "person__last_name", "pk")
    return list(
        order.pairs.select_related("form").prefetch_related(Prefetch("members", queryset=members)).order_by("pk")
    )


# --- Items that name people: the curator, the awarded mentors -----------------------------------


def _order_nominations(order: Order) -> list[Nomination]:
    members = PairMember.objects.select_related("person__partner").order_by("role", "person__last_name", "pk")
    return list(
        order.nominations.select_related("mentor__partner", "pair")
        .prefetch_related(Prefetch("pair__members", queryset=members))
        .order_by("pk")
    )


def curator_appointment_sentence(person: Person) -> str:
    """«Назначить Иванову Марию Петровну, заместителя директора по УВР, куратором внедрения …»."""
    return (
        f"Назначить {_with_role(person, Case.ACCUSATIVE)} куратором внедрения целевой модели наставничества "
        "в образовательной организации."
    )


def _dative_people(label_one: str, label_many: str, people: Sequence[Person]) -> str:
    # Each name keeps the comma that closes its apposition («…, учителю математики, и …»).
    names = "; ".join(_with_role(person, Case.DATIVE) for person in people)
    return f"{label_one if len(people) == 1 else label_many} {names}"


def _sentence_end(text: str) -> str:
    return text.rstrip(",") + "."


def nomination_sentence(nomination: Nomination) -> str:
    """«Объявить благодарность наставнику года Ивановой Марии Петровне, учителю математики, за …»."""
    reason = reason_phrase(nomination.reason)
    if nomination.kind == Nomination.Kind.MENTOR_OF_YEAR:
        who = _with_role(nomination.mentor, Case.DATIVE)
        return _sentence_end(f"Объявить благодарность наставнику года {who}{' ' + reason if reason else ''}")
    members = list(nomination.pair.members.all())
    mentors = [m.person for m in members if m.role == PairMember.Role.MENTOR]
    mentees = [m.person for m in members if m.role == PairMember.Role.MENTEE]
    if len(mentees) == 1:
        mentee_label = "наставляемой" if mentees[0].sex == Person.Sex.FEMALE else "наставляемому"
    else:
        mentee_label = "наставляемым"
    unit = "группы" if len(mentors) > 1 or len(mentees) > 1 else "пары"
    people = f"{_dative_people('наставнику', 'наставникам', mentors)} и {_dative_people(mentee_label, mentee_label, mentees)}"
    return _sentence_end(
        f"Объявить благодарность участникам лучшей наставнической {unit} (номинация «Лучшая пара»): "
        f"{people}{' — ' + reason if reason else ''}"
    )


def order_lead_items(order: Order) -> list[str]:
    """The items built from the data (they come first and follow the data while a draft)."""
    if order.kind == Order.Kind.CURATOR_APPOINTMENT and order.appointee_id:
        return [curator_appointment_sentence(order.appointee)]
    if order.kind == Order.Kind.MENTOR_AWARDS:
        nominations = sorted(_order_nominations(order), key=lambda n: n.kind != Nomination.Kind.MENTOR_OF_YEAR)
        return [nomination_sentence(nomination) for nomination in nominations]
    return []


def order_acquainted(order: Order) -> list[Person]:
    """People who sign «С приказом ознакомлен(а)» under the order."""
    if order.kind == Order.Kind.CURATOR_APPOINTMENT and order.appointee_id:
        return [order.appointee]
    return []


# --- Rendering ---------------------------------------------------------------------------------


def order_context(order: Order, *, screen: bool = False) -> dict:
    """Everything the order template prints."""
    lines = pair_lines(order_pairs(order)) if order.kind == Order.Kind.PAIRS_APPROVAL else []
    year = _year_of(order.program).label
    if order.kind == Order.Kind.PAIRS_APPROVAL:
        items = [
            f"Утвердить наставнические пары и группы на {year} учебный год (приложение).",
            *(line.sentence for line in lines),
            "Наставникам совместно с наставляемыми составить индивидуальные планы развития в течение двух недель "
            "со дня издания приказа.",
            CONTROL_ITEM,
        ]
    else:
        items = [*order_lead_items(order), *order.items]
    forms = {line.form_name for line in lines}
    return {
        "order": order,
        "organization": order.organization,
        "date_text": format_date_long(order.issued_on) if order.issued_on else "«___» __________ 20__ г.",
        "number_text": order.number or "____",
        "pair_lines": lines,
        "single_form": forms.pop() if len(forms) == 1 else "",
        "year_label": year,
        "items": items,
        "acquainted": [
            {"name": initials_name(p.last_name, p.first_name, p.middle_name)} for p in order_acquainted(order)
        ],
        "signer_short": order.signer_name,
        "screen": screen,
        "document_title": str(order),
    }


def order_html(order: Order, *, screen: bool = True) -> str:
    return render_document_html(ORDER_TEMPLATE, order_context(order, screen=screen))


def order_pdf(order: Order) -> bytes:
    """The stored PDF of a signed order; a draft is rendered from today's data."""
    if order.status == Order.Status.SIGNED:
        with order.pdf.open("rb") as file:
            return file.read()
    return render_pdf(ORDER_TEMPLATE, order_context(order))


_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def order_filename(order: Order) -> str:
    """«Приказ № 3-о от 01.09.2025.pdf»; a draft: «Проект приказа О назначении куратора.pdf»."""
    if order.status == Order.Status.SIGNED:
        name = f"Приказ № {order.number} от {format_date_short(order.issued_on)}"
    else:
        name = f"Проект приказа {order.subject[:80]}"
    return _UNSAFE_IN_FILENAME.sub(" ", name).strip() + ".pdf"


# --- Writing: create, edit, delete, sign ---------------------------------------------------------


def _signer_of(organization: Organization) -> tuple[str, str]:
    parts = organization.head_full_name.split()
    name = initials_name_before(*(parts + ["", "", ""])[:3]) if parts else ""
    return name, organization.head_position


def _clean_items(items: Sequence[str]) -> list[str]:
    return [" ".join(item.split()) for item in items if item and item.strip()]


@transaction.atomic
def order_create(
    *,
    organization: Organization,
    kind: str,
    created_by: User | None,
    program: Program | None = None,
    pairs: Sequence[Pair] = (),
    nominations: Sequence[Nomination] = (),
    appointee: Person | None = None,
    subject: str = "",
    preamble: str = "",
    items: Sequence[str] = (),
    event_date: dt.date | None = None,
    event_place: str = "",
    event_title: str = "",
) -> Order:
    """Draft an order of any kind with its default preamble and items.

    A pair-approval order lists pairs that are still forming; a curator appointment names an adult
    of the organization; an awards order names the nominations of the organization's programs.
    """
    kind = Order.Kind(kind)
    if program is not None and program.organization_id != organization.pk:
        raise ValidationError("Программа другой организации не может войти в приказ.")
    # Judge the pairs as they are in the database, not as the caller last saw them.
    pairs = list(Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).select_related("program"))
    nominations = list(
        Nomination.objects.filter(pk__in=[n.pk for n in nominations]).select_related("program").order_by("pk")
    )
    if kind == Order.Kind.PAIRS_APPROVAL:
        if not pairs:
            raise ValidationError("Выберите пары или группы для утверждения.")
        foreign = [p for p in pairs if p.program.organization_id != organization.pk]
        if foreign:
            raise ValidationError("Пары других организаций не могут войти в приказ.")
        not_forming = [p for p in pairs if p.status != Pair.Status.FORMING]
        if not_forming:
            raise ValidationError(
                "Утвердить приказом можно только формирующиеся пары: "
                + ", ".join(f"№ {p.pk} («{p.get_status_display()}»)" for p in not_forming)
            )
        programs = {p.program_id for p in pairs}
        if program is None and len(programs) == 1:
            program = pairs[0].program
    elif pairs:
        raise ValidationError("Пары входят только в приказ об утверждении наставнических пар/групп.")
    if kind == Order.Kind.CURATOR_APPOINTMENT:
        if appointee is None:
            raise ValidationError({"appointee": "Выберите, кого назначить куратором."})
        if appointee.organization_id != organization.pk:
            raise ValidationError({"appointee": "Куратором назначают работника своей организации."})
        if appointee.category in (Person.Category.PUPIL, Person.Category.STUDENT) or appointee.is_minor():
            raise ValidationError({"appointee": f"{appointee.full_name} не может быть куратором: нужен взрослый."})
    elif appointee is not None:
        raise ValidationError("Назначаемый указывается только в приказе о назначении куратора.")
    if kind == Order.Kind.MENTOR_AWARDS:
        if not nominations:
            raise ValidationError({"nominations": "Выберите номинации, по которым поощряются наставники."})
        if any(n.program.organization_id != organization.pk for n in nominations):
            raise ValidationError("Номинации других организаций не могут войти в приказ.")
        if program is None:
            program = nominations[0].program
    elif nominations:
        raise ValidationError("Номинации входят только в приказ о поощрении наставников.")
    if kind == Order.Kind.FINAL_EVENT and not items and (event_date is None or not event_place.strip()):
        raise ValidationError("Укажите дату и место проведения итогового мероприятия.")
    signer_name, signer_position = _signer_of(organization)
    order = Order(
        organization=organization,
        kind=kind,
        program=program,
        appointee=appointee,
        subject=" ".join(subject.split()) or kind.label,
        preamble=preamble.strip() or order_default_preamble(kind, program=program),
        items=_clean_items(items)
        or order_default_items(
            kind, program=program, event_date=event_date, event_place=event_place, event_title=event_title
        ),
        signer_name=signer_name,
        signer_position=signer_position,
        created_by=created_by,
    )
    order.full_clean()
    order.save()
    if pairs:
        order.pairs.set(pairs)
    if nominations:
        order.nominations.set(nominations)
    return order


def _draft_locked(order: Order, action: str) -> Order:
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status != Order.Status.DRAFT:
        raise ValidationError(f"{locked} уже подписан: {action} нельзя.")
    return locked


@transaction.atomic
def order_update(*, order: Order, subject: str, preamble: str, items: Sequence[str] = ()) -> Order:
    """Change a draft's subject, preamble and (except the pair order, whose items follow its pairs) items."""
    order = _draft_locked(order, "изменить его")
    order.subject = " ".join(subject.split())
    order.preamble = preamble.strip()
    if order.kind != Order.Kind.PAIRS_APPROVAL:
        order.items = _clean_items(items)
        if not order.items and not order_lead_items(order):
            raise ValidationError({"items": "В приказе должен быть хотя бы один пункт."})
    order.full_clean()
    order.save()
    return order


@transaction.atomic
def order_delete(*, order: Order) -> None:
    """Delete a draft; its pairs become free for another order. A signed order is never deleted."""
    _draft_locked(order, "удалить его").delete()


def pairs_awaiting_order(program: Program):
    """Pairs of a program still forming and not in another draft order."""
    in_drafts = Order.objects.filter(status=Order.Status.DRAFT).values("pairs")
    return program.pairs.filter(status=Pair.Status.FORMING).exclude(pk__in=in_drafts)


@transaction.atomic
def order_sign(*, order: Order, user: User, issued_on: dt.date | None = None) -> Order:
    """Sign as the principal: number the order, freeze its PDF, and approve its pairs."""
    if not user.has_role(Role.PRINCIPAL) or user.organization_id != order.organization_id:
        raise PermissionDenied("Подписывать приказы может только руководитель организации.")
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != Order.Status.DRAFT:
        raise ValidationError(f"{order} уже подписан.")
    issued_on = issued_on or timezone.localdate()
    # Lock the organization's orders of the year so two signatures cannot take one number.
    last = (
        Order.objects.select_for_update()
        .filter(organization=order.organization, number_year=issued_on.year, number_suffix=order.number_suffix)
        .exclude(sequence=None)
        .order_by()
        .aggregate(last=Max("sequence"))["last"]
    )
    order.number_year = issued_on.year
    order.sequence = (last or 0) + 1
    order.issued_on = issued_on
    order.signed_by = user
    order.signed_at = timezone.now()
    if order.kind == Order.Kind.PAIRS_APPROVAL:
        pairs = order_pairs(order)
        pairs_approve(pairs=pairs)
    order.status = Order.Status.SIGNED  # before rendering: the signed copy carries no «ПРОЕКТ» mark
    pdf = render_pdf(ORDER_TEMPLATE, order_context(order))
    order.pdf.save(f"order-{order.number_year}-{order.number}.pdf", ContentFile(pdf), save=False)
    order.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    order.full_clean()
    order.save()
    return order


# --- Reading: the registry and the pages -----------------------------------------------------------


def can_see_orders(user: User) -> bool:
    return user.is_authenticated and user.has_role(*ORDER_KEEPERS)


def orders_visible_to(user: User) -> QuerySet[Order]:
    """The organization's orders for the curator and the principal; nothing for anybody else."""
    if not can_see_orders(user):
        return Order.objects.none()
    return Order.objects.filter(organization_id=user.organization_id).select_related(
        "program", "created_by", "signed_by", "appointee"
    )


def orders_for_registry(user: User) -> QuerySet[Order]:
    """The registry (журнал приказов): each order with ``year`` — of its number, or of its drafting."""
    return orders_visible_to(user).annotate(year=Coalesce("number_year", ExtractYear("created_at")))


def order_years(user: User) -> list[int]:
    """Years that have orders, newest first (the choices of the registry's year filter)."""
    years = orders_for_registry(user).order_by().values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def order_get_visible(user: User, order_id: int) -> Order:
    """One order of the user's organization, or 404."""
    try:
        return orders_visible_to(user).select_related("organization").get(pk=order_id)
    except Order.DoesNotExist:
        raise Http404("Приказ не найден") from None


def orders_to_sign(user: User, limit: int = 10) -> list[Order]:
    """Drafts awaiting the principal's signature, the oldest first."""
    if not user.is_authenticated or not user.has_role(Role.PRINCIPAL):
        return []
    return list(orders_visible_to(user).filter(status=Order.Status.DRAFT).order_by("created_at", "pk")[:limit])


def pairs_for_order_choice(user: User, program: Program | None = None) -> QuerySet[Pair]:
    """Forming pairs of the user's programs not yet in a draft order, with their people (checkbox list)."""
    if not can_see_orders(user):
        return Pair.objects.none()
    in_drafts = Order.objects.filter(status=Order.Status.DRAFT).values("pairs")
    pairs = Pair.objects.filter(program__organization_id=user.organization_id, status=Pair.Status.FORMING).exclude(
        pk__in=in_drafts
    )
    if program is not None:
        pairs = pairs.filter(program=program)
    members = PairMember.objects.select_related("person").order_by("role", "person__last_name", "pk")
    return (
        pairs.select_related("program", "form")
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("program__title", "pk")
    )


def pair_label(pair: Pair) -> str:
    """«№ 12: Иванова М. П. — Петров Н. И. (7Б класс); учитель – ученик» for a checkbox."""
    members = list(pair.members.all())
    mentors = [m.person.short_name for m in members if m.role == PairMember.Role.MENTOR]
    mentees = [
        f"{m.person.short_name}{f' ({m.person.description})' if m.person.school_class else ''}"
        for m in members
        if m.role == PairMember.Role.MENTEE
    ]
    return f"№ {pair.pk}: {', '.join(mentors)} — {', '.join(mentees)}; {pair.form.name}"
