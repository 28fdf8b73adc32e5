"""Documents: every kind of order and the forms, read back from the PDF with the names in the right case.

Each test writes its PDF to test-artifacts/ for a human look (``pdftoppm -png -r 70 file.pdf out``).
"""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from mentorship.academic_year import AcademicYear
from people.models import LegalRepresentative, Person
from people.services import consent_create, mentee_profile_create, mentor_profile_create
from people.tests.factories import LegalRepresentativeFactory, PersonFactory
from programs import documents
from programs.models import MentoringForm, Nomination, Order
from programs.orders import order_create, order_delete, order_pdf, order_sign, order_update
from programs.services import pair_create, program_create

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def keep(pdf: bytes, name: str) -> bytes:
    """Write the PDF to test-artifacts/ (git-ignored) so a person can look at it."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), "wb") as file:
        file.write(pdf)
    return pdf


# --- Builders shared with the view tests ---------------------------------------------------------


def school(organization):
    organization.full_name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 16»"
    organization.short_name = "МБОУ СШ № 16"
    organization.address = "680000, г. Хабаровск, ул. Ленина, д. 1"
    organization.inn = "2721000016"
    organization.head_full_name = "Сидорова Елена Викторовна"
    organization.save()
    return organization


def teacher(organization, last_name, first_name, middle_name, sex="F", position="учитель математики", mentor=True):
    person = PersonFactory(
        organization=organization,
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        sex=sex,
        category=Person.Category.TEACHER,
        position=position,
        birth_date=dt.date(1984, 3, 12),
    )
    if mentor:
        mentor_profile_create(person=person, status="active", capacity=5, approved_on=dt.date(2025, 8, 30))
        consent_create(person=person, signed_on=TODAY)
    return person


def pupil(organization, last_name, first_name, middle_name, sex="M", school_class="7Б", mother=None, health=False):
    """A 13-year-old pupil in the mentee bank, with a mother as legal representative and her consent."""
    person = PersonFactory(
        organization=organization,
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        sex=sex,
        school_class=school_class,
        birth_date=TODAY.replace(year=TODAY.year - 13, day=1),
    )
    representative = PersonFactory(
        organization=organization,
        category=Person.Category.PARENT,
        sex="F",
        birth_date=dt.date(1985, 3, 2),
        **(mother or {"last_name": last_name + "а", "first_name": "Анна", "middle_name": "Сергеевна"}),
    )
    LegalRepresentativeFactory(
        minor=person, representative=representative, relation=LegalRepresentative.Relation.MOTHER
    )
    mentee_profile_create(person=person)
    consent_create(person=person, signed_by=representative, signed_on=TODAY, covers_health_data=health)
    return person


@pytest.fixture
def form():
    return MentoringForm.objects.create(
        code="doc-t-p", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )


def make_program(organization, form, *, with_roadmap=True):
    return program_create(
        organization=organization,
        title="Учитель – ученик: шаг к успеху",
        year=AcademicYear(2025),
        forms=[form],
        with_roadmap=with_roadmap,
        relevance="Обучающимся 7-х классов нужна поддержка в переходный период.",
        goal="Раскрытие потенциала личности наставляемого.",
        tasks="Помочь в адаптации.\nРазвить навыки самоорганизации.",
    )


def make_pair(program, form, mentors, mentees):
    return pair_create(
        program=program,
        form=form,
        mentors=mentors,
        mentees=mentees,
        starts_on=dt.date(2025, 10, 1),
        planned_end_on=dt.date(2026, 5, 31),
        goals="Повысить успеваемость по математике.",
    )


@pytest.fixture
def program(organization, form):
    school(organization)
    return make_program(organization, form)


@pytest.fixture
def mentor_ivanova(organization):
    return teacher(organization, "Иванова", "Мария", "Петровна")


@pytest.fixture
def mentee_petrov(organization):
    return pupil(
        organization,
        "Петров",
        "Никита",
        "Ильич",
        mother={"last_name": "Петрова", "first_name": "Анна", "middle_name": "Сергеевна"},
    )


@pytest.fixture
def pair(program, form, mentor_ivanova, mentee_petrov):
    return make_pair(program, form, [mentor_ivanova], [mentee_petrov])


# --- Orders of each kind -------------------------------------------------------------------------


def test_curator_order_appoints_the_deputy_in_the_accusative(organization, principal):
    school(organization)
    deputy = teacher(
        organization,
        "Иванова",
        "Мария",
        "Петровна",
        position="заместитель директора по учебно-воспитательной работе",
        mentor=False,
    )
    draft = order_create(
        organization=organization, kind=Order.Kind.CURATOR_APPOINTMENT, created_by=None, appointee=deputy
    )
    text = pdf_text(keep(order_pdf(draft), "order-curator-draft.pdf"))
    assert "О назначении куратора" in text and "ПРОЕКТ" in text
    assert (
        "Назначить Иванову Марию Петровну, заместителя директора по учебно-воспитательной работе, куратором "
        "внедрения целевой модели наставничества" in text
    )
    assert "Р-145" in text and "ПРИКАЗЫВАЮ" in text
    assert "С приказом ознакомлен(а): Иванова М. П." in text
    signed = order_sign(order=draft, user=principal, issued_on=dt.date(2025, 9, 1))
    text = pdf_text(keep(order_pdf(signed), "order-curator-signed.pdf"))
    assert "«01» сентября 2025 г." in text and "№ 1-о" in text and "Е. В. Сидорова" in text


def test_curator_order_needs_an_adult_of_the_organization(organization, other_organization, mentee_petrov):
    stranger = teacher(other_organization, "Кузьмич", "Никита", "Сергеевич", sex="M", mentor=False)
    for person in (None, stranger, mentee_petrov):
        with pytest.raises(ValidationError):
            order_create(
                organization=organization, kind=Order.Kind.CURATOR_APPOINTMENT, created_by=None, appointee=person
            )


def test_awards_order_thanks_mentors_in_the_dative(organization, program, form, mentor_ivanova, mentee_petrov):
    kuzmich = teacher(organization, "Кузьмич", "Никита", "Сергеевич", sex="M", position="учитель физики")
    belykh = pupil(organization, "Белых", "Анна", "Ильинична", sex="F", school_class="8А")
    best = make_pair(program, form, [mentor_ivanova], [belykh])
    make_pair(program, form, [kuzmich], [mentee_petrov])
    of_year = Nomination.objects.create(
        program=program, kind=Nomination.Kind.MENTOR_OF_YEAR, mentor=kuzmich, reason="Высокие результаты наставляемых"
    )
    best_pair = Nomination.objects.create(
        program=program, kind=Nomination.Kind.BEST_PAIR, pair=best, reason="за проект «Математика вокруг нас»"
    )
    draft = order_create(
        organization=organization,
        kind=Order.Kind.MENTOR_AWARDS,
        created_by=None,
        nominations=[of_year, best_pair],
    )
    assert draft.program == program
    text = pdf_text(keep(order_pdf(draft), "order-awards-draft.pdf"))
    assert (
        "Объявить благодарность наставнику года Кузьмичу Никите Сергеевичу, учителю физики, "
        "за высокие результаты наставляемых." in text
    )
    assert (
        "наставнику Ивановой Марии Петровне, учителю математики, и наставляемой Белых Анне Ильиничне, "
        "обучающейся 8А класса, — за проект «Математика вокруг нас»." in text
    )
    assert "«Учитель – ученик: шаг к успеху» в 2025/2026 учебном году" in text  # the preamble
    assert "Вручить благодарственные письма" in text


def test_pair_order_declines_hard_names(organization, program, form):
    kuzmich = teacher(organization, "Кузьмич", "Мария", "Петровна")  # a woman's «-ич» surname stays
    shevchenko = teacher(organization, "Шевченко", "Никита", "Олегович", sex="M", position="педагог-психолог")
    belykh = pupil(organization, "Белых", "Никита", "Ильич")
    double = pupil(organization, "Римская-Корсакова", "Анна", "Павловна", sex="F")
    shevchenko_pupil = pupil(organization, "Шевченко", "Ольга", "Ивановна", sex="F", school_class="7А")
    make_pair(program, form, [kuzmich], [belykh])
    make_pair(program, form, [shevchenko], [double, shevchenko_pupil])
    draft = order_create(
        organization=organization,
        kind=Order.Kind.PAIRS_APPROVAL,
        created_by=None,
        pairs=list(program.pairs.all()),
    )
    text = pdf_text(keep(order_pdf(draft), "order-pairs-names.pdf"))
    assert (
        "Назначить Кузьмич Марию Петровну, учителя математики, наставником Белых Никиты Ильича, "
        "обучающегося 7Б класса" in text
    )
    assert (
        "Назначить Шевченко Никиту Олеговича, педагога-психолога, наставником группы в составе: "
        "Римской-Корсаковой Анны Павловны, обучающейся 7Б класса; Шевченко Ольги Ивановны, обучающейся 7А класса"
        in text
    )
    assert "Римская-Корсакова Анна Павловна" in text  # the appendix keeps the nominative
    assert "2025/2026 учебный год" in text


def test_model_introduction_and_final_event_orders_have_their_items(organization, program):
    introduction = order_create(
        organization=organization, kind=Order.Kind.MODEL_INTRODUCTION, created_by=None, program=program
    )
    text = pdf_text(keep(order_pdf(introduction), "order-introduction.pdf"))
    assert "О внедрении целевой модели наставничества" in text
    assert "273-ФЗ" in text and "Р-145" in text
    assert "Утвердить Положение о наставничестве (приложение 1)." in text
    assert "дорожную карту внедрения целевой модели наставничества на 2025/2026 учебный год" in text
    event = order_create(
        organization=organization,
        kind=Order.Kind.FINAL_EVENT,
        created_by=None,
        program=program,
        event_date=dt.date(2026, 5, 20),
        event_place="актовый зал",
    )
    text = pdf_text(keep(order_pdf(event), "order-final-event.pdf"))
    assert "О проведении итогового мероприятия" in text
    assert "1. Провести «20» мая 2026 г. итоговое мероприятие в рамках реализации целевой модели" in text
    assert "Место проведения — актовый зал." in text
    with pytest.raises(ValidationError, match="дату и место"):
        order_create(organization=organization, kind=Order.Kind.FINAL_EVENT, created_by=None)


def test_a_draft_is_edited_and_deleted_a_signed_order_is_not(organization, program, principal):
    draft = order_create(organization=organization, kind=Order.Kind.MODEL_INTRODUCTION, created_by=None)
    order_update(order=draft, subject="О внедрении наставничества", preamble="Во исполнение", items=["Один.", " "])
    draft.refresh_from_db()
    assert (draft.subject, draft.items) == ("О внедрении наставничества", ["Один."])
    with pytest.raises(ValidationError, match="хотя бы один пункт"):
        order_update(order=draft, subject="О внедрении", preamble="", items=[])
    signed = order_sign(order=draft, user=principal)
    with pytest.raises(ValidationError, match="уже подписан"):
        order_update(order=signed, subject="Иное", preamble="", items=["Два."])
    with pytest.raises(ValidationError, match="уже подписан"):
        order_delete(order=signed)
    other = order_create(organization=organization, kind=Order.Kind.MODEL_INTRODUCTION, created_by=None)
    order_delete(order=other)
    assert not Order.objects.filter(pk=other.pk).exists()


# --- Consent forms ---------------------------------------------------------------------------------


def test_minor_consent_names_the_representative_the_basis_the_operator_and_the_law(organization, mentee_petrov):
    school(organization)
    link = mentee_petrov.representatives.get()
    link.authority_document = "свидетельство о рождении II-ДВ № 123456"
    link.save()
    form_data = documents.consent_form_data(mentee_petrov)
    text = pdf_text(keep(documents.consent_pdf(organization, [form_data]), "consent-minor.pdf"))
    assert "законного представителя на обработку персональных данных несовершеннолетнего" in text
    assert "Я, Петрова Анна Сергеевна" in text
    assert "проживающая по адресу" in text
    assert "являясь матерью (законным представителем) несовершеннолетнего Петрова Никиты Ильича" in text
    assert "на основании: свидетельство о рождении II-ДВ № 123456" in text
    assert "на обработку его персональных данных" in text
    assert "Петров Никита Ильич, дата рождения: " + mentee_petrov.birth_date.strftime("%d.%m.%Y") in text
    assert "обучающийся 7Б класса" in text
    assert "свидетельство о рождении серия" in text  # 13 years old: no passport yet
    assert "паспорт серия ______ № __________ выдан" in text  # the mother's, to fill by hand
    assert "статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»" in text
    assert organization.full_name in text and "ИНН 2721000016" in text and "ул. Ленина" in text
    for action in ("сбор", "систематизация", "передача (предоставление, доступ)", "обезличивание", "уничтожение"):
        assert action in text.lower()
    assert "Порядок отзыва" in text and "Срок действия" in text
    assert "/ Петрова А. С. /" in text
    assert "здоровья" not in text and "ОВЗ" not in text


def test_consent_lists_health_data_only_when_the_consent_covers_it(organization):
    school(organization)
    healthy = pupil(organization, "Смирнов", "Олег", "Павлович", health=False)
    covered = pupil(organization, "Орлова", "Вера", "Ильинична", sex="F", health=True)
    healthy.has_disability = True  # a mark without a health consent never reaches the form
    healthy.save()
    text = pdf_text(documents.consent_pdf(organization, [documents.consent_form_data(healthy)]))
    assert "здоровья" not in text and "ОВЗ" not in text
    text = pdf_text(documents.consent_pdf(organization, [documents.consent_form_data(covered)]))
    assert "сведения о состоянии здоровья" in text


def test_minor_without_a_representative_gets_blank_lines_to_fill(organization):
    school(organization)
    orphan = PersonFactory(
        organization=organization, last_name="Шевченко", first_name="Олег", middle_name="Павлович", school_class="5А",
        birth_date=TODAY.replace(year=TODAY.year - 11, day=1),
    )  # fmt: skip
    text = pdf_text(documents.consent_pdf(organization, [documents.consent_form_data(orphan)]))
    assert "законного представителя на обработку персональных данных несовершеннолетнего" in text
    assert "несовершеннолетнего Шевченко Олега Павловича" in text and "обучающийся 5А класса" in text
    assert "основание полномочий: документ, подтверждающий полномочия" in text


def test_adult_consent_is_signed_by_the_person(organization, mentor_ivanova):
    school(organization)
    text = pdf_text(
        keep(documents.consent_pdf(organization, [documents.consent_form_data(mentor_ivanova)]), "consent-adult.pdf")
    )
    assert "Я, Иванова Мария Петровна , (фамилия, имя, отчество) паспорт серия" in text
    assert "законного представителя" not in text
    assert "учитель математики" in text and "/ Иванова М. П. /" in text


def test_class_batch_has_one_form_per_pupil(organization):
    school(organization)
    names = [
        ("Алексеев", "Павел", "Игоревич", "M"),
        ("Белых", "Ксения", "Андреевна", "F"),
        ("Шевченко", "Илья", "Петрович", "M"),
    ]
    for last, first, middle, sex in names:
        pupil(organization, last, first, middle, sex=sex)
    pupil(organization, "Чужой", "Класс", "Иванович", school_class="7А")
    people = documents.consent_people_of_class(organization, "7 б")
    forms = documents.consent_forms_for(people)
    pdf = keep(documents.consent_pdf(organization, forms), "consent-class-7B.pdf")
    text = pdf_text(pdf)
    assert len(forms) == 3 and pdf_pages(pdf) >= 3
    for last, first, middle, _ in names:
        assert f"{last} {first} {middle}" in text
    assert "Чужой" not in text
    # each form starts a page: every page begins with its owner's name
    first_lines = [page.extract_text().split("\n")[0] for page in PdfReader(io.BytesIO(pdf)).pages]
    assert sum(line.startswith(("Алексеев", "Белых", "Шевченко")) for line in first_lines) == 3


# --- Agreement, roadmap, program card, letter --------------------------------------------------------


def test_agreement_names_both_parties_and_the_representative(pair):
    context_pair = documents.agreement_pair(pair.pk)
    from mentorship.pdf import render_pdf

    pdf = render_pdf(documents.AGREEMENT_TEMPLATE, documents.agreement_context(context_pair))
    text = pdf_text(keep(pdf, "agreement.pdf"))
    assert "СОГЛАШЕНИЕ" in text
    assert "Иванова Мария Петровна, учитель математики, именуемая в дальнейшем «Наставник»" in text
    assert (
        "Петров Никита Ильич, обучающийся 7Б класса, в лице законного представителя Петровой Анны Сергеевны (мать), "
        "действующей на основании свидетельства о рождении ребёнка" in text
    )
    assert "1.2. Цели совместной работы: повысить успеваемость по математике." in text
    assert "именуемый в дальнейшем «Наставляемый»" in text
    assert "с «01» октября 2025 г. по «31» мая 2026 г." in text
    assert "/ Иванова М. П. /" in text and "/ Петрова А. С. /" in text
    assert "Права и обязанности Наставника" in text and "Права и обязанности Наставляемого" in text


def test_roadmap_table_lists_the_six_stages(program):
    from mentorship.pdf import render_pdf

    pdf = render_pdf(documents.ROADMAP_TEMPLATE, documents.roadmap_context(program))
    text = pdf_text(keep(pdf, "roadmap.pdf"))
    for number, title in enumerate(
        (
            "Подготовка условий для запуска программы наставничества",
            "Отбор и обучение наставников",
            "Формирование банка наставников",
            "Формирование банка наставляемых",
            "Организация работы наставнических пар/групп",
            "Завершение программы наставничества",
        ),
        start=1,
    ):
        assert f"Этап {number}. {title}" in text
    assert "6 этапов" in text and "Мероприятие" in text and "Ответственные" in text
    assert "05.09.2025" in text and "УТВЕРЖДАЮ" in text


def test_program_card_prints_every_section(program, pair):
    from mentorship.pdf import render_pdf

    card = documents.program_document_program(program.pk)
    pdf = render_pdf(documents.PROGRAM_TEMPLATE, documents.program_context(card))
    text = pdf_text(keep(pdf, "program.pdf"))
    for _, title in documents.PROGRAM_SECTIONS:
        assert title in text
    assert "Обучающимся 7-х классов нужна поддержка" in text
    assert "с «01» сентября 2025 г. по «31» мая 2026 г." in text
    assert "Форма наставничества «учитель – ученик»" in text and "1 пара (группа)" in text


def test_letter_of_thanks_speaks_to_the_mentor_and_thanks_her_in_the_dative(program, pair, mentor_ivanova):
    from mentorship.pdf import render_pdf

    Nomination.objects.create(
        program=program, kind=Nomination.Kind.MENTOR_OF_YEAR, mentor=mentor_ivanova, reason="Преданность делу"
    )
    context = documents.thanks_context(program, mentor_ivanova, day=dt.date(2026, 5, 25))
    text = pdf_text(keep(render_pdf(documents.THANKS_TEMPLATE, context), "thanks.pdf"))
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in text and "Уважаемая Мария Петровна!" in text
    assert "объявляет благодарность Ивановой Марии Петровне, учителю математики, за преданность делу." in text
    assert "номинации «Наставник года»" in text and "помогли Петрову Н. И." in text
    assert "«25» мая 2026 г." in text and "Е. В. Сидорова" in text


# --- The command line ----------------------------------------------------------------------------


def test_cli_writes_a_pdf_and_prints_its_path(organization, pair, program, tmp_path):
    draft = order_create(organization=organization, kind=Order.Kind.PAIRS_APPROVAL, created_by=None, pairs=[pair])
    out = io.StringIO()
    call_command("document", "order", "--id", str(draft.pk), "--output", str(tmp_path / "приказ.pdf"), stdout=out)
    path = out.getvalue().strip()
    assert path == str((tmp_path / "приказ.pdf").resolve())
    assert "Назначить Иванову Марию Петровну" in pdf_text(Path(path).read_bytes())
    for kind, pk in (("agreement", pair.pk), ("roadmap", program.pk), ("program", program.pk)):
        out = io.StringIO()
        call_command("document", kind, "--id", str(pk), "--output", str(tmp_path), stdout=out)
        assert Path(out.getvalue().strip()).read_bytes().startswith(b"%PDF-")


def test_cli_writes_the_consents_of_a_class(organization, tmp_path):
    school(organization)
    for last in ("Алексеев", "Шевченко"):
        pupil(organization, last, "Илья", "Петрович")
    out = io.StringIO()
    call_command(
        "document", "consent", "--class", "7б", "--organization", str(organization.pk), "--output", str(tmp_path),
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    path = out.getvalue().strip()
    assert path.endswith("Согласия на обработку персональных данных 7Б класс.pdf")
    text = pdf_text(Path(path).read_bytes())
    assert "Алексеев Илья Петрович" in text and "Шевченко Илья Петрович" in text
    with pytest.raises(CommandError, match="--id"):
        call_command("document", "roadmap")
