"""Organizations, user accounts and the people a school's mentoring program works with."""

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Concat, Lower, Replace
from django.urls import reverse
from django.utils import timezone

from mentorship.academic_year import age_on
from people.roles import Role

ADULT_AGE = 18
YOUNG_SPECIALIST_YEARS = 3

inn_validator = RegexValidator(r"^(\d{10}|\d{12})$", "ИНН состоит из 10 цифр (организация) или 12 (ИП).")
ogrn_validator = RegexValidator(r"^(\d{13}|\d{15})$", "ОГРН состоит из 13 цифр (ОГРНИП — из 15).")


class Organization(models.Model):
    """An educational organization (образовательная организация); every record belongs to one."""

    class Kind(models.TextChoices):
        GENERAL = "general", "общеобразовательная"
        VOCATIONAL = "vocational", "профессиональная (СПО)"
        ADDITIONAL = "additional", "дополнительного образования"

    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    kind = models.CharField("тип организации", max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    address = models.CharField("адрес", max_length=500, blank=True)
    locality = models.CharField(
        "населённый пункт", max_length=200, blank=True, help_text="Место издания приказов, например «г. Хабаровск»."
    )
    head_full_name = models.CharField("ФИО руководителя", max_length=300)
    head_position = models.CharField("должность руководителя", max_length=200, default="Директор")
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[inn_validator])
    ogrn = models.CharField("ОГРН", max_length=15, blank=True, validators=[ogrn_validator])
    logo = models.ImageField("логотип", upload_to="logos/", blank=True)

    class Meta:
        verbose_name = "образовательная организация"
        verbose_name_plural = "образовательные организации"
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class User(AbstractUser):
    """An account; its roles are its groups, its data scope is its organization."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    person = models.OneToOneField(
        "people.Person",
        verbose_name="участник",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> frozenset[str]:
        """The names of the user's role groups, read once per request-lived instance."""
        if not hasattr(self, "_role_names"):
            if not self.is_active or self.pk is None:
                self._role_names = frozenset()
            else:
                self._role_names = frozenset(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, *roles: Role) -> bool:
        """True when the user holds any of the given roles and belongs to an organization."""
        return self.organization_id is not None and any(role in self.role_names for role in roles)

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if role in self.role_names and self.organization_id is not None]


class PartnerOrganization(models.Model):
    """An enterprise or social partner that supplies mentors under an agreement."""

    organization = models.ForeignKey(
        Organization, verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField("наименование", max_length=500)
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[inn_validator])
    agreement_number = models.CharField("номер договора", max_length=50, blank=True)
    agreement_date = models.DateField("дата договора", null=True, blank=True)
    agreement_end_date = models.DateField("договор действует до", null=True, blank=True)
    agreement_subject = models.CharField("предмет договора", max_length=500, blank=True)
    contact_name = models.CharField("контактное лицо", max_length=300, blank=True)
    contact_phone = models.CharField("телефон контактного лица", max_length=50, blank=True)
    contact_email = models.EmailField("e-mail контактного лица", blank=True)

    class Meta:
        verbose_name = "организация-партнёр"
        verbose_name_plural = "организации-партнёры"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "inn"],
                condition=~models.Q(inn=""),
                name="partner_unique_inn_per_organization",
                violation_error_message="Партнёр с таким ИНН уже есть.",
            )
        ]

    def __str__(self):
        return self.name

    def agreement_in_force(self, day: dt.date) -> bool:
        """An agreement is in force from its date to its end date (open-ended if none)."""
        if not self.agreement_date:
            return False
        return self.agreement_date <= day and (self.agreement_end_date is None or day <= self.agreement_end_date)


class Person(models.Model):
    """A participant or a would-be participant: pupil, teacher, parent, partner's employee..."""

    class Sex(models.TextChoices):
        MALE = "M", "мужской"
        FEMALE = "F", "женский"

    class Category(models.TextChoices):
        PUPIL = "pupil", "обучающийся"
        STUDENT = "student", "студент"
        TEACHER = "teacher", "педагог"
        PARENT = "parent", "родитель (законный представитель)"
        EMPLOYER = "employer", "представитель предприятия"
        PARTNER = "partner", "социальный партнёр"
        GRADUATE = "graduate", "выпускник"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="people"
    )
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    sex = models.CharField("пол", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    category = models.CharField("категория", max_length=20, choices=Category.choices)
    school_class = models.CharField("класс / группа", max_length=20, blank=True, db_index=True)
    # Sensitive marks: shown to the curator and the principal only (see people.access).
    is_gifted = models.BooleanField("одарённый / высокомотивированный", default=False)
    has_disability = models.BooleanField("ОВЗ", default=False)
    is_at_risk = models.BooleanField("группа риска", default=False)
    position = models.CharField("должность", max_length=200, blank=True)
    teaching_since = models.DateField("начало педагогического стажа", null=True, blank=True)
    partner = models.ForeignKey(
        PartnerOrganization,
        verbose_name="организация-партнёр",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("e-mail", blank=True)
    external_id = models.CharField("внешний идентификатор", max_length=100, blank=True)
    is_archived = models.BooleanField("в архиве", default=False)
    archived_at = models.DateTimeField("перемещён в архив", null=True, blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    # Lower-case full name with ё folded into е, so search ignores both case and ё.
    search_name = models.GeneratedField(
        expression=Replace(
            Lower(Concat("last_name", models.Value(" "), "first_name", models.Value(" "), "middle_name")),
            models.Value("ё"),
            models.Value("е"),
        ),
        output_field=models.CharField(max_length=310),
        db_persist=True,
    )

    class Meta:
        verbose_name = "участник"
        verbose_name_plural = "участники"
        ordering = ["last_name", "first_name", "middle_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~models.Q(external_id=""),
                name="person_unique_external_id_per_organization",
                violation_error_message="Участник с таким внешним идентификатором уже есть.",
            )
        ]
        indexes = [models.Index(fields=["organization", "category", "is_archived"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("people:person-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        """«Иванова М. П.» — the form office documents use."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        initials = initials.replace(".", ". ").strip()
        return f"{self.last_name} {initials}".strip()

    def age(self, on: dt.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, on or timezone.localdate())

    def is_minor(self, on: dt.date | None = None) -> bool:
        """Under 18; a person with no birth date counts as a minor only if a pupil."""
        age = self.age(on)
        if age is None:
            return self.category == self.Category.PUPIL
        return age < ADULT_AGE

    def is_young_specialist(self, on: dt.date | None = None) -> bool:
        """A teacher with less than three years of pedagogical experience."""
        if self.category != self.Category.TEACHER or self.teaching_since is None:
            return False
        return age_on(self.teaching_since, on or timezone.localdate()) < YOUNG_SPECIALIST_YEARS

    @property
    def description(self) -> str:
        """Class for learners, position for staff: what a list or a document shows beside the name."""
        if self.category in (self.Category.PUPIL, self.Category.STUDENT) and self.school_class:
            return f"{self.school_class} класс" if self.category == self.Category.PUPIL else self.school_class
        return self.position or self.get_category_display()


class LegalRepresentative(models.Model):
    """A parent or guardian of a minor (законный представитель)."""

    class Relation(models.TextChoices):
        MOTHER = "mother", "мать"
        FATHER = "father", "отец"
        GUARDIAN = "guardian", "опекун"
        TRUSTEE = "trustee", "попечитель"
        FOSTER = "foster", "приёмный родитель"
        OTHER = "other", "иной законный представитель"

    minor = models.ForeignKey(
        Person, verbose_name="несовершеннолетний", on_delete=models.CASCADE, related_name="representatives"
    )
    representative = models.ForeignKey(
        Person, verbose_name="законный представитель", on_delete=models.PROTECT, related_name="represented"
    )
    relation = models.CharField("кем приходится", max_length=20, choices=Relation.choices)
    authority_document = models.CharField(
        "документ, подтверждающий полномочия",
        max_length=300,
        blank=True,
        help_text="Для опекуна или попечителя — реквизиты акта о назначении.",
    )

    class Meta:
        verbose_name = "законный представитель"
        verbose_name_plural = "законные представители"
        constraints = [
            models.UniqueConstraint(fields=["minor", "representative"], name="representative_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(minor=models.F("representative")),
                name="representative_not_self",
                violation_error_message="Человек не может быть законным представителем самого себя.",
            ),
        ]

    def __str__(self):
        return f"{self.representative} — {self.get_relation_display()} ({self.minor})"


__all__ = ["Organization", "User", "PartnerOrganization", "Person", "LegalRepresentative", "Role"]
