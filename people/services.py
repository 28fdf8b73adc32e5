"""Everything that writes people, accounts and organizations."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from people.classes import normalize_school_class
from people.models import (
    Consent,
    LegalRepresentative,
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    MentorStatusChange,
    MentorTraining,
    Organization,
    PartnerOrganization,
    Person,
    User,
)
from people.roles import ROLE_PERMISSIONS, Role


@transaction.atomic
def roles_sync() -> None:
    """Create the role groups and give each the model permissions of ROLE_PERMISSIONS."""
    for role, app_actions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = Permission.objects.none()
        for app_label, actions in app_actions.items():
            codename_prefixes = [f"{action}_" for action in actions]
            app_permissions = Permission.objects.filter(content_type__app_label=app_label)
            ids = [p.pk for p in app_permissions if any(p.codename.startswith(x) for x in codename_prefixes)]
            wanted = wanted | Permission.objects.filter(pk__in=ids)
        group.permissions.set(wanted)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    organization: Organization | None,
    roles: Iterable[Role] = (),
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create an account with its roles; administrators also get the admin site."""
    roles = list(roles)
    if person is not None:
        first_name = first_name or person.first_name
        last_name = last_name or person.last_name
        email = email or person.email
    user = User(
        username=username,
        organization=organization,
        person=person,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=Role.ADMINISTRATOR in roles,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role]) -> None:
    """Replace the user's role groups with the given roles."""
    roles_sync_needed = Group.objects.filter(name__in=[r.value for r in Role]).count() != len(Role)
    if roles_sync_needed:
        roles_sync()
    role_names = [role.value for role in roles]
    other_groups = user.groups.exclude(name__in=[r.value for r in Role])
    user.groups.set(list(other_groups) + list(Group.objects.filter(name__in=role_names)))
    user.is_staff = Role.ADMINISTRATOR.value in role_names or user.is_superuser
    user.save(update_fields=["is_staff"])
    if hasattr(user, "_role_names"):
        del user._role_names


# --- People ------------------------------------------------------------------------------------

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "sex",
    "birth_date",
    "category",
    "school_class",
    "is_gifted",
    "has_disability",
    "is_at_risk",
    "position",
    "teaching_since",
    "partner",
    "phone",
    "email",
    "external_id",
)


def _clean_person_values(values: dict) -> dict:
    """Trim names, normalize the class and refuse what the roster rules forbid."""
    cleaned = dict(values)
    for name in ("last_name", "first_name", "middle_name", "position", "phone", "email", "external_id"):
        if name in cleaned and cleaned[name] is not None:
            cleaned[name] = " ".join(str(cleaned[name]).split())
    if cleaned.get("school_class"):
        try:
            cleaned["school_class"] = normalize_school_class(cleaned["school_class"])
        except ValueError as error:
            raise ValidationError({"school_class": str(error)}) from None
    return cleaned


@transaction.atomic
def person_create(*, organization: Organization, **values) -> Person:
    """Create a participant of the organization after validating every field."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person(organization=organization, **_clean_person_values(values))
    _person_validate(person)
    _person_health_mark_validate(person)
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, **values) -> Person:
    """Change a participant's fields; marks needing health data require such a consent."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    for name, value in _clean_person_values(values).items():
        setattr(person, name, value)
    _person_validate(person)
    _person_health_mark_validate(person)
    person.save()
    return person


def _person_validate(person: Person) -> None:
    person.full_clean(exclude=["search_name"])
    if person.partner_id and person.partner.organization_id != person.organization_id:
        raise ValidationError({"partner": "Организация-партнёр относится к другой образовательной организации."})
    if person.category == Person.Category.PUPIL and not person.school_class:
        raise ValidationError({"school_class": f"У обучающегося {person.full_name} не указан класс."})
    # A graduate keeps the marks of his school years: the administrator, who does not see them, must still
    # be able to edit him.
    if (person.is_gifted or person.has_disability or person.is_at_risk) and person.category not in (
        Person.Category.PUPIL,
        Person.Category.STUDENT,
        Person.Category.GRADUATE,
    ):
        raise ValidationError("Отметки «одарённый», «ОВЗ» и «группа риска» ставятся только обучающимся и студентам.")


@transaction.atomic
def person_archive(*, person: Person) -> Person:
    """Move a person to the archive (people are archived, not deleted, while anything refers to them)."""
    person.is_archived = True
    person.archived_at = timezone.now()
    person.save(update_fields=["is_archived", "archived_at", "updated_at"])
    return person


@transaction.atomic
def person_graduate(*, person: Person) -> Person:
    """Archive a pupil who has finished school as «выпускник», so graduates differ from pupils who left."""
    if person.category != Person.Category.PUPIL:
        raise ValidationError(
            f"Выпускником становится только обучающийся, а {person.full_name} — «{person.get_category_display()}»."
        )
    person.category = Person.Category.GRADUATE
    person.is_archived = True
    person.archived_at = timezone.now()
    person.save(update_fields=["category", "is_archived", "archived_at", "updated_at"])
    return person


@transaction.atomic
def person_restore(*, person: Person) -> Person:
    person.is_archived = False
    person.archived_at = None
    person.save(update_fields=["is_archived", "archived_at", "updated_at"])
    return person


@transaction.atomic
def representative_link(
    *, minor: Person, representative: Person, relation: str, authority_document: str = ""
) -> LegalRepresentative:
    """Record that ``representative`` is the legal representative of ``minor``."""
    if minor.organization_id != representative.organization_id:
        raise ValidationError("Законный представитель должен быть из той же образовательной организации.")
    if minor.pk == representative.pk:
        raise ValidationError(f"{minor.full_name} не может быть законным представителем самого себя.")
    if representative.is_minor():
        raise ValidationError(f"{representative.full_name} несовершеннолетний и не может быть законным представителем.")
    link, _ = LegalRepresentative.objects.update_or_create(
        minor=minor,
        representative=representative,
        defaults={"relation": relation, "authority_document": authority_document},
    )
    return link


# --- Consents ----------------------------------------------------------------------------------

CONSENT_DEFAULT_PURPOSES = (
    "организация и сопровождение участия в программе наставничества образовательной организации, "
    "формирование баз наставников и наставляемых, мониторинг и оценка результатов программы"
)
CONSENT_DEFAULT_DATA = (
    "фамилия, имя, отчество; пол; дата рождения; класс (группа) или должность; контактный телефон; "
    "адрес электронной почты; сведения об участии в программе наставничества и её результатах"
)
CONSENT_HEALTH_DATA = "сведения о состоянии здоровья (ограниченные возможности здоровья)"
CONSENT_DEFAULT_REVOCATION = (
    "Согласие может быть отозвано письменным заявлением, поданным оператору; обработка прекращается "
    "не позднее трёх рабочих дней со дня получения заявления."
)
MAX_SCAN_BYTES = 10 * 1024 * 1024
# File signatures: we trust the bytes, not the name or the browser's Content-Type.
SCAN_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def consent_scan_validate(scan) -> str:
    """Check an uploaded scan by size and by content; return its real type (pdf, jpg, png)."""
    if scan.size > MAX_SCAN_BYTES:
        raise ValidationError({"scan": f"Скан больше {MAX_SCAN_BYTES // (1024 * 1024)} МБ — уменьшите его."})
    scan.seek(0)
    head = scan.read(16)
    scan.seek(0)
    for signature, kind in SCAN_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    raise ValidationError({"scan": "Скан должен быть файлом PDF, JPG или PNG."})


def _consent_signer_validate(*, person: Person, signed_by: Person | None, signed_on: dt.date) -> None:
    if person.is_minor(signed_on):
        if signed_by is None:
            raise ValidationError(
                f"{person.full_name} на {signed_on:%d.%m.%Y} несовершеннолетний: согласие подписывает "
                "законный представитель."
            )
        if not LegalRepresentative.objects.filter(minor=person, representative=signed_by).exists():
            raise ValidationError(
                f"{signed_by.full_name} не указан(а) законным представителем {person.full_name}: "
                "сначала свяжите их на странице обучающегося."
            )
    elif signed_by is not None and signed_by.pk != person.pk:
        raise ValidationError(f"{person.full_name} совершеннолетний и подписывает согласие сам.")


@transaction.atomic
def consent_create(
    *,
    person: Person,
    signed_on: dt.date,
    signed_by: Person | None = None,
    valid_until: dt.date | None = None,
    covers_health_data: bool = False,
    purposes: str = "",
    data_list: str = "",
    operator: str = "",
    revocation_procedure: str = "",
    scan=None,
    source: str = Consent.Source.PAPER,
    recorded_by: User | None = None,
) -> Consent:
    """Record a signed consent; a minor's must be signed by one of his linked legal representatives."""
    if signed_by is not None and signed_by.pk == person.pk:
        signed_by = None
    _consent_signer_validate(person=person, signed_by=signed_by, signed_on=signed_on)
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "Дата подписания не может быть в будущем."})
    if scan:
        consent_scan_validate(scan)
        source = Consent.Source.SCAN
    data = data_list or CONSENT_DEFAULT_DATA
    if covers_health_data and CONSENT_HEALTH_DATA not in data:
        data = f"{data}; {CONSENT_HEALTH_DATA}"
    consent = Consent(
        person=person,
        signed_by=signed_by,
        signed_on=signed_on,
        valid_until=valid_until,
        covers_health_data=covers_health_data,
        purposes=purposes or CONSENT_DEFAULT_PURPOSES,
        data_list=data,
        operator=operator or person.organization.full_name,
        revocation_procedure=revocation_procedure or CONSENT_DEFAULT_REVOCATION,
        source=source,
        recorded_by=recorded_by,
    )
    if scan:
        consent.scan = scan
    consent.full_clean(exclude=["scan"] if not scan else None)
    consent.save()
    return consent


@transaction.atomic
def consent_revoke(*, consent: Consent, revoked_on: dt.date, reason: str = "") -> Consent:
    """Revoke a consent from a date; the person's pairs get flagged (programs check it)."""
    if consent.revoked_on is not None:
        raise ValidationError(f"Согласие {consent.person.full_name} уже отозвано {consent.revoked_on:%d.%m.%Y}.")
    if revoked_on < consent.signed_on:
        raise ValidationError({"revoked_on": "Дата отзыва раньше даты подписания согласия."})
    consent.revoked_on = revoked_on
    consent.revocation_reason = reason
    consent.save(update_fields=["revoked_on", "revocation_reason"])
    return consent


def person_has_valid_consent(person: Person, day: dt.date | None = None, *, health: bool = False) -> bool:
    """A consent valid on ``day`` (with health data when ``health``) exists for the person."""
    consents = person.consents.filter(Consent.valid_on_q(day or timezone.localdate()))
    if health:
        consents = consents.filter(covers_health_data=True)
    return consents.exists()


# --- Mentor bank -------------------------------------------------------------------------------

MENTOR_CATEGORIES = (
    Person.Category.TEACHER,
    Person.Category.PUPIL,
    Person.Category.STUDENT,
    Person.Category.EMPLOYER,
    Person.Category.PARTNER,
    Person.Category.GRADUATE,
    Person.Category.PARENT,
)

# Which status may follow which (кандидат → одобрен → прошёл обучение → активен → в резерве / выбыл).
MENTOR_TRANSITIONS = {
    MentorProfile.Status.CANDIDATE: {MentorProfile.Status.APPROVED, MentorProfile.Status.LEFT},
    MentorProfile.Status.APPROVED: {
        MentorProfile.Status.TRAINED,
        MentorProfile.Status.ACTIVE,
        MentorProfile.Status.RESERVE,
        MentorProfile.Status.LEFT,
    },
    MentorProfile.Status.TRAINED: {
        MentorProfile.Status.ACTIVE,
        MentorProfile.Status.RESERVE,
        MentorProfile.Status.LEFT,
    },
    MentorProfile.Status.ACTIVE: {MentorProfile.Status.RESERVE, MentorProfile.Status.LEFT},
    MentorProfile.Status.RESERVE: {MentorProfile.Status.ACTIVE, MentorProfile.Status.LEFT},
    MentorProfile.Status.LEFT: {MentorProfile.Status.CANDIDATE},
}
# Statuses in which a mentor counts as approved for pairing.
MENTOR_APPROVED_STATUSES = (MentorProfile.Status.APPROVED, MentorProfile.Status.TRAINED, MentorProfile.Status.ACTIVE)


@transaction.atomic
def mentor_profile_create(*, person: Person, created_by: User | None = None, forms=(), **values) -> MentorProfile:
    """Put a person into the mentor bank as a candidate (or with the given status, for imports)."""
    # Ask the database: a refused earlier attempt may have left an unsaved profile in the
    # person's reverse one-to-one cache, which hasattr() would take for a real one.
    if MentorProfile.objects.filter(person=person).exists():
        raise ValidationError(f"{person.full_name} уже есть в банке наставников.")
    if person.category not in MENTOR_CATEGORIES:
        raise ValidationError(f"{person.full_name} ({person.get_category_display()}) не может быть наставником.")
    if person.is_archived:
        raise ValidationError(f"{person.full_name} в архиве.")
    profile = MentorProfile(person=person, **values)
    if profile.status in MENTOR_APPROVED_STATUSES and not profile.approved_on:
        raise ValidationError({"approved_on": f"Для статуса «{profile.get_status_display()}» нужна дата одобрения."})
    profile.full_clean()
    profile.save()
    if forms:
        profile.forms.set(forms)
    MentorStatusChange.objects.create(
        profile=profile,
        from_status="",
        to_status=profile.status,
        changed_on=profile.approved_on or timezone.localdate(),
        basis=profile.approval_basis,
        changed_by=created_by,
    )
    return profile


@transaction.atomic
def mentor_status_change(
    *, profile: MentorProfile, status: str, changed_on: dt.date, basis: str = "", changed_by: User | None = None
) -> MentorProfile:
    """Move a mentor along the workflow and record the step; approval needs a basis."""
    current = MentorProfile.Status(profile.status)
    if status not in MentorProfile.Status.values:
        raise ValidationError({"status": f"Неизвестный статус наставника: «{status}»."})
    target = MentorProfile.Status(status)
    if target not in MENTOR_TRANSITIONS[current]:
        raise ValidationError(
            f"{profile.person.full_name}: из статуса «{current.label}» нельзя перейти в «{target.label}»."
        )
    if target == MentorProfile.Status.APPROVED:
        if not basis:
            raise ValidationError({"basis": "Укажите основание одобрения, например решение педагогического совета."})
        profile.approved_on = changed_on
        profile.approval_basis = basis
    if target == MentorProfile.Status.CANDIDATE:
        # back from «выбыл»: a new approval is needed, the old one no longer stands
        profile.approved_on = None
        profile.approval_basis = ""
    if target == MentorProfile.Status.TRAINED and not profile.trainings.exists():
        raise ValidationError(f"{profile.person.full_name}: сначала внесите сведения об обучении наставника.")
    MentorStatusChange.objects.create(
        profile=profile,
        from_status=current,
        to_status=target,
        changed_on=changed_on,
        basis=basis,
        changed_by=changed_by,
    )
    profile.status = target
    profile.save()
    return profile


@transaction.atomic
def mentor_training_add(
    *, profile: MentorProfile, completed_on: dt.date, hours: int, title: str = "", document: str = ""
) -> MentorTraining:
    """Record a completed training course of a mentor."""
    training = MentorTraining(
        profile=profile, completed_on=completed_on, hours=hours, title=title or "Школа наставников", document=document
    )
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def mentor_criteria_assess(
    *, profile: MentorProfile, assessed_on: dt.date, note: str = "", **criteria: bool
) -> MentorProfile:
    """Record the curator's assessment of the six selection criteria (seed 000, stage 2)."""
    unknown = set(criteria) - set(MentorProfile.CRITERIA)
    if unknown:
        raise TypeError(f"unknown criteria: {sorted(unknown)}")
    for name in MentorProfile.CRITERIA:
        setattr(profile, name, bool(criteria.get(name, False)))
    profile.criteria_assessed_on = assessed_on
    profile.criteria_note = note
    profile.save()
    return profile


# --- Mentee bank -------------------------------------------------------------------------------


@transaction.atomic
def mentee_profile_create(
    *, person: Person, notes: str = "", status: str = MenteeProfile.Status.WAITING
) -> MenteeProfile:
    """Put a person into the mentee bank, waiting for a mentor."""
    if MenteeProfile.objects.filter(person=person).exists():
        raise ValidationError(f"{person.full_name} уже есть в банке наставляемых.")
    if person.category in (Person.Category.PARENT, Person.Category.EMPLOYER, Person.Category.PARTNER):
        raise ValidationError(f"{person.full_name} ({person.get_category_display()}) не может быть наставляемым.")
    if person.is_archived:
        raise ValidationError(f"{person.full_name} в архиве.")
    if status not in MenteeProfile.Status.values:
        raise ValidationError({"status": f"Неизвестный статус наставляемого: «{status}»."})
    profile = MenteeProfile(person=person, notes=notes, status=status)
    if status == MenteeProfile.Status.COMPLETED:
        profile.full_cycle_completed_on = timezone.localdate()
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def mentee_request_add(
    *, profile: MenteeProfile, text: str, source: str, tags=(), received_on: dt.date | None = None
) -> MenteeRequest:
    """Add a request (запрос) to a mentee's profile."""
    request = MenteeRequest(
        profile=profile,
        text=text.strip(),
        source=source,
        tags=sorted({tag.strip().lower() for tag in tags if tag.strip()}),
        received_on=received_on or timezone.localdate(),
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def mentee_full_cycle_mark(*, profile: MenteeProfile, completed_on: dt.date) -> MenteeProfile:
    """Set the mark «прошёл полный цикл программы» — the integral indicator of the model (001, §5.2.1)."""
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "Дата отметки не может быть в будущем."})
    profile.full_cycle_completed_on = completed_on
    profile.status = MenteeProfile.Status.COMPLETED
    profile.save()
    return profile


@transaction.atomic
def mentee_status_set(*, profile: MenteeProfile, status: str) -> MenteeProfile:
    """Change a mentee's status; leaving «прошёл полный цикл» clears its date."""
    profile.status = MenteeProfile.Status(status)
    if profile.status != MenteeProfile.Status.COMPLETED:
        profile.full_cycle_completed_on = None
    elif profile.full_cycle_completed_on is None:
        profile.full_cycle_completed_on = timezone.localdate()
    profile.save()
    return profile


# --- Added for the banks' pages (issue 3) ---------------------------------------------------------


def _person_health_mark_validate(person: Person) -> None:
    """The ОВЗ mark is health data (152-ФЗ art. 10): it may be set only under a valid health consent."""
    if not person.has_disability:
        return
    if person.pk is not None and Person.objects.filter(pk=person.pk, has_disability=True).exists():
        return  # kept, not newly set
    if person.pk is None or not person_has_valid_consent(person, health=True):
        raise ValidationError(
            {
                "has_disability": f"Отметку «ОВЗ» для {person.full_name} можно поставить только при действующем "
                "согласии на обработку сведений о состоянии здоровья: сначала внесите такое согласие."
            }
        )


@transaction.atomic
def representative_unlink(*, link: LegalRepresentative) -> None:
    """Remove a legal-representative link; consents he already signed stay on record until revoked."""
    link.delete()


PARTNER_FIELDS = (
    "name",
    "inn",
    "agreement_number",
    "agreement_date",
    "agreement_end_date",
    "agreement_subject",
    "contact_name",
    "contact_phone",
    "contact_email",
)


def _partner_validate(partner: PartnerOrganization) -> None:
    partner.full_clean()
    if partner.agreement_end_date and partner.agreement_date and partner.agreement_end_date < partner.agreement_date:
        raise ValidationError(
            {"agreement_end_date": f"Договор с «{partner.name}» не может закончиться раньше, чем заключён."}
        )


@transaction.atomic
def partner_create(*, organization: Organization, **values) -> PartnerOrganization:
    """Add a partner organization (enterprise or social partner) of the school."""
    unknown = set(values) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    partner = PartnerOrganization(organization=organization, **values)
    _partner_validate(partner)
    partner.save()
    return partner


@transaction.atomic
def partner_update(*, partner: PartnerOrganization, **values) -> PartnerOrganization:
    """Change a partner organization's data and agreement."""
    unknown = set(values) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(partner, name, value)
    _partner_validate(partner)
    partner.save()
    return partner


MENTOR_PROFILE_FIELDS = ("competencies", "interests", "experience", "motivation", "hours_per_month", "capacity")


@transaction.atomic
def mentor_profile_update(*, profile: MentorProfile, forms=None, **values) -> MentorProfile:
    """Change what the mentor bank knows of a mentor; the status changes only via mentor_status_change."""
    unknown = set(values) - set(MENTOR_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown mentor profile fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if forms is not None:
        profile.forms.set(forms)
    return profile


@transaction.atomic
def mentee_bank_add(
    *,
    person: Person,
    request_text: str,
    request_source: str,
    request_tags=(),
    received_on: dt.date | None = None,
    notes: str = "",
) -> MenteeProfile:
    """Put a person into the mentee bank together with his first request."""
    profile = mentee_profile_create(person=person, notes=notes)
    mentee_request_add(
        profile=profile, text=request_text, source=request_source, tags=request_tags, received_on=received_on
    )
    return profile
