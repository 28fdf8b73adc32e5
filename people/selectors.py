"""Everything that reads people for a page, already scoped to what the user may see."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentorship.academic_year import years_before
from people.models import YOUNG_SPECIALIST_YEARS, LegalRepresentative, PartnerOrganization, Person, User
from people.roles import Role

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


def person_search(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Each word must occur somewhere in the full name, ignoring case and ё/е."""
    for word in text.lower().replace("ё", "е").split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def partners_visible_to(user: User) -> QuerySet[PartnerOrganization]:
    """Partner organizations of the user's organization, with their people counted."""
    if not user.is_authenticated or not user.has_role(*STAFF_ROLES):
        return PartnerOrganization.objects.none()
    return PartnerOrganization.objects.filter(organization_id=user.organization_id).annotate(
        people_count=Count("people", filter=Q(people__is_archived=False))
    )


def representatives_of(person: Person) -> QuerySet[LegalRepresentative]:
    return person.representatives.select_related("representative")


def represented_by(person: Person) -> QuerySet[LegalRepresentative]:
    return person.represented.select_related("minor")


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
    users = User.objects.filter(organization_id=organization_id, is_active=True)
    counts = {role.name.lower(): Count("pk", filter=Q(groups__name=role.value), distinct=True) for role in Role}
    counts["total"] = Count("pk", distinct=True)
    return users.aggregate(**counts)
