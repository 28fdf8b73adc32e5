"""Consent rules: who signs, term, revocation, scans checked by content."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import Consent, Person
from people.services import MAX_SCAN_BYTES, consent_create, consent_revoke, person_has_valid_consent
from people.tests.factories import LegalRepresentativeFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def minor(organization):
    return PersonFactory(organization=organization, birth_date=TODAY.replace(year=TODAY.year - 12))


@pytest.fixture
def mother(minor):
    return LegalRepresentativeFactory(minor=minor).representative


def test_minor_consent_signed_by_linked_representative_is_valid(minor, mother):
    consent = consent_create(person=minor, signed_by=mother, signed_on=TODAY)
    assert consent.is_valid_on(TODAY)
    assert person_has_valid_consent(minor)
    assert consent.operator == minor.organization.full_name


def test_minor_cannot_sign_his_own_consent(minor):
    with pytest.raises(ValidationError, match="несовершеннолетний: согласие подписывает законный представитель"):
        consent_create(person=minor, signed_on=TODAY)
    assert not Consent.objects.exists()


def test_unlinked_adult_cannot_sign_for_a_minor(minor, organization):
    neighbour = PersonFactory(
        organization=organization, category=Person.Category.PARENT, birth_date=dt.date(1980, 1, 1)
    )
    with pytest.raises(ValidationError, match="не указан\\(а\\) законным представителем"):
        consent_create(person=minor, signed_by=neighbour, signed_on=TODAY)


def test_adult_signs_his_own_consent_and_nobody_else_may(organization):
    teacher = PersonFactory(organization=organization, category=Person.Category.TEACHER, birth_date=dt.date(1990, 1, 1))
    other = PersonFactory(organization=organization, category=Person.Category.PARENT, birth_date=dt.date(1970, 1, 1))
    with pytest.raises(ValidationError, match="совершеннолетний и подписывает согласие сам"):
        consent_create(person=teacher, signed_by=other, signed_on=TODAY)
    assert consent_create(person=teacher, signed_on=TODAY).signed_by is None


def test_consent_outside_its_term_is_not_valid(minor, mother):
    consent = consent_create(
        person=minor, signed_by=mother, signed_on=dt.date(2024, 9, 1), valid_until=dt.date(2025, 8, 31)
    )
    assert consent.is_valid_on(dt.date(2025, 8, 31))
    assert not consent.is_valid_on(dt.date(2025, 9, 1))
    assert not consent.is_valid_on(dt.date(2024, 8, 31))
    assert Consent.objects.filter(Consent.valid_on_q(dt.date(2025, 9, 1))).count() == 0
    assert consent.state == "истёк срок"


def test_revoked_consent_stops_being_valid_from_the_revocation_date(minor, mother):
    consent = consent_create(person=minor, signed_by=mother, signed_on=TODAY - dt.timedelta(days=30))
    consent_revoke(consent=consent, revoked_on=TODAY, reason="заявление матери")
    assert consent.is_valid_on(TODAY - dt.timedelta(days=1))
    assert not consent.is_valid_on(TODAY)
    assert not person_has_valid_consent(minor)
    assert consent.state == "отозвано"
    with pytest.raises(ValidationError, match="уже отозвано"):
        consent_revoke(consent=consent, revoked_on=TODAY)


def test_term_cannot_end_before_signature(minor, mother):
    with pytest.raises(ValidationError, match="не может закончиться раньше даты подписания"):
        consent_create(person=minor, signed_by=mother, signed_on=TODAY, valid_until=TODAY - dt.timedelta(days=1))


def test_health_data_consent_lists_health_data(minor, mother):
    consent = consent_create(person=minor, signed_by=mother, signed_on=TODAY, covers_health_data=True)
    assert "состоянии здоровья" in consent.data_list
    assert person_has_valid_consent(minor, health=True)


def test_scan_is_checked_by_content_not_by_name(minor, mother):
    fake_pdf = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, JPG или PNG"):
        consent_create(person=minor, signed_by=mother, signed_on=TODAY, scan=fake_pdf)
    real_png = SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="text/plain")
    consent = consent_create(person=minor, signed_by=mother, signed_on=TODAY, scan=real_png)
    assert consent.source == Consent.Source.SCAN
    assert consent.scan.name


def test_oversized_scan_is_refused(minor, mother):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_SCAN_BYTES, content_type="application/pdf")
    with pytest.raises(ValidationError, match="МБ"):
        consent_create(person=minor, signed_by=mother, signed_on=TODAY, scan=big)
