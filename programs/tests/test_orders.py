"""Orders: the pair-approval order's text in the right cases, numbering, signing and freezing."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from mentorship.academic_year import AcademicYear
from people.models import Person
from people.services import person_update
from programs.models import MentoringForm, Order, Pair
from programs.orders import order_create, order_pdf, order_sign, pairs_awaiting_order
from programs.services import pair_create, program_create
from programs.tests.participants import make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


@pytest.fixture
def form():
    return MentoringForm.objects.create(
        code="t-p", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )


@pytest.fixture
def program(organization, form):
    organization.head_full_name = "Сидорова Елена Викторовна"
    organization.save()
    return program_create(
        organization=organization, title="Учитель – ученик", year=AcademicYear(2025), forms=[form], with_roadmap=False
    )


@pytest.fixture
def pair(organization, program, form):
    mentor = make_mentor(
        organization, last_name="Иванова", first_name="Мария", middle_name="Петровна", sex=Person.Sex.FEMALE
    )
    mentee = make_mentee(organization, last_name="Петров", first_name="Никита", middle_name="Ильич", school_class="7Б")
    return pair_create(
        program=program,
        form=form,
        mentors=[mentor],
        mentees=[mentee],
        starts_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 5, 31),
    )


@pytest.fixture
def draft(organization, pair, curator, program):
    return order_create(
        organization=organization, kind=Order.Kind.PAIRS_APPROVAL, created_by=curator, program=program, pairs=[pair]
    )


def test_pair_order_names_people_in_the_case_the_sentence_needs(draft, screenshot_dir):
    pdf = order_pdf(draft)
    with open(f"{screenshot_dir}/order-pairs-draft.pdf", "wb") as file:  # for a human look (pdftoppm)
        file.write(pdf)
    text = pdf_text(pdf)
    assert "ПРИКАЗ" in text and "ПРИКАЗЫВАЮ" in text and "ПРОЕКТ" in text
    assert "Об утверждении наставнических пар/групп" in text
    assert (
        "Назначить Иванову Марию Петровну, учителя математики, наставником Петрова Никиты Ильича, "
        "обучающегося 7Б класса (форма наставничества «учитель – ученик»)" in text
    )
    # the appendix lists names in the nominative
    assert "Иванова Мария Петровна" in text and "Петров Никита Ильич" in text
    assert "2025/2026 учебный год" in text
    assert "Е. В. Сидорова" in text


def test_only_the_principal_signs(draft, curator, mentor):
    for user in (curator, mentor):
        with pytest.raises(PermissionDenied, match="только руководитель"):
            order_sign(order=draft, user=user)
    draft.refresh_from_db()
    assert draft.status == Order.Status.DRAFT


def test_signing_numbers_the_order_and_approves_its_pairs(draft, principal, pair):
    signed = order_sign(order=draft, user=principal, issued_on=dt.date(2025, 9, 1))
    assert (signed.status, signed.number, signed.number_year) == (Order.Status.SIGNED, "1-о", 2025)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED
    text = pdf_text(order_pdf(signed))
    assert "«01» сентября 2025 г." in text and "№ 1-о" in text and "ПРОЕКТ" not in text
    with pytest.raises(ValidationError, match="уже подписан"):
        order_sign(order=signed, user=principal)


def test_numbers_run_per_year(organization, principal, program, form):
    numbers = []
    for issued_on in (dt.date(2025, 12, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 9)):
        mentor, mentee = make_mentor(organization), make_mentee(organization)
        pair = pair_create(
            program=program, form=form, mentors=[mentor], mentees=[mentee],
            starts_on=dt.date(2025, 10, 1), planned_end_on=dt.date(2026, 5, 31),
        )  # fmt: skip
        order = order_create(
            organization=organization, kind=Order.Kind.PAIRS_APPROVAL, created_by=None, program=program, pairs=[pair]
        )
        numbers.append(order_sign(order=order, user=principal, issued_on=issued_on).number)
    assert numbers == ["1-о", "2-о", "1-о"]


def test_signed_pdf_is_byte_identical_after_people_and_pairs_change(draft, principal, pair):
    signed = order_sign(order=draft, user=principal)
    before = order_pdf(signed)
    mentor = pair.members.get(role="mentor").person
    person_update(person=mentor, last_name="Смирнова", position="учитель физики")
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.TERMINATED, termination_reason="переезд")
    signed.refresh_from_db()
    after = order_pdf(signed)
    assert after == before
    assert "Иванову Марию Петровну" in pdf_text(after)


def test_draft_follows_the_data(draft, pair):
    mentor = pair.members.get(role="mentor").person
    person_update(person=mentor, last_name="Смирнова")
    assert "Назначить Смирнову Марию Петровну" in pdf_text(order_pdf(draft))


def test_only_forming_pairs_enter_an_order_and_awaiting_excludes_drafts(organization, program, pair, principal, draft):
    assert list(pairs_awaiting_order(program)) == []  # already in the draft
    order_sign(order=draft, user=principal)
    with pytest.raises(ValidationError, match="только формирующиеся пары"):
        order_create(organization=organization, kind=Order.Kind.PAIRS_APPROVAL, created_by=None, pairs=[pair])
