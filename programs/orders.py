"""Orders (приказы): drafting, numbering, signing, and the text of each kind.

A draft's PDF follows the data; signing renders it once, stores the bytes with their SHA-256 and
from then on the stored file is the order — later changes to people or pairs do not touch it.
"""

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mentorship.pdf import render_document_html, render_pdf
from mentorship.russian import Case, decline_full_name, decline_position, format_date_long, initials_name_before
from people.models import Organization, Person, User
from people.roles import Role
from programs.models import Order, Pair, PairMember, Program
from programs.services import pairs_approve

ORDER_TEMPLATE = "documents/order.html"

DEFAULT_PREAMBLES = {
    Order.Kind.PAIRS_APPROVAL: (
        "В соответствии с распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
        "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, осуществляющих "
        "образовательную деятельность по общеобразовательным, дополнительным общеобразовательным и программам "
        "среднего профессионального образования, в том числе с применением лучших практик обмена опытом между "
        "обучающимися», Положением о наставничестве и на основании анализа анкет наставников и наставляемых"
    ),
}


def person_in_case(person: Person, case: Case) -> str:
    """«Иванову Марию Петровну» — the full name in the case a sentence needs."""
    return decline_full_name(person.last_name, person.first_name, person.middle_name, sex=person.sex, case=case)


def person_role_phrase(person: Person, case: Case) -> str:
    """What follows the name in an order: «учителя математики», «обучающегося 7Б класса»."""
    if person.category == Person.Category.PUPIL and person.school_class:
        learner = (
            {"M": "обучающегося", "F": "обучающуюся"}
            if case == Case.ACCUSATIVE
            else {"M": "обучающегося", "F": "обучающейся"}
        )
        return f"{learner[person.sex]} {person.school_class} класса"
    if person.category == Person.Category.STUDENT and person.school_class:
        student = (
            {"M": "студента", "F": "студентку"} if case == Case.ACCUSATIVE else {"M": "студента", "F": "студентки"}
        )
        return f"{student[person.sex]} группы {person.school_class}"
    if person.position:
        position = decline_position(person.position, case)
        return f"{position}, {person.partner.name}" if person.partner_id else position
    return ""


def _with_role(person: Person, case: Case) -> str:
    phrase = person_role_phrase(person, case)
    return f"{person_in_case(person, case)}, {phrase}," if phrase else person_in_case(person, case)


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
    return list(
        order.pairs.select_related("form", "role_model").prefetch_related("members__person__partner").order_by("pk")
    )


def order_context(order: Order, *, screen: bool = False) -> dict:
    """Everything the order template prints."""
    lines = pair_lines(order_pairs(order)) if order.kind == Order.Kind.PAIRS_APPROVAL else []
    return {
        "order": order,
        "organization": order.organization,
        "date_text": format_date_long(order.issued_on) if order.issued_on else "«___» __________ 20__ г.",
        "number_text": order.number or "____",
        "pair_lines": lines,
        "items": order.items,
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


def _signer_of(organization: Organization) -> tuple[str, str]:
    parts = organization.head_full_name.split()
    name = initials_name_before(*(parts + ["", "", ""])[:3]) if parts else ""
    return name, organization.head_position


@transaction.atomic
def order_create(
    *,
    organization: Organization,
    kind: str,
    created_by: User | None,
    program: Program | None = None,
    pairs: Sequence[Pair] = (),
    subject: str = "",
    preamble: str = "",
    items: Sequence[str] = (),
) -> Order:
    """Draft an order; a pair-approval order lists pairs that are still forming."""
    kind = Order.Kind(kind)
    # Judge the pairs as they are in the database, not as the caller last saw them.
    pairs = list(Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).select_related("program"))
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
    signer_name, signer_position = _signer_of(organization)
    order = Order(
        organization=organization,
        kind=kind,
        program=program,
        subject=subject or kind.label,
        preamble=preamble or DEFAULT_PREAMBLES.get(kind, ""),
        items=list(items),
        signer_name=signer_name,
        signer_position=signer_position,
        created_by=created_by,
    )
    order.full_clean()
    order.save()
    if pairs:
        order.pairs.set(pairs)
    return order


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
