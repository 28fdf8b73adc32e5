"""Everything that reads people for a page, already scoped to what the user may see."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from mentorship.academic_year import years_before
from people.classes import class_grade
from people.models import (
    ADULT_AGE,
    YOUNG_SPECIALIST_YEARS,
    Consent,
    LegalRepresentative,
    MenteeProfile,
    MentorProfile,
    MentorTraining,
    PartnerOrganization,
    Person,
    User,
)
from people.roles import Role
from people.services import MENTOR_CATEGORIES, SCAN_SIGNATURES

STAFF_ROLES = (Role.CURATOR, Role.PRINCIPAL, Role.ADMINISTRATOR)


def can_see_sensitive_marks(user: User) -> bool:
    """Health (ОВЗ), risk-group and giftedness marks: curator and principal only."""
    return user.is_authenticated and user.has_role(Role.CURATOR, Role.PRINCIPAL)


def people_visible_to(user: User) -> QuerySet[Person]:
    """People of the user's organization for the roles that keep the banks; nobody for others."""
    if not user.is_authenticated or not user.has_role(*STAFF_ROLES):
        return Person.objects.none()
    return Person.objects.filter(organization_id=user.organization_id).select_related("partner")


def person_get_visible(user: User, person_id: int) -> Person:
    """One person the user may see, or 404 (another organization's id looks like a missing one)."""
    try:
        return people_visible_to(user).get(pk=person_id)
    except Person.DoesNotExist:
        raise Http404("Участник не найден") from None


def person_search(queryset: QuerySet, text: str, *, person_path: str = "") -> QuerySet:
    """Each word must occur somewhere in the full name, ignoring case and ё/е.

    ``person_path`` leads from the queryset's model to the person ("person__" for a bank profile).
    """
    for word in text.lower().replace("ё", "е").split():
        queryset = queryset.filter(**{f"{person_path}search_name__contains": word})
    return queryset


def partners_visible_to(user: User) -> QuerySet[PartnerOrganization]:
    """Partner organizations of the user's organization, with their people counted."""
    if not user.is_authenticated or not user.has_role(*STAFF_ROLES):
        return PartnerOrganization.objects.none()
    return PartnerOrganization.objects.filter(organization_id=user.organization_id).annotate(
        people_count=Count("people", filter=Q(people__is_archived=False))
    )


def representative_links_of(person: Person) -> tuple[list[LegalRepresentative], list[LegalRepresentative]]:
    """The person's legal representatives and the minors he represents, in one query (the person's page)."""
    links = (
        LegalRepresentative.objects.filter(Q(minor=person) | Q(representative=person))
        .select_related("minor", "representative")
        .order_by("pk")
    )
    representatives, represented = [], []
    for link in links:
        if link.minor_id == person.pk:
            representatives.append(link)
        if link.representative_id == person.pk:
            represented.append(link)
    return representatives, represented


def users_visible_to(user: User) -> QuerySet[User]:
    """Accounts of the administrator's organization, with their roles prefetched."""
    if not user.is_authenticated or not user.has_role(Role.ADMINISTRATOR):
        return User.objects.none()
    return User.objects.filter(organization_id=user.organization_id).select_related("person").prefetch_related("groups")


def organization_headcounts(organization_id: int) -> dict[str, int]:
    """Active people of an organization by category, plus the numbers the home pages show."""
    today = timezone.localdate()
    active = Q(is_archived=False)
    aggregates = {category.value: Count("pk", filter=active & Q(category=category)) for category in Person.Category}
    aggregates["total"] = Count("pk", filter=active)
    aggregates["young_specialists"] = Count(
        "pk",
        filter=active
        & Q(category=Person.Category.TEACHER, teaching_since__gt=years_before(today, YOUNG_SPECIALIST_YEARS)),
    )
    aggregates["minors_without_representative"] = Count(
        "pk",
        filter=active
        & Q(category=Person.Category.PUPIL)
        & ~Exists(LegalRepresentative.objects.filter(minor=OuterRef("pk"))),
    )
    counts = Person.objects.filter(organization_id=organization_id).aggregate(**aggregates)
    counts["partners"] = PartnerOrganization.objects.filter(organization_id=organization_id).count()
    return counts


def user_counts_by_role(organization_id: int) -> dict[str, int]:
    """Active accounts of an organization per role, and in all."""
    # The (account, role) rows of a school, counted here: a few hundred at most, and the query is simple to
    # build (five filtered DISTINCT counts took the ORM longer to compile than the database to run).
    rows = list(User.objects.filter(organization_id=organization_id, is_active=True).values_list("pk", "groups__name"))
    users_by_role = defaultdict(set)
    for user_id, role in rows:
        users_by_role[role].add(user_id)
    counts = {role.name.lower(): len(users_by_role[role.value]) for role in Role}
    counts["total"] = len({user_id for user_id, _ in rows})
    return counts


# --- Who may do what on the people, consent and bank pages -----------------------------------------

# The administrator maintains rosters (people, partners) but does not open the banks or consents;
# the principal sees the banks and consents read-only; the curator runs them.
PEOPLE_EDITORS = (Role.CURATOR, Role.ADMINISTRATOR)
BANK_VIEWERS = (Role.CURATOR, Role.PRINCIPAL)
BANK_EDITORS = (Role.CURATOR,)
MENTEE_CATEGORIES = (
    Person.Category.PUPIL,
    Person.Category.STUDENT,
    Person.Category.TEACHER,
    Person.Category.GRADUATE,
)


def can_edit_people(user: User) -> bool:
    """Create, edit and archive people, representatives and partners."""
    return user.is_authenticated and user.has_role(*PEOPLE_EDITORS)


def can_view_banks(user: User) -> bool:
    """Open the mentor and mentee banks and the consents (with their scans)."""
    return user.is_authenticated and user.has_role(*BANK_VIEWERS)


def can_edit_banks(user: User) -> bool:
    """Change the banks and record or revoke consents."""
    return user.is_authenticated and user.has_role(*BANK_EDITORS)


def page_permissions(user: User) -> dict[str, bool]:
    """What the templates need to know to show or hide buttons and marks."""
    return {
        "can_edit_people": can_edit_people(user),
        "can_view_banks": can_view_banks(user),
        "can_edit_banks": can_edit_banks(user),
        "show_sensitive": can_see_sensitive_marks(user),
    }


# --- Consent state of a person -------------------------------------------------------------------


class ConsentState(models.TextChoices):
    """Whether the personal data of a person may be processed today, and if not, why."""

    VALID = "valid", "действует"
    REVOKED = "revoked", "отозвано"
    EXPIRED = "expired", "истёк срок"
    MISSING = "missing", "нет согласия"


def with_consent_state(queryset: QuerySet, *, person_ref: str = "pk", day: dt.date | None = None) -> QuerySet:
    """Annotate ``consent_state`` (ConsentState) and the latest consent's revocation and end dates.

    Subqueries on the same row, so a list of any length costs one query. ``person_ref`` names the
    person's id in the queryset's model ("pk" for Person, "person_id" for a bank profile).
    """
    day = day or timezone.localdate()
    consents = Consent.objects.filter(person=OuterRef(person_ref))
    latest = consents.filter(signed_on__lte=day).order_by("-signed_on", "-pk")
    queryset = queryset.annotate(
        consent_revoked_on=Subquery(latest.values("revoked_on")[:1]),
        consent_valid_until=Subquery(latest.values("valid_until")[:1]),
    )
    return queryset.annotate(
        consent_state=Case(
            When(Exists(consents.filter(Consent.valid_on_q(day))), then=Value(ConsentState.VALID.value)),
            When(consent_revoked_on__isnull=False, then=Value(ConsentState.REVOKED.value)),
            When(Exists(latest), then=Value(ConsentState.EXPIRED.value)),
            default=Value(ConsentState.MISSING.value),
            output_field=models.CharField(),
        )
    )


# --- People pages --------------------------------------------------------------------------------


def people_list_for(user: User) -> QuerySet[Person]:
    """The people list: the user's people with their consent state, ready for a table or an export."""
    return with_consent_state(people_visible_to(user))


def person_get_for_page(user: User, person_id: int) -> Person:
    """A person with consent state and bank profiles joined, or 404."""
    queryset = with_consent_state(people_visible_to(user)).select_related("mentor_profile", "mentee_profile")
    try:
        return queryset.get(pk=person_id)
    except Person.DoesNotExist:
        raise Http404("Участник не найден") from None


def person_get_editable(user: User, person_id: int) -> Person:
    """A person the user may change (curator, administrator), or 404."""
    if not can_edit_people(user):
        raise Http404("Участник не найден")
    return person_get_visible(user, person_id)


def consents_of(person: Person) -> QuerySet[Consent]:
    """A person's consents, newest first, with who signed them."""
    return person.consents.select_related("signed_by")


def representative_link_get_visible(user: User, link_id: int) -> LegalRepresentative:
    """A representative link between two people the user may edit, or 404."""
    if not can_edit_people(user):
        raise Http404("Связь не найдена")
    try:
        return LegalRepresentative.objects.select_related("minor", "representative").get(
            pk=link_id, minor__organization_id=user.organization_id
        )
    except LegalRepresentative.DoesNotExist:
        raise Http404("Связь не найдена") from None


def representative_candidates(user: User, minor: Person, text: str = "") -> QuerySet[Person]:
    """Adults of the organization not yet linked to the minor: parents first, then others."""
    adult_born_before = years_before(timezone.localdate(), ADULT_AGE)
    queryset = (
        people_visible_to(user)
        .filter(is_archived=False)
        .exclude(category__in=(Person.Category.PUPIL, Person.Category.STUDENT))
        .filter(Q(birth_date__isnull=True) | Q(birth_date__lte=adult_born_before))
        .exclude(pk=minor.pk)
        .exclude(represented__minor=minor)
    )
    if text:
        queryset = person_search(queryset, text)
    parents_first = Case(When(category=Person.Category.PARENT, then=Value(0)), default=Value(1))
    return queryset.order_by(parents_first, "last_name", "first_name", "middle_name")


def partner_get_visible(user: User, partner_id: int) -> PartnerOrganization:
    """A partner organization of the user's organization, or 404."""
    try:
        return partners_visible_to(user).get(pk=partner_id)
    except PartnerOrganization.DoesNotExist:
        raise Http404("Организация-партнёр не найдена") from None


def partner_get_editable(user: User, partner_id: int) -> PartnerOrganization:
    if not can_edit_people(user):
        raise Http404("Организация-партнёр не найдена")
    return partner_get_visible(user, partner_id)


def partner_people(partner: PartnerOrganization) -> QuerySet[Person]:
    """The partner's employees in the roster, with their place in the mentor bank."""
    return with_consent_state(partner.people.filter(is_archived=False).select_related("mentor_profile"))


# --- Consents ------------------------------------------------------------------------------------


def consents_visible_to(user: User) -> QuerySet[Consent]:
    """Consents of the organization's people: curator and principal only."""
    if not can_view_banks(user):
        return Consent.objects.none()
    return Consent.objects.filter(person__organization_id=user.organization_id).select_related("person", "signed_by")


def consent_get_visible(user: User, consent_id: int) -> Consent:
    try:
        return consents_visible_to(user).get(pk=consent_id)
    except Consent.DoesNotExist:
        raise Http404("Согласие не найдено") from None


def people_without_valid_consent(user: User) -> QuerySet[Person]:
    """Active people with no consent valid today, with the reason and their bank membership."""
    if not can_view_banks(user):
        return Person.objects.none()
    queryset = people_visible_to(user).filter(is_archived=False)
    queryset = with_consent_state(queryset).exclude(consent_state=ConsentState.VALID.value)
    return queryset.annotate(
        in_mentor_bank=Exists(MentorProfile.objects.filter(person=OuterRef("pk"))),
        in_mentee_bank=Exists(MenteeProfile.objects.filter(person=OuterRef("pk"))),
    )


@dataclass(frozen=True)
class ClassConsentCoverage:
    """One row of the summary: pupils of a class without a valid consent, out of all of them."""

    school_class: str
    total: int
    without_consent: int
    is_total: bool = False

    @property
    def with_consent(self) -> int:
        return self.total - self.without_consent

    @property
    def percent_without(self) -> int:
        return round(100 * self.without_consent / self.total) if self.total else 0


def consent_coverage_by_class(user: User, day: dt.date | None = None) -> list[ClassConsentCoverage]:
    """Per class, active pupils without a valid consent and all active pupils, in one aggregate query.

    The last row (``is_total``) is the whole school.
    """
    if not can_view_banks(user):
        return []
    valid = Consent.objects.filter(Consent.valid_on_q(day or timezone.localdate()), person=OuterRef("pk"))
    rows = (
        Person.objects.filter(organization_id=user.organization_id, is_archived=False, category=Person.Category.PUPIL)
        .values("school_class")
        .annotate(total=Count("pk"), without_consent=Count("pk", filter=~Exists(valid)))
        .order_by()
    )
    coverage = [ClassConsentCoverage(row["school_class"], row["total"], row["without_consent"]) for row in rows]
    coverage.sort(key=lambda row: (class_grade(row.school_class) or 0, row.school_class))
    if coverage:
        coverage.append(
            ClassConsentCoverage(
                "",
                sum(row.total for row in coverage),
                sum(row.without_consent for row in coverage),
                is_total=True,
            )
        )
    return coverage


# --- Mentor bank ---------------------------------------------------------------------------------


def mentor_profiles_visible_to(user: User) -> QuerySet[MentorProfile]:
    """The organization's mentor bank: curator and principal only."""
    if not can_view_banks(user):
        return MentorProfile.objects.none()
    return MentorProfile.objects.filter(person__organization_id=user.organization_id)


def mentor_list_for(user: User) -> QuerySet[MentorProfile]:
    """The mentor bank list: active people, their forms, training hours and consent state in a fixed number of queries."""
    training_hours = (
        MentorTraining.objects.filter(profile=OuterRef("pk"))
        .order_by()
        .values("profile")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    queryset = (
        mentor_profiles_visible_to(user)
        .filter(person__is_archived=False)
        .select_related("person", "person__partner")
        .prefetch_related("forms")
        .annotate(training_hours=Subquery(training_hours))
        .order_by("person__last_name", "person__first_name", "person__middle_name")
    )
    return with_consent_state(queryset, person_ref="person_id")


def mentor_profile_get_visible(user: User, profile_id: int) -> MentorProfile:
    """One mentor of the bank with the person's consent state, or 404."""
    queryset = with_consent_state(
        mentor_profiles_visible_to(user).select_related("person", "person__partner"), person_ref="person_id"
    )
    try:
        return queryset.get(pk=profile_id)
    except MentorProfile.DoesNotExist:
        raise Http404("Наставник не найден") from None


def mentor_criteria_checklist(profile: MentorProfile) -> list[tuple[str, bool]]:
    """The six selection criteria (seed 000, stage 2) with whether the mentor meets each."""
    return [
        (MentorProfile._meta.get_field(name).verbose_name, getattr(profile, name)) for name in MentorProfile.CRITERIA
    ]


def mentor_candidates(user: User, text: str = "") -> QuerySet[Person]:
    """People who may be put into the mentor bank and are not in it yet."""
    queryset = people_visible_to(user).filter(
        is_archived=False, category__in=MENTOR_CATEGORIES, mentor_profile__isnull=True
    )
    return person_search(queryset, text) if text else queryset


# --- Mentee bank ---------------------------------------------------------------------------------


def mentee_profiles_visible_to(user: User) -> QuerySet[MenteeProfile]:
    """The organization's mentee bank: curator and principal only."""
    if not can_view_banks(user):
        return MenteeProfile.objects.none()
    return MenteeProfile.objects.filter(person__organization_id=user.organization_id)


def mentee_list_for(user: User) -> QuerySet[MenteeProfile]:
    """The mentee bank list with requests prefetched and the consent state annotated."""
    queryset = (
        mentee_profiles_visible_to(user)
        .filter(person__is_archived=False)
        .select_related("person")
        .prefetch_related("requests")
        .order_by("person__last_name", "person__first_name", "person__middle_name")
    )
    return with_consent_state(queryset, person_ref="person_id")


def mentee_profile_get_visible(user: User, profile_id: int) -> MenteeProfile:
    """One mentee of the bank with the person's consent state, or 404."""
    queryset = with_consent_state(mentee_profiles_visible_to(user).select_related("person"), person_ref="person_id")
    try:
        return queryset.get(pk=profile_id)
    except MenteeProfile.DoesNotExist:
        raise Http404("Наставляемый не найден") from None


def mentee_candidates(user: User, text: str = "") -> QuerySet[Person]:
    """People who may be put into the mentee bank and are not in it yet."""
    queryset = people_visible_to(user).filter(
        is_archived=False, category__in=MENTEE_CATEGORIES, mentee_profile__isnull=True
    )
    return person_search(queryset, text) if text else queryset


# --- Person page, representatives, scans -----------------------------------------------------------

SCAN_CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def person_page_actions(user: User, person: Person) -> dict[str, bool]:
    """Which "next step" buttons a person's page offers this user."""
    editable = can_edit_people(user)
    bank_editor = can_edit_banks(user) and not person.is_archived
    return {
        "can_link_representative": editable and not person.is_archived and person.is_minor(),
        "can_add_to_mentor_bank": bank_editor
        and person.category in MENTOR_CATEGORIES
        and not hasattr(person, "mentor_profile"),
        "can_add_to_mentee_bank": bank_editor
        and person.category in MENTEE_CATEGORIES
        and not hasattr(person, "mentee_profile"),
    }


def representative_people_of(person: Person) -> QuerySet[Person]:
    """The people linked as the person's legal representatives: who may sign his consent."""
    return Person.objects.filter(represented__minor=person).order_by("last_name", "first_name")


def consent_scan_open(consent: Consent):
    """The consent's scan opened for reading and its real type by content; 404 when there is none."""
    if not consent.scan:
        raise Http404("Скан не загружен")
    scan = consent.scan.open("rb")
    head = scan.read(16)
    scan.seek(0)
    kind = next((kind for signature, kind in SCAN_SIGNATURES.items() if head.startswith(signature)), "bin")
    return scan, kind
