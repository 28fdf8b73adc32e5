"""The audit trail: imports, edits and bulk writes are recorded with who, when and from where; the trail
and the access log cannot be rewritten; the one lawful erasure; who sees the history on a page."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from people.audit import (
    audit_context,
    erase_person_history,
    person_history,
    person_history_for_page,
    person_log_extract,
)
from people.importing import service
from people.models import AccessEvent, Person
from people.tests.factories import (
    ConsentFactory,
    LegalRepresentativeFactory,
    MenteeProfileFactory,
    PersonFactory,
)
from people.tests.test_import_support import PUPIL_HEADERS, pupil_rows, xlsx_upload
from people.tests.test_views_people import _person_data

pytestmark = pytest.mark.django_db

PersonEvent = Person.pgh_event_models["insert"]


def _uploaded(organization, user, count=3):
    roster_import = service.roster_import_create(
        organization=organization,
        kind="pupils",
        uploaded_file=xlsx_upload([PUPIL_HEADERS, *pupil_rows(count)]),
        uploaded_by=user,
    )
    return service.roster_import_preview(roster_import=roster_import)


# --- Imports, edits, bulk writes ------------------------------------------------------------------


def test_an_import_records_each_new_person_with_the_importing_user_and_the_import(organization, administrator):
    roster_import = service.roster_import_confirm(roster_import=_uploaded(organization, administrator))

    people = list(Person.objects.filter(organization=organization, category="pupil"))
    assert len(people) == 3
    events = list(PersonEvent.objects.filter(pgh_obj__in=people))
    assert len(events) == 3
    for event in events:
        assert event.pgh_label == "insert"
        assert event.pgh_context["user"] == administrator.pk
        assert event.pgh_context["source"] == "import"
        assert event.pgh_context["import_id"] == roster_import.pk


def test_an_import_confirmed_on_its_page_shows_in_the_persons_history_with_the_address(
    client_for, organization, administrator, curator
):
    roster_import = _uploaded(organization, administrator, count=2)
    client = client_for(administrator)
    response = client.post(reverse("people:import-confirm", args=[roster_import.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302

    person = Person.objects.filter(organization=organization, category="pupil").first()
    event = PersonEvent.objects.get(pgh_obj=person)
    assert event.pgh_context["ip"] == "10.1.2.3"
    assert event.pgh_context["source"] == "import"
    assert event.pgh_context["url"] == reverse("people:import-confirm", args=[roster_import.pk])

    html = client_for(curator).get(person.get_absolute_url()).content.decode()
    assert "История изменений" in html
    assert "10.1.2.3" in html
    assert "(импорт)" in html
    assert person.last_name in html


def test_a_curators_edit_records_the_user_the_address_and_the_old_and_new_values(client_for, curator, organization):
    pupil = PersonFactory(organization=organization, last_name="Орлов", first_name="Павел", school_class="7Б")
    data = _person_data(last_name="Орлова", first_name="Павел", sex="M", school_class="7Б")
    response = client_for(curator).post(reverse("people:person-edit", args=[pupil.pk]), data, REMOTE_ADDR="192.168.5.7")
    assert response.status_code == 302

    update = PersonEvent.objects.filter(pgh_obj=pupil, pgh_label="update").latest("pgh_id")
    assert update.pgh_context["user"] == curator.pk
    assert update.pgh_context["ip"] == "192.168.5.7"
    entry = person_history(pupil)[0]
    assert entry.action == "изменение"
    assert entry.ip == "192.168.5.7"
    assert curator.last_name in entry.who
    changes = {change.label: (change.old, change.new) for change in entry.changes}
    assert changes["фамилия"] == ("Орлов", "Орлова")
    assert "search name" not in changes  # the generated search key that follows the name is not shown


def test_the_address_comes_from_x_forwarded_for_only_behind_a_configured_proxy(
    client_for, curator, organization, settings
):
    pupil = PersonFactory(organization=organization, school_class="7Б", sex="M")
    url = reverse("people:person-edit", args=[pupil.pk])
    client = client_for(curator)
    client.post(
        url,
        _person_data(last_name="Первый", sex="M", school_class="7Б"),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert PersonEvent.objects.filter(pgh_obj=pupil).latest("pgh_id").pgh_context["ip"] == "10.0.0.1"

    # AXES_PROXY_COUNT=1: one nginx before the portal (mentorship/settings.py).
    settings.PROXY_COUNT = 1
    client.post(
        url,
        _person_data(last_name="Второй", sex="M", school_class="7Б"),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert PersonEvent.objects.filter(pgh_obj=pupil).latest("pgh_id").pgh_context["ip"] == "203.0.113.9"


def test_a_bulk_update_records_a_diff_for_every_row(organization, administrator):
    pupils = [PersonFactory(organization=organization, school_class="7Б") for _ in range(3)]
    with audit_context(user=administrator, source="command", command="promote"):
        changed = Person.objects.filter(pk__in=[pupil.pk for pupil in pupils]).update(school_class="8Б")
    assert changed == 3

    updates = PersonEvent.objects.filter(pgh_obj__in=pupils, pgh_label="update")
    assert updates.count() == 3
    assert {event.pgh_context["user"] for event in updates} == {administrator.pk}
    entry = person_history(pupils[0])[0]
    assert [(change.label, change.old, change.new) for change in entry.changes] == [("класс / группа", "7Б", "8Б")]
    assert "команда promote" in entry.who


def test_a_delete_is_recorded_too(organization):
    consent = ConsentFactory(person__organization=organization)
    person = consent.person
    consent_id = consent.pk
    consent.delete()
    assert any(entry.action == "удаление" and f"№ {consent_id}" in entry.subject for entry in person_history(person))


# --- Append-only ----------------------------------------------------------------------------------


def _refused(action):
    with pytest.raises(DatabaseError, match="append_only"), transaction.atomic():
        action()


def test_the_trail_refuses_update_delete_and_raw_sql(organization):
    PersonFactory(organization=organization)
    assert PersonEvent.objects.exists()
    _refused(lambda: PersonEvent.objects.update(last_name="Подделка"))
    _refused(lambda: PersonEvent.objects.all().delete())

    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute(f'UPDATE "{PersonEvent._meta.db_table}" SET last_name = %s', ["Подделка"])

    _refused(raw_update)
    assert not PersonEvent.objects.filter(last_name="Подделка").exists()


def test_the_access_log_refuses_update_delete_and_raw_sql(administrator):
    AccessEvent.objects.create(kind=AccessEvent.Kind.LOGIN, user=administrator, username="administrator")
    _refused(lambda: AccessEvent.objects.update(username="никто"))
    _refused(lambda: AccessEvent.objects.all().delete())

    def raw_delete():
        with connection.cursor() as cursor:
            cursor.execute(f'DELETE FROM "{AccessEvent._meta.db_table}"')

    _refused(raw_delete)
    assert AccessEvent.objects.filter(username="administrator").exists()


TRACKED = [
    "people.PartnerOrganization",
    "people.Person",
    "people.LegalRepresentative",
    "people.Consent",
    "people.MentorProfile",
    "people.MenteeProfile",
    "people.MenteeRequest",
    "programs.Program",
    "programs.Pair",
    "programs.PairMember",
    "programs.Meeting",
    "programs.PlanGoal",
    "programs.PlanTask",
    "programs.Order",
    "monitoring.Response",
    "monitoring.Answer",
    "monitoring.MentorReport",
]


@pytest.mark.parametrize("label", TRACKED)
def test_every_tracked_model_has_insert_update_delete_triggers_and_an_append_only_trail(label):
    from django.apps import apps

    model = apps.get_model(label)
    event_model = model.pgh_event_models["insert"]
    assert set(model.pgh_event_models) == {"insert", "update", "delete"}

    def triggers_of(table):
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table])
            return {row[0] for row in cursor.fetchall()}

    tracked_triggers = triggers_of(model._meta.db_table)
    for operation in ("insert", "update", "delete"):
        assert any(operation in name for name in tracked_triggers), (operation, tracked_triggers)
    assert any("append_only" in name for name in triggers_of(event_model._meta.db_table))


# --- The lawful erasure and the extract for the act -----------------------------------------------


def test_erasure_removes_the_persons_trail_and_nothing_else(organization):
    from programs.models import PairMember

    link = LegalRepresentativeFactory(minor__organization=organization)
    pupil, parent = link.minor, link.representative
    ConsentFactory(person=pupil, signed_by=parent)
    profile = MenteeProfileFactory(person=pupil)
    profile.requests.create(text="Подготовка к олимпиаде", source="self")
    bystander = PersonFactory(organization=organization)
    Person.objects.filter(pk=pupil.pk).update(school_class="9В")

    erased = erase_person_history([pupil.pk])

    assert erased >= 6  # person ×2, consent, link, profile, request
    assert person_history(pupil, limit=None) == []
    assert not PersonEvent.objects.filter(pgh_obj_id=pupil.pk).exists()
    assert not PairMember.pgh_event_models["insert"].objects.filter(person_id=pupil.pk).exists()
    assert PersonEvent.objects.filter(pgh_obj_id=bystander.pk).exists()
    assert PersonEvent.objects.filter(pgh_obj_id=parent.pk).exists()  # the parent is not being destroyed
    # The exception ends with the call: the trail is append-only again.
    _refused(lambda: PersonEvent.objects.filter(pgh_obj_id=bystander.pk).delete())


def test_the_extract_for_the_act_names_when_who_where_and_what(client_for, curator, organization):
    pupil = PersonFactory(organization=organization, last_name="Орлов", first_name="Павел", school_class="7Б")
    client_for(curator).post(
        reverse("people:person-edit", args=[pupil.pk]),
        _person_data(last_name="Орлова", first_name="Павел", sex="M", school_class="7Б"),
        REMOTE_ADDR="192.168.5.7",
    )

    rows = person_log_extract(pupil)

    assert rows[0]["действие"] == "создание"
    assert rows[0]["кто"] == "система"
    last = rows[-1]
    assert set(last) == {"когда", "кто", "откуда", "действие", "запись", "что изменено"}
    assert last["откуда"] == "192.168.5.7"
    assert curator.last_name in last["кто"]
    assert "фамилия: Орлов → Орлова" in last["что изменено"]


# --- Who sees the history on a record's page -----------------------------------------------------


@pytest.fixture
def pair_with_order(organization, curator):
    from monitoring.tests.test_campaigns_support import running_program
    from programs.models import Order, Pair
    from programs.orders import order_create
    from programs.tests.program_data import make_pair

    program, _ = running_program(organization, curator=curator, pairs=0)
    pair = make_pair(program, status=Pair.Status.ACTIVE, started_days_ago=5)
    order = order_create(
        organization=organization,
        kind=Order.Kind.PAIRS_APPROVAL,
        created_by=curator,
        program=program,
        pairs=[make_pair(program)],  # an order approves pairs still forming
    )
    return pair, order


def test_curator_and_administrator_see_the_persons_history_principal_and_mentor_do_not(
    client_for, organization, curator, administrator, principal, mentor
):
    pupil = PersonFactory(organization=organization, last_name="Орлов")
    Person.objects.filter(pk=pupil.pk).update(last_name="Орлова")
    url = pupil.get_absolute_url()
    for user in (curator, administrator):
        html = client_for(user).get(url).content.decode()
        assert 'data-testid="history"' in html
        assert "Орлов → Орлова" in html
    principal_page = client_for(principal).get(url)
    assert principal_page.status_code == 200
    assert 'data-testid="history"' not in principal_page.content.decode()
    mentor_page = client_for(mentor).get(url)
    assert "Орлов → Орлова" not in mentor_page.content.decode()


def test_the_pair_page_shows_its_history_to_the_curator_only_of_its_readers(
    client_for, curator, principal, pair_with_order
):
    from programs.models import Pair

    pair, _ = pair_with_order
    Pair.objects.filter(pk=pair.pk).update(goals="Перевели на вечернее время")
    url = pair.get_absolute_url()
    html = client_for(curator).get(url).content.decode()
    assert 'data-testid="history"' in html
    assert "Перевели на вечернее время" in html
    principal_page = client_for(principal).get(url)
    assert principal_page.status_code == 200
    assert 'data-testid="history"' not in principal_page.content.decode()


def test_the_order_page_shows_who_drafted_it(client_for, curator, principal, pair_with_order):
    _, order = pair_with_order
    url = order.get_absolute_url()
    html = client_for(curator).get(url).content.decode()
    assert 'data-testid="history"' in html
    assert "создание" in html
    principal_page = client_for(principal).get(url)
    assert principal_page.status_code == 200
    assert 'data-testid="history"' not in principal_page.content.decode()


def test_a_consent_scan_is_never_shown_in_the_history(client_for, curator, organization):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from people.services import consent_create

    teacher = PersonFactory(organization=organization, category=Person.Category.TEACHER, birth_date=dt.date(1980, 1, 1))
    scan = SimpleUploadedFile("skan-soglasiya.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    consent_create(person=teacher, signed_on=dt.date.today(), scan=scan)
    html = client_for(curator).get(teacher.get_absolute_url()).content.decode()
    history = html[html.index('data-testid="history"') :]
    assert "скан:</span> файл" in history
    assert "skan-soglasiya" not in history and "consents/" not in history


# --- The access log -------------------------------------------------------------------------------


def test_sign_in_sign_out_and_a_failed_sign_in_are_logged_with_the_address(client, curator):
    client.post(reverse("login"), {"username": "curator", "password": "wrong"}, REMOTE_ADDR="10.9.8.7")
    failed = AccessEvent.objects.get(kind=AccessEvent.Kind.LOGIN_FAILED)
    assert (failed.username, failed.user, failed.ip) == ("curator", curator, "10.9.8.7")

    client.post(reverse("login"), {"username": "curator", "password": "pass-for-tests"}, REMOTE_ADDR="10.9.8.7")
    login = AccessEvent.objects.get(kind=AccessEvent.Kind.LOGIN)
    assert (login.user, login.ip, login.path) == (curator, "10.9.8.7", reverse("login"))

    client.post(reverse("logout"), REMOTE_ADDR="10.9.8.7")
    assert AccessEvent.objects.get(kind=AccessEvent.Kind.LOGOUT).user == curator


def test_a_failed_sign_in_with_an_unknown_login_keeps_the_login_tried(client, db):
    client.post(reverse("login"), {"username": "nobody", "password": "x"})
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.LOGIN_FAILED)
    assert event.username == "nobody" and event.user is None


def test_a_refusal_is_logged_with_the_page(client_for, mentor):
    url = reverse("people:user-list")
    assert client_for(mentor).get(url).status_code == 403
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.FORBIDDEN)
    assert (event.user, event.path) == (mentor, url)


def test_an_xlsx_export_is_logged_with_its_file_name(client_for, curator):
    response = client_for(curator).get(reverse("people:person-export"), {"category": "pupil"})
    assert response.status_code == 200
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.user == curator
    assert event.path.startswith(reverse("people:person-export")) and "category=pupil" in event.path
    assert event.details.endswith(".xlsx")


def test_an_ordinary_page_is_not_an_export(client_for, curator):
    assert client_for(curator).get(reverse("people:person-list")).status_code == 200
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


# --- The access log page --------------------------------------------------------------------------


def test_the_administrator_reads_the_access_log_of_the_organization_with_filters(
    client_for, administrator, curator, mentor, other_organization
):
    from people.tests.factories import UserFactory

    stranger = UserFactory(username="stranger", organization=other_organization)
    AccessEvent.objects.create(kind=AccessEvent.Kind.LOGIN, user=curator, username="curator", ip="10.0.0.5")
    AccessEvent.objects.create(
        kind=AccessEvent.Kind.FORBIDDEN, user=mentor, username="mentor", path="/people/999/forbidden-page/"
    )
    AccessEvent.objects.create(kind=AccessEvent.Kind.LOGIN, user=stranger, username="stranger")
    client = client_for(administrator)
    url = reverse("people:access-log")

    html = client.get(url).content.decode()
    assert "10.0.0.5" in html and "/people/999/forbidden-page/" in html
    assert "stranger" not in html
    assert f'href="{url}"' in html  # in the navigation

    only_refusals = client.get(url, {"kind": "forbidden"}).content.decode()
    assert "/people/999/forbidden-page/" in only_refusals and "10.0.0.5" not in only_refusals
    by_user = client.get(url, {"who": "curator"}).content.decode()
    assert "10.0.0.5" in by_user and "/people/999/forbidden-page/" not in by_user
    future = client.get(url, {"date_from": "2999-01-01"}).content.decode()
    assert "10.0.0.5" not in future


def test_the_access_log_pages_and_its_query_count_stays_flat(client_for, administrator, django_assert_max_num_queries):
    AccessEvent.objects.bulk_create(
        AccessEvent(kind=AccessEvent.Kind.LOGIN, user=administrator, username="administrator", details=f"№{number}")
        for number in range(120)
    )
    client = client_for(administrator)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("people:access-log")).content.decode()
    assert html.count("<tr") <= 52
    assert "page=2" in html


def test_the_history_section_costs_one_query_per_page_part(organization, django_assert_num_queries):
    link = LegalRepresentativeFactory(minor__organization=organization)
    ConsentFactory(person=link.minor, signed_by=link.representative)
    MenteeProfileFactory(person=link.minor).requests.create(text="Запрос", source="self")
    for number in range(5):
        Person.objects.filter(pk=link.minor.pk).update(school_class=f"{number + 5}А")
    # As the person page selects it (people.selectors.person_get_for_page), with the bank profiles joined.
    minor = Person.objects.select_related("mentor_profile", "mentee_profile").get(pk=link.minor.pk)
    with django_assert_num_queries(2):  # the person's records; the mentee's requests
        history = person_history(minor)
    assert len(history) == 1 + 1 + 1 + 1 + 1 + 5  # person, link, consent, profile, request, five moves


def test_erasure_also_removes_the_persons_plan_and_questionnaire_answers(organization):
    from monitoring import services as monitoring_services
    from monitoring.models import Answer, Response
    from monitoring.tests.test_campaigns_support import (
        complete_values,
        invitation_of,
        launched,
        person_in,
        running_program,
        standard,
    )
    from programs.models import PlanGoal, PlanTask
    from programs.tests.mentor_pairs import task_in

    program, (pair, other_pair) = running_program(organization, pairs=2)
    mentee, other_mentee = person_in(pair), person_in(other_pair)
    task = task_in(pair, title="Подготовиться к олимпиаде по химии")
    task_in(other_pair)
    questionnaire = standard("satisfaction-mentees")
    campaign = launched(questionnaire, program)
    for person in (mentee, other_mentee):
        monitoring_services.response_submit(
            invitation=invitation_of(campaign, person), values=complete_values(questionnaire, text="Личный отзыв")
        )
    answer_event = Answer.pgh_event_models["insert"]
    assert answer_event.objects.filter(response_id__in=Response.objects.filter(respondent=mentee)).exists()

    erase_person_history([mentee.pk])

    assert not PlanGoal.pgh_event_models["insert"].objects.filter(mentee_id=mentee.pk).exists()
    assert not PlanTask.pgh_event_models["insert"].objects.filter(goal_id=task.goal_id).exists()
    assert not Response.pgh_event_models["insert"].objects.filter(respondent_id=mentee.pk).exists()
    assert not answer_event.objects.filter(response_id__in=Response.objects.filter(respondent=mentee)).exists()
    # the other mentee's trail stays
    assert PlanGoal.pgh_event_models["insert"].objects.filter(mentee_id=other_mentee.pk).exists()
    assert Response.pgh_event_models["insert"].objects.filter(respondent_id=other_mentee.pk).exists()
    assert answer_event.objects.filter(response_id__in=Response.objects.filter(respondent=other_mentee)).exists()


# --- The person page's history, cached per version of the school's data -----------------------------


def _history_queries(captured) -> int:
    return sum("pghistory_events" in query["sql"] for query in captured)


def test_the_person_page_reads_the_history_once_and_shows_a_change_at_once(
    client_for, curator, organization, django_assert_max_num_queries
):
    pupil = PersonFactory(organization=organization, last_name="Орлов")
    client = client_for(curator)
    client.get(pupil.get_absolute_url())
    with django_assert_max_num_queries(9) as second:
        html = client.get(pupil.get_absolute_url()).content.decode()
    assert _history_queries(second.captured_queries) == 0
    assert "Орлов → Орлова" not in html

    Person.objects.filter(pk=pupil.pk).update(last_name="Орлова")  # a bulk write: no service, no signal

    assert "Орлов → Орлова" in client.get(pupil.get_absolute_url()).content.decode()


def test_a_new_mentee_request_shows_in_the_cached_history_at_once(client_for, curator, organization):
    """No trigger follows the requests' table: the page reads them afresh, merged in time order."""
    profile = MenteeProfileFactory(person__organization=organization)
    client = client_for(curator)
    client.get(profile.person.get_absolute_url())

    profile.requests.create(text="Подготовка к олимпиаде", source="self")
    Person.objects.filter(pk=profile.person_id).update(school_class="9А")

    html = client.get(profile.person.get_absolute_url()).content.decode()
    history = html[html.index('data-testid="history"') :]
    assert "Подготовка к олимпиаде" in history
    assert history.index("9А") < history.index("Подготовка к олимпиаде")  # newest first


def test_the_cached_history_keeps_the_marks_from_the_administrator(client_for, curator, administrator, organization):
    pupil = PersonFactory(organization=organization, last_name="Орлов")
    Person.objects.filter(pk=pupil.pk).update(is_at_risk=True, last_name="Орлова")
    url = pupil.get_absolute_url()

    curator_html = client_for(curator).get(url).content.decode()  # fills the cache with the marks shown
    administrator_html = client_for(administrator).get(url).content.decode()

    assert "группа риска:</span> нет → да" in curator_html
    assert "Орлов → Орлова" in administrator_html
    assert "группа риска" not in administrator_html[administrator_html.index('data-testid="history"') :]


def test_the_page_history_is_the_full_history_of_the_person(organization):
    link = LegalRepresentativeFactory(minor__organization=organization)
    ConsentFactory(person=link.minor, signed_by=link.representative)
    MenteeProfileFactory(person=link.minor).requests.create(text="Запрос", source="self")
    Person.objects.filter(pk=link.minor.pk).update(school_class="5А", is_gifted=True)
    minor = Person.objects.select_related("mentor_profile", "mentee_profile").get(pk=link.minor.pk)

    for show_sensitive in (True, False):
        expected = person_history(minor, show_sensitive=show_sensitive)
        assert person_history_for_page(minor, show_sensitive=show_sensitive) == expected  # computed
        assert person_history_for_page(minor, show_sensitive=show_sensitive) == expected  # from the cache
