"""Consents in the browser: adding with a scan, revoking, downloading the scan, the «Нет согласия» page."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import selectors
from people.models import Consent, Person
from people.services import (
    MAX_SCAN_BYTES,
    consent_create,
    consent_revoke,
    mentee_profile_create,
    mentor_profile_create,
    person_archive,
)
from people.tests.factories import LegalRepresentativeFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
ROLES = ["curator", "principal", "administrator", "mentor", "user_without_role"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def mother_link(organization):
    return LegalRepresentativeFactory(
        minor__organization=organization,
        minor__last_name="Лебедев",
        minor__first_name="Артём",
        minor__school_class="5А",
        representative__last_name="Лебедева",
        representative__first_name="Ольга",
    )


@pytest.fixture
def pupil(mother_link):
    return mother_link.minor


@pytest.fixture
def consent(pupil, mother_link):
    return consent_create(
        person=pupil,
        signed_by=mother_link.representative,
        signed_on=TODAY,
        scan=SimpleUploadedFile("скан.png", PNG, content_type="image/png"),
    )


@pytest.mark.parametrize("role_fixture", ROLES)
def test_consent_pages_open_only_for_curator_and_principal(request, client_for, role_fixture, pupil, consent):
    client = client_for(request.getfixturevalue(role_fixture))
    readers = {"curator", "principal"}
    writers = {"curator"}
    for url, may_get in (
        (reverse("people:consent-missing"), readers),
        (reverse("people:consent-scan", args=[consent.pk]), readers),
        (reverse("people:consent-create", args=[pupil.pk]), writers),
        (reverse("people:consent-revoke", args=[consent.pk]), writers),
    ):
        assert client.get(url).status_code == (200 if role_fixture in may_get else 403), url
    for url in (reverse("people:consent-create", args=[pupil.pk]), reverse("people:consent-revoke", args=[consent.pk])):
        if role_fixture not in writers:
            assert (
                client.post(url, {"revoked_on": TODAY.isoformat(), "signed_on": TODAY.isoformat()}).status_code == 403
            )
    consent.refresh_from_db()
    assert consent.revoked_on is None
    assert Consent.objects.count() == 1


def test_anonymous_user_is_sent_to_login_from_consent_pages(client, pupil, consent):
    for url in (
        reverse("people:consent-missing"),
        reverse("people:consent-scan", args=[consent.pk]),
        reverse("people:consent-create", args=[pupil.pk]),
        reverse("people:consent-revoke", args=[consent.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_another_organizations_consents_are_not_found(client_for, curator, principal, other_organization):
    link = LegalRepresentativeFactory(minor__organization=other_organization)
    foreign = consent_create(
        person=link.minor,
        signed_by=link.representative,
        signed_on=TODAY,
        scan=SimpleUploadedFile("a.png", PNG),
    )
    assert client_for(principal).get(reverse("people:consent-scan", args=[foreign.pk])).status_code == 404
    client = client_for(curator)
    assert client.get(reverse("people:consent-scan", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("people:consent-create", args=[link.minor.pk])).status_code == 404
    assert client.post(reverse("people:consent-revoke", args=[foreign.pk]), {"revoked_on": TODAY}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_on is None


def test_curator_adds_a_consent_signed_by_the_mother_with_a_scan(client_for, curator, pupil, mother_link):
    client = client_for(curator)
    url = reverse("people:consent-create", args=[pupil.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["signed_by"].queryset) == [mother_link.representative]
    response = client.post(
        url,
        {
            "signed_by": mother_link.representative.pk,
            "signed_on": TODAY.isoformat(),
            "covers_health_data": "on",
            "scan": SimpleUploadedFile("согласие.png", PNG, content_type="image/png"),
        },
        follow=True,
    )
    consent = Consent.objects.get(person=pupil)
    assert consent.signed_by == mother_link.representative
    assert consent.covers_health_data and consent.source == Consent.Source.SCAN
    assert consent.recorded_by == curator
    html = response.content.decode()
    assert f"Согласие Лебедева Артёма Ивановича от {TODAY:%d.%m.%Y} внесено" in html
    assert "согласие действует" in html
    assert reverse("people:consent-scan", args=[consent.pk]) in html


def test_a_minor_cannot_sign_his_own_consent(client_for, curator, pupil):
    response = client_for(curator).post(
        reverse("people:consent-create", args=[pupil.pk]), {"signed_on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_page_warns_when_the_minor_has_no_representative(client_for, curator, organization):
    orphan = PersonFactory(organization=organization)
    html = client_for(curator).get(reverse("people:consent-create", args=[orphan.pk])).content.decode()
    assert 'data-testid="no-representative"' in html
    assert reverse("people:representative-link", args=[orphan.pk]) in html


def test_a_scan_that_is_not_a_pdf_or_image_is_refused(client_for, curator, pupil, mother_link):
    response = client_for(curator).post(
        reverse("people:consent-create", args=[pupil.pk]),
        {
            "signed_by": mother_link.representative.pk,
            "signed_on": TODAY.isoformat(),
            "scan": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 a program", content_type="application/pdf"),
        },
    )
    assert "Скан должен быть файлом PDF, JPG или PNG" in response.content.decode()
    assert not Consent.objects.exists()


def test_an_oversized_scan_is_refused(client_for, curator, pupil, mother_link):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_SCAN_BYTES, content_type="application/pdf")
    response = client_for(curator).post(
        reverse("people:consent-create", args=[pupil.pk]),
        {"signed_by": mother_link.representative.pk, "signed_on": TODAY.isoformat(), "scan": big},
    )
    assert "Скан больше 10 МБ" in response.content.decode()
    assert not Consent.objects.exists()


def test_an_adult_signs_himself_by_default(client_for, curator, organization):
    teacher = PersonFactory(organization=organization, category=Person.Category.TEACHER, birth_date=dt.date(1985, 1, 1))
    client_for(curator).post(reverse("people:consent-create", args=[teacher.pk]), {"signed_on": TODAY.isoformat()})
    assert Consent.objects.get(person=teacher).signed_by is None


def test_scan_is_served_to_the_principal_as_a_download_with_its_real_type(client_for, principal, consent):
    response = client_for(principal).get(reverse("people:consent-scan", args=[consent.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PNG


def test_a_consent_without_scan_has_nothing_to_download(client_for, curator, pupil, mother_link):
    paper = consent_create(person=pupil, signed_by=mother_link.representative, signed_on=TODAY)
    assert client_for(curator).get(reverse("people:consent-scan", args=[paper.pk])).status_code == 404


def test_revocation_asks_for_confirmation_then_shows_a_red_banner_everywhere(client_for, curator, pupil, consent):
    mentee = mentee_profile_create(person=pupil)
    client = client_for(curator)
    url = reverse("people:consent-revoke", args=[consent.pk])
    page = client.get(url).content.decode()
    assert "Отозвать согласие" in page and 'data-testid="confirm-warning"' in page
    consent.refresh_from_db()
    assert consent.revoked_on is None

    client.post(url, {"revoked_on": TODAY.isoformat(), "reason": "заявление матери"})
    consent.refresh_from_db()
    assert consent.revoked_on == TODAY and consent.revocation_reason == "заявление матери"

    banner = f"согласие отозвано {TODAY:%d.%m.%Y}"
    person_page = client.get(pupil.get_absolute_url()).content.decode()
    assert 'data-testid="consent-banner"' in person_page
    assert "Обработка персональных данных не разрешена:" in person_page and banner in person_page
    mentee_page = client.get(mentee.get_absolute_url()).content.decode()
    assert 'data-testid="consent-banner"' in mentee_page and banner in mentee_page
    mentee_list = client.get(reverse("people:mentee-list")).content.decode()
    assert f'data-testid="consent-state">отозвано {TODAY:%d.%m.%Y}' in mentee_list


def test_revocation_banner_shows_on_the_mentor_page(client_for, principal, organization):
    teacher = PersonFactory(organization=organization, category=Person.Category.TEACHER, birth_date=dt.date(1985, 1, 1))
    consent = consent_create(person=teacher, signed_on=TODAY - dt.timedelta(days=10))
    consent_revoke(consent=consent, revoked_on=TODAY - dt.timedelta(days=1))
    profile = mentor_profile_create(person=teacher)
    client = client_for(principal)
    banner = f"согласие отозвано {TODAY - dt.timedelta(days=1):%d.%m.%Y}"
    assert banner in client.get(profile.get_absolute_url()).content.decode()
    row_badge = f'data-testid="consent-state">отозвано {TODAY - dt.timedelta(days=1):%d.%m.%Y}'
    assert row_badge in client.get(reverse("people:mentor-list")).content.decode()


def test_a_missing_consent_shows_the_banner_too(client_for, curator, pupil):
    html = client_for(curator).get(pupil.get_absolute_url()).content.decode()
    assert 'data-testid="consent-banner"' in html and "согласие на обработку персональных данных не получено" in html


def test_revoking_twice_is_refused(client_for, curator, consent):
    consent_revoke(consent=consent, revoked_on=TODAY)
    response = client_for(curator).get(reverse("people:consent-revoke", args=[consent.pk]), follow=True)
    assert "уже отозвано" in response.content.decode()


@pytest.fixture
def school_dataset(organization, other_organization):
    """7Б: one valid, one revoked, one without (2 of 3 lack a valid consent); 5А: both valid (0 of 2)."""

    def pupil_with(school_class, state):
        link = LegalRepresentativeFactory(minor__organization=organization, minor__school_class=school_class)
        if state in ("valid", "revoked"):
            consent = consent_create(
                person=link.minor, signed_by=link.representative, signed_on=TODAY - dt.timedelta(days=5)
            )
            if state == "revoked":
                consent_revoke(consent=consent, revoked_on=TODAY)
        if state == "expired":
            consent_create(
                person=link.minor,
                signed_by=link.representative,
                signed_on=TODAY - dt.timedelta(days=400),
                valid_until=TODAY - dt.timedelta(days=35),
            )
        return link.minor

    people = {
        "valid_7b": pupil_with("7Б", "valid"),
        "revoked_7b": pupil_with("7Б", "revoked"),
        "none_7b": pupil_with("7Б", None),
        "valid_5a_1": pupil_with("5А", "valid"),
        "valid_5a_2": pupil_with("5А", "valid"),
        "expired_10a": pupil_with("10А", "expired"),
    }
    person_archive(person=pupil_with("7Б", None))  # archived: not counted
    PersonFactory(organization=other_organization, school_class="7Б")  # another school: not counted
    return people


def test_consents_missing_counts_per_class_are_right(client_for, curator, school_dataset):
    response = client_for(curator).get(reverse("people:consent-missing"))
    coverage = [(row.school_class, row.without_consent, row.total) for row in response.context["coverage"]]
    assert coverage == [("5А", 0, 2), ("7Б", 2, 3), ("10А", 1, 1), ("", 3, 6)]
    assert response.context["coverage"][-1].is_total
    html = response.content.decode()
    assert "2 / 3" in html and "3 / 6" in html


def test_coverage_by_class_is_one_aggregate_query(curator, school_dataset, django_assert_num_queries):
    curator.role_names  # noqa: B018 - the roles are read once per request, not per query
    with django_assert_num_queries(1):
        selectors.consent_coverage_by_class(curator)


def test_consents_missing_lists_only_people_without_a_valid_consent(client_for, curator, school_dataset):
    client = client_for(curator)
    listed = set(client.get(reverse("people:consent-missing"), {"category": "pupil"}).context["table"].data)
    assert school_dataset["revoked_7b"] in listed and school_dataset["none_7b"] in listed
    assert school_dataset["expired_10a"] in listed
    assert school_dataset["valid_7b"] not in listed and school_dataset["valid_5a_1"] not in listed
    revoked = list(client.get(reverse("people:consent-missing"), {"consent": "revoked"}).context["table"].data)
    assert revoked == [school_dataset["revoked_7b"]]


def test_consents_missing_filters_by_class_and_bank(client_for, curator, school_dataset):
    mentee_profile_create(person=school_dataset["none_7b"])
    client = client_for(curator)
    in_class = set(client.get(reverse("people:consent-missing"), {"school_class": "7 б"}).context["table"].data)
    assert in_class == {school_dataset["revoked_7b"], school_dataset["none_7b"]}
    in_bank = list(client.get(reverse("people:consent-missing"), {"bank": "mentee"}).context["table"].data)
    assert in_bank == [school_dataset["none_7b"]]


def test_principal_sees_the_missing_list_without_add_buttons(client_for, principal, school_dataset):
    html = client_for(principal).get(reverse("people:consent-missing")).content.decode()
    assert "Внести согласие" not in html
    assert school_dataset["none_7b"].get_absolute_url() in html


def test_consents_missing_page_keeps_its_query_count(client_for, curator, organization, django_assert_max_num_queries):
    client = client_for(curator)

    def add(count, school_class):
        for _ in range(count):
            link = LegalRepresentativeFactory(minor__organization=organization, minor__school_class=school_class)
            mentee_profile_create(person=link.minor)

    add(2, "3А")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("people:consent-missing"))
    add(10, "4Б")
    add(10, "9В")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("people:consent-missing"))
    assert response.context["table"].paginator.count == 45  # 22 pupils, their parents and the curator himself
