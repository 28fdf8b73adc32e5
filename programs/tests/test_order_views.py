"""Pages of orders and documents: who may open what, signing by the principal only, the registry, batches."""

import datetime as dt
import io
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from people.roles import Role
from people.services import consent_create, mentor_profile_create
from people.tests.factories import OrganizationFactory, PersonFactory, UserFactory
from programs.models import MentoringForm, Order, Pair
from programs.orders import order_create, order_sign
from programs.tests.factories import MentoringFormFactory
from programs.tests.test_documents import make_pair, make_program, pdf_text, pupil, school, teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def form():
    return MentoringForm.objects.create(
        code="view-t-p", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )


@pytest.fixture
def program(organization, form):
    school(organization)
    return make_program(organization, form)


@pytest.fixture
def own_pair(organization, program, form, mentor):
    """A pair whose mentor is the ``mentor`` user's own person."""
    person = mentor.person
    person.last_name, person.first_name, person.middle_name, person.sex = "Кузьмич", "Никита", "Сергеевич", "M"
    person.birth_date, person.position = dt.date(1980, 2, 2), "учитель физики"
    person.save()
    mentor_profile_create(person=person, status="active", capacity=3, approved_on=dt.date(2025, 8, 30))
    consent_create(person=person, signed_on=dt.date.today())
    mentee = pupil(organization, "Белых", "Ксения", "Андреевна", sex="F")
    return make_pair(program, form, [person], [mentee])


@pytest.fixture
def other_pair(organization, program, form):
    mentor_person = teacher(organization, "Иванова", "Мария", "Петровна")
    mentee = pupil(organization, "Петров", "Никита", "Ильич")
    return make_pair(program, form, [mentor_person], [mentee])


@pytest.fixture
def draft(organization, other_pair, program, curator):
    return order_create(
        organization=organization,
        kind=Order.Kind.PAIRS_APPROVAL,
        created_by=curator,
        program=program,
        pairs=[other_pair],
    )


@pytest.fixture
def foreign_order(other_organization):
    deputy = teacher(other_organization, "Орлова", "Вера", "Ильинична", mentor=False)
    return order_create(
        organization=other_organization, kind=Order.Kind.CURATOR_APPOINTMENT, created_by=None, appointee=deputy
    )


def status_of(client, method, url, data=None):
    response = client.post(url, data or {}) if method == "POST" else client.get(url)
    return response.status_code


# --- Access: every view, every role ------------------------------------------------------------------


def _order_urls(order):
    return [
        ("GET", reverse("programs:order-list")),
        ("GET", reverse("programs:order-create")),
        ("GET", reverse("programs:order-create-kind", args=["model_introduction"])),
        ("POST", reverse("programs:order-create-kind", args=["model_introduction"])),
        ("GET", reverse("programs:order-detail", args=[order.pk])),
        ("GET", reverse("programs:order-preview", args=[order.pk])),
        ("GET", reverse("programs:order-pdf", args=[order.pk])),
        ("GET", reverse("programs:order-edit", args=[order.pk])),
        ("POST", reverse("programs:order-edit", args=[order.pk])),
        ("GET", reverse("programs:order-delete", args=[order.pk])),
        ("POST", reverse("programs:order-delete", args=[order.pk])),
        ("GET", reverse("programs:order-sign", args=[order.pk])),
        ("POST", reverse("programs:order-sign", args=[order.pk])),
    ]


def _document_urls(program, pair, person):
    mentor_id = pair.members.get(role="mentor").person_id
    return [
        ("GET", reverse("programs:document-thanks", args=[program.pk, mentor_id])),
        ("GET", reverse("programs:document-thanks-pdf", args=[program.pk, mentor_id])),
        ("GET", reverse("programs:document-program-set", args=[program.pk])),
        ("GET", reverse("programs:document-consent", args=[person.pk])),
        ("GET", reverse("programs:document-consent-pdf", args=[person.pk])),
        ("GET", reverse("programs:document-roadmap", args=[program.pk])),
        ("GET", reverse("programs:document-roadmap-pdf", args=[program.pk])),
        ("GET", reverse("programs:document-program", args=[program.pk])),
        ("GET", reverse("programs:document-program-pdf", args=[program.pk])),
        ("GET", reverse("programs:consent-batch-create")),
        ("POST", reverse("programs:consent-batch-create")),
        ("GET", reverse("programs:consent-batch", args=["ab" * 16])),
        ("GET", reverse("programs:consent-batch-status", args=["ab" * 16])),
        ("GET", reverse("programs:consent-batch-pdf", args=["ab" * 16])),
    ]


@pytest.mark.parametrize("role", ["mentor", "administrator", "user_without_role"])
def test_other_roles_get_403_on_every_order_and_document_page(
    request, role, client_for, draft, program, other_pair, own_pair
):
    client = client_for(request.getfixturevalue(role))
    person = other_pair.members.get(role="mentee").person
    for method, url in _order_urls(draft) + _document_urls(program, other_pair, person):
        assert status_of(client, method, url) == 403, (method, url)
    draft.refresh_from_db()
    assert draft.status == Order.Status.DRAFT


def test_anonymous_is_sent_to_the_login_page(client, draft, program, other_pair):
    person = other_pair.members.get(role="mentee").person
    urls = _order_urls(draft) + _document_urls(program, other_pair, person)
    urls += [
        ("GET", reverse("programs:document-hub")),
        ("GET", reverse("programs:document-agreement", args=[other_pair.pk])),
        ("GET", reverse("programs:document-agreement-pdf", args=[other_pair.pk])),
        ("GET", reverse("programs:consent-batch-status", args=["0" * 32])),
    ]
    for method, url in urls:
        response = client.post(url) if method == "POST" else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("role", ["curator", "principal"])
def test_curator_and_principal_see_every_document_of_their_organization(
    request, role, client_for, draft, program, other_pair
):
    client = client_for(request.getfixturevalue(role))
    person = other_pair.members.get(role="mentee").person
    mentor_person = other_pair.members.get(role="mentor").person
    pages = [
        reverse("programs:order-list"),
        reverse("programs:order-create"),
        reverse("programs:order-detail", args=[draft.pk]),
        reverse("programs:order-preview", args=[draft.pk]),
        reverse("programs:order-edit", args=[draft.pk]),
        reverse("programs:order-delete", args=[draft.pk]),
        reverse("programs:document-hub"),
        reverse("programs:document-program-set", args=[program.pk]),
        reverse("programs:document-consent", args=[person.pk]),
        reverse("programs:document-agreement", args=[other_pair.pk]),
        reverse("programs:document-roadmap", args=[program.pk]),
        reverse("programs:document-program", args=[program.pk]),
        reverse("programs:document-thanks", args=[program.pk, mentor_person.pk]),
    ]
    for kind in Order.Kind:
        pages.append(reverse("programs:order-create-kind", args=[kind.value]))
    for url in pages:
        assert client.get(url).status_code == 200, url
    pdfs = [
        reverse("programs:order-pdf", args=[draft.pk]),
        reverse("programs:document-consent-pdf", args=[person.pk]),
        reverse("programs:document-agreement-pdf", args=[other_pair.pk]),
        reverse("programs:document-roadmap-pdf", args=[program.pk]),
        reverse("programs:document-program-pdf", args=[program.pk]),
        reverse("programs:document-thanks-pdf", args=[program.pk, mentor_person.pk]),
    ]
    for url in pdfs:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
        assert response.content.startswith(b"%PDF-")


def test_another_organizations_objects_are_not_found(client_for, curator, principal, foreign_order, other_organization):
    foreign_program = make_program(other_organization, MentoringFormFactory(), with_roadmap=False)
    foreign_person = PersonFactory(organization=other_organization)
    for user in (curator, principal):
        client = client_for(user)
        for url in (
            reverse("programs:order-detail", args=[foreign_order.pk]),
            reverse("programs:order-preview", args=[foreign_order.pk]),
            reverse("programs:order-pdf", args=[foreign_order.pk]),
            reverse("programs:order-edit", args=[foreign_order.pk]),
            reverse("programs:order-delete", args=[foreign_order.pk]),
            reverse("programs:document-consent", args=[foreign_person.pk]),
            reverse("programs:document-roadmap", args=[foreign_program.pk]),
            reverse("programs:document-program-pdf", args=[foreign_program.pk]),
        ):
            assert client.get(url).status_code == 404, url
    assert client_for(principal).post(reverse("programs:order-sign", args=[foreign_order.pk])).status_code == 404


# --- The mentor: his own agreement and nothing else ----------------------------------------------------


def test_mentor_gets_only_the_agreement_of_his_own_pair(client_for, mentor, own_pair, other_pair, draft):
    client = client_for(mentor)
    response = client.get(reverse("programs:document-agreement-pdf", args=[own_pair.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Кузьмич Никита Сергеевич" in text and "Белых Ксения Андреевна" in text
    assert client.get(reverse("programs:document-agreement", args=[own_pair.pk])).status_code == 200
    hub = client.get(reverse("programs:document-hub"))
    assert hub.status_code == 200 and reverse("programs:document-agreement", args=[own_pair.pk]) in hub.text
    assert reverse("programs:document-agreement", args=[other_pair.pk]) not in hub.text
    for url in (
        reverse("programs:document-agreement", args=[other_pair.pk]),
        reverse("programs:document-agreement-pdf", args=[other_pair.pk]),
    ):
        assert client.get(url).status_code == 404
    for url in (
        reverse("programs:order-list"),
        reverse("programs:order-detail", args=[draft.pk]),
        reverse("programs:order-pdf", args=[draft.pk]),
        reverse("programs:document-roadmap", args=[own_pair.program_id]),
        reverse("programs:document-consent", args=[own_pair.members.get(role="mentee").person_id]),
    ):
        assert client.get(url).status_code == 403


def test_administrator_and_no_role_cannot_fetch_agreements(client_for, administrator, user_without_role, other_pair):
    for user in (administrator, user_without_role):
        client = client_for(user)
        assert client.get(reverse("programs:document-agreement-pdf", args=[other_pair.pk])).status_code == 403
        assert client.get(reverse("programs:document-hub")).status_code == 403


# --- Signing -------------------------------------------------------------------------------------------


def test_only_the_principal_signs(client_for, curator, principal, draft, other_pair):
    curator_client = client_for(curator)
    detail = curator_client.get(reverse("programs:order-detail", args=[draft.pk]))
    assert reverse("programs:order-sign", args=[draft.pk]) not in detail.text
    assert curator_client.get(reverse("programs:order-sign", args=[draft.pk])).status_code == 403
    assert (
        curator_client.post(reverse("programs:order-sign", args=[draft.pk]), {"issued_on": "2025-10-02"}).status_code
        == 403
    )
    draft.refresh_from_db()
    assert draft.status == Order.Status.DRAFT

    principal_client = client_for(principal)
    detail = principal_client.get(reverse("programs:order-detail", args=[draft.pk]))
    assert reverse("programs:order-sign", args=[draft.pk]) in detail.text
    page = principal_client.get(reverse("programs:order-sign", args=[draft.pk]))
    assert "Дата приказа" in page.text
    response = principal_client.post(reverse("programs:order-sign", args=[draft.pk]), {"issued_on": "2025-10-02"})
    assert response.status_code == 302
    draft.refresh_from_db()
    other_pair.refresh_from_db()
    assert (draft.status, draft.number, other_pair.status) == (Order.Status.SIGNED, "1-о", Pair.Status.APPROVED)
    pdf = principal_client.get(reverse("programs:order-pdf", args=[draft.pk]))
    assert "attachment" in pdf["Content-Disposition"]
    assert "Приказ № 1-о от 02.10.2025.pdf" in unquote(pdf["Content-Disposition"])
    text = pdf_text(pdf.content)
    assert "№ 1-о" in text and "«02» октября 2025 г." in text and "Иванову Марию Петровну" in text
    # a signed order is neither edited nor deleted
    for name in ("programs:order-edit", "programs:order-delete", "programs:order-sign"):
        assert principal_client.post(reverse(name, args=[draft.pk]), {"subject": "x"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Order.Status.SIGNED and draft.subject != "x"


def test_a_future_date_is_refused(client_for, principal, draft):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = client_for(principal).post(reverse("programs:order-sign", args=[draft.pk]), {"issued_on": tomorrow})
    assert response.status_code == 200 and "будущей датой" in response.text


# --- Drafting, editing, deleting ------------------------------------------------------------------------


def test_curator_drafts_the_pair_order_from_all_pairs_awaiting(client_for, curator, program, other_pair):
    client = client_for(curator)
    url = reverse("programs:order-create-kind", args=["pairs_approval"])
    page = client.get(url, {"program": program.pk})
    assert f"№ {other_pair.pk}: Иванова М. П. — Петров Н. И. (7Б класс)" in page.text
    response = client.post(url, {"program": program.pk, "take_all": "on"})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert list(order.pairs.all()) == [other_pair] and order.created_by == curator
    # the pair is now in a draft: nothing awaits any more
    response = client.post(url, {"program": program.pk, "take_all": "on"})
    assert "нет пар, ожидающих приказа" in response.text


def test_curator_drafts_an_appointment_and_edits_its_items(client_for, curator, organization):
    school(organization)
    deputy = teacher(
        organization, "Шевченко", "Ольга", "Ивановна", position="заместитель директора по учебно-воспитательной работе"
    )
    client = client_for(curator)
    client.post(reverse("programs:order-create-kind", args=["curator_appointment"]), {"appointee": deputy.pk})
    order = Order.objects.get()
    assert order.appointee == deputy
    response = client.post(
        reverse("programs:order-edit", args=[order.pk]),
        {
            "subject": "О назначении куратора",
            "preamble": "В целях …",
            "items": "Первый пункт.\n\nКонтроль оставляю за собой.",
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.items == ["Первый пункт.", "Контроль оставляю за собой."]
    text = pdf_text(client.get(reverse("programs:order-pdf", args=[order.pk])).content)
    assert (
        "1. Назначить Шевченко Ольгу Ивановну, заместителя директора по учебно-воспитательной работе, куратором" in text
    )
    assert "2. Первый пункт." in text and "3. Контроль оставляю за собой." in text
    assert client.post(reverse("programs:order-delete", args=[order.pk])).status_code == 302
    assert not Order.objects.exists()


# --- The registry ---------------------------------------------------------------------------------------


def _orders(organization, count):
    for number in range(count):
        order_create(
            organization=organization,
            kind=Order.Kind.MODEL_INTRODUCTION if number % 2 else Order.Kind.FINAL_EVENT,
            created_by=None,
            subject=f"Приказ для проверки {number}",
            items=["Пункт."],
        )


def test_registry_query_count_does_not_grow_with_orders(
    client_for, curator, organization, django_assert_max_num_queries
):
    client = client_for(curator)
    _orders(organization, 3)
    client.get(reverse("programs:order-list"))  # warm the session and the role cache
    cache.clear()  # the registry is computed, not taken from mentorship.datacache
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("programs:order-list"))
    _orders(organization, 40)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("programs:order-list"))
    assert "Найдено: 43" in response.text


def test_the_registry_is_read_once_per_version_of_the_schools_data_and_follows_every_write(
    client_for, principal, organization, django_assert_max_num_queries
):
    url = reverse("programs:order-list")
    _orders(organization, 3)
    client = client_for(principal)
    assert "Найдено: 3" in client.get(url).text
    # the session, the account, its roles, the version of the school's data and the school's name in the menu
    with django_assert_max_num_queries(5):
        assert "Найдено: 3" in client.get(url).text
    _orders(organization, 1)
    assert "Найдено: 4" in client.get(url).text
    order = Order.objects.get(subject="Приказ для проверки 1")
    assert "Найдено: 1" in client.get(url, {"status": "draft", "q": "проверки 1"}).text
    order_sign(order=order, user=principal, issued_on=dt.date(2024, 12, 30))
    assert "Найдено: 0" in client.get(url, {"status": "draft", "q": "проверки 1"}).text
    assert "30.12.2024" in client.get(url).text


def test_a_registry_read_in_one_school_is_never_shown_in_another(
    client_for, principal, organization, other_organization
):
    _orders(organization, 2)
    elsewhere = UserFactory(username="principal-elsewhere", organization=other_organization, roles=[Role.PRINCIPAL])
    assert "Найдено: 2" in client_for(principal).get(reverse("programs:order-list")).text
    page = client_for(elsewhere).get(reverse("programs:order-list")).text
    assert "Найдено: 0" in page and "Приказ для проверки" not in page


def test_registry_filters_and_sorts(client_for, principal, organization):
    school(organization)
    _orders(organization, 4)
    signed = Order.objects.filter(kind=Order.Kind.FINAL_EVENT).order_by("pk").first()
    order_sign(order=signed, user=principal, issued_on=dt.date(2024, 12, 30))
    client = client_for(principal)
    url = reverse("programs:order-list")
    assert "Найдено: 1" in client.get(url, {"status": "signed"}).text
    assert "Найдено: 2" in client.get(url, {"kind": "model_introduction"}).text
    assert "Найдено: 1" in client.get(url, {"year": "2024"}).text
    assert "Найдено: 1" in client.get(url, {"q": "проверки 3"}).text
    sorted_page = client.get(url, {"sort": "subject"}).text
    assert sorted_page.index("Приказ для проверки 1") < sorted_page.index("Приказ для проверки 3")
    assert client.get(url, {"sort": "-number"}).status_code == 200


def test_principal_home_lists_drafts_to_sign(client_for, principal, curator, draft):
    home = client_for(principal).get(reverse("home"))
    assert draft.get_absolute_url() in home.text and "Приказы на подпись" in home.text
    nav = client_for(curator).get(reverse("home")).text
    assert reverse("programs:order-list") in nav


# --- The consents of a class in the background ---------------------------------------------------------


def test_curator_gets_the_class_consents_as_one_pdf(client_for, curator, principal, organization):
    school(organization)
    names = ["Алексеев Павел", "Белых Ксения", "Кузьмич Никита", "Шевченко Илья", "Орлова Вера", "Смирнов Олег"]
    for name in names:
        last, first = name.split()
        pupil(organization, last, first, "Иванович", sex="F" if first in ("Ксения", "Вера") else "M")
    client = client_for(curator)
    response = client.post(reverse("programs:consent-batch-create"), {"school_class": "7 б"})
    assert response.status_code == 302
    status_page = client.get(response["Location"])
    assert status_page.status_code == 200 and "js/document-batch.js" in status_page.text
    batch_id = response["Location"].rstrip("/").split("/")[-1]
    status = client.get(reverse("programs:consent-batch-status", args=[batch_id])).json()
    assert (status["state"], status["done"], status["total"], status["percent"]) == ("done", 6, 6, 100)
    pdf = client.get(status["download_url"])
    assert pdf.status_code == 200
    assert "7Б" in unquote(pdf["Content-Disposition"])
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) >= len(names)
    text = pdf_text(pdf.content)
    for name in names:
        assert name in text
    # the principal may not take the batch; another organization's curator does not find it
    for url in (
        response["Location"],
        reverse("programs:consent-batch-status", args=[batch_id]),
        status["download_url"],
    ):
        assert client_for(principal).get(url).status_code == 403
    assert (
        client_for(principal).post(reverse("programs:consent-batch-create"), {"school_class": "7Б"}).status_code == 403
    )
    stranger = UserFactory(organization=OrganizationFactory(), roles=[Role.CURATOR])
    assert client_for(stranger).get(status["download_url"]).status_code == 404
    assert client_for(stranger).get(reverse("programs:consent-batch-status", args=[batch_id])).status_code == 404


def test_a_bad_class_is_refused(client_for, curator):
    response = client_for(curator).post(reverse("programs:consent-batch-create"), {"school_class": "девятый"})
    assert response.status_code == 200 and "не похоже на класс" in response.text


def test_previews_carry_a_toolbar_and_are_not_cached(client_for, curator, program, other_pair):
    person = other_pair.members.get(role="mentee").person
    response = client_for(curator).get(reverse("programs:document-consent", args=[person.pk]))
    assert "no-store" in response["Cache-Control"]
    assert reverse("programs:document-consent-pdf", args=[person.pk]) in response.text
    assert 'class="doc-toolbar"' in response.text and "<script" not in response.text
    mentor_id = other_pair.members.get(role="mentor").person_id
    stranger = teacher(program.organization, "Орлов", "Пётр", "Ильич", sex="M")  # not a mentor of the program
    client = client_for(curator)
    assert client.get(reverse("programs:document-thanks", args=[program.pk, mentor_id])).status_code == 200
    assert client.get(reverse("programs:document-thanks", args=[program.pk, stranger.pk])).status_code == 404
